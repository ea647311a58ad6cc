#!/usr/bin/env bash
# Usage: abidiff.sh LIB [BASELINE]        compare LIB with the ABI of the last release
#        abidiff.sh --update LIB [BASELINE] write BASELINE from LIB (at a release tag only)
#
# BASELINE (default abi/libciviscore-0.1.0.abi) is the abidw dump of the library of the last
# tagged release (v0.1.0). abidiff prints every change of the exported C ABI, so each change shows
# its ABI effect in review. Added functions are compatible and only reported; a removed function,
# or a changed symbol, is an incompatible change and fails (exit 1) — that needs a new major version (SONAME) instead.
# Needs abidw/abidiff (Debian package abigail-tools).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
update=0
if [[ "${1:-}" == "--update" ]]; then
    update=1
    shift
fi
lib="${1:?usage: abidiff.sh [--update] LIB [BASELINE]}"
baseline="${2:-${root}/abi/libciviscore-0.1.0.abi}"
[[ -f "${lib}" ]] || { echo "abidiff: no such library: ${lib}" >&2; exit 2; }
command -v abidiff >/dev/null || { echo "abidiff: abigail-tools is not installed" >&2; exit 2; }

# Compare exported symbols only: a dump with the debug information of the static engine is 14 MB
# and takes minutes, so both sides are stripped of it (objcopy --strip-debug) first.
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
objcopy --strip-debug "${lib}" "${tmp}/libciviscore.so"
lib="${tmp}/libciviscore.so"

if [[ ${update} -eq 1 ]]; then
    abidw --no-corpus-path --out-file "${baseline}" "${lib}"
    echo "abidiff: wrote ${baseline}"
    exit 0
fi
[[ -f "${baseline}" ]] || { echo "abidiff: no baseline ${baseline}" >&2; exit 2; }

rc=0
abidiff --no-added-syms "${baseline}" "${lib}" || rc=$?
# abidiff's exit status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if (( rc & 3 )); then
    echo "abidiff: abidiff failed (status ${rc})" >&2
    exit 2
fi
if (( rc & 8 )); then
    echo "abidiff: INCOMPATIBLE ABI change against ${baseline##*/} (see above)" >&2
    exit 1
fi
# Added functions: list them (compatible, but they become ABI we keep).
abidiff "${baseline}" "${lib}" | grep -E "^  \[A\]" || true
echo "abidiff: compatible with ${baseline##*/}"
