#!/usr/bin/env bash
# Usage: check_exports.sh LIB [EXPORTS] [HEADER]
#
# The shared library must export exactly the functions that civiscore.h declares, as listed in
# abi/exports.txt: a missing symbol breaks callers, an extra one (a leaked C++ symbol, a new function
# nobody reviewed) becomes ABI we must keep forever. So the check is an exact, three-way comparison:
#   header declarations == abi/exports.txt == defined dynamic symbols of LIB.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
lib="${1:?usage: check_exports.sh LIB [EXPORTS] [HEADER]}"
exports="${2:-${root}/abi/exports.txt}"
header="${3:-${root}/include/civiscore.h}"

for f in "${lib}" "${exports}" "${header}"; do
    [[ -f "${f}" ]] || { echo "check_exports: no such file: ${f}" >&2; exit 2; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
export LC_ALL=C

# Every function the header declares: each declaration starts with CIVISCORE_API and names the
# function on that same line.
grep -E '^CIVISCORE_API ' "${header}" \
    | grep -oE '\bciviscore_[A-Za-z0-9_]+[[:space:]]*\(' \
    | tr -d '( \t' | sort -u > "${tmp}/header"

# Defined dynamic symbols. Type A is the version node itself (CIVISCORE_0), not a symbol of ours;
# "@@CIVISCORE_0" / "@CIVISCORE_0" suffixes are the version script's tags.
nm -D --defined-only "${lib}" \
    | awk 'NF >= 3 && $2 != "A" { print $3 }' \
    | sed -E 's/@.*$//' | sort -u > "${tmp}/library"

sort -u "${exports}" | grep -v '^[[:space:]]*$' > "${tmp}/exports" || true

status=0
if ! diff -u --label "abi/exports.txt" --label "include/civiscore.h" \
        "${tmp}/exports" "${tmp}/header"; then
    echo "check_exports: abi/exports.txt does not match the functions declared in civiscore.h" >&2
    status=1
fi
if ! diff -u --label "abi/exports.txt" --label "$(basename "${lib}") (nm -D)" \
        "${tmp}/exports" "${tmp}/library"; then
    echo "check_exports: the library's exported symbols differ from abi/exports.txt" \
         "('+' lines are exported but not listed, '-' lines are listed but not exported)" >&2
    status=1
fi
if [[ ! -s "${tmp}/library" ]]; then
    echo "check_exports: ${lib} exports no symbols at all" >&2
    status=1
fi
if [[ ${status} -eq 0 ]]; then
    echo "check_exports: $(wc -l < "${tmp}/library") symbols, all declared in civiscore.h and listed in abi/exports.txt"
fi
exit ${status}
