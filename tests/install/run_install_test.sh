#!/usr/bin/env bash
# Usage: run_install_test.sh BUILD_DIR
#
# Installs BUILD_DIR into a fresh staging prefix, then builds and runs two consumers against that
# prefix only: a C program through pkg-config (c_consumer/) and a C++17 program through
# find_package(civiscore) (cpp_consumer/). Both check hand-computed totals (data/README.md).
# The staging prefix is a path the build never knew, so this also proves the package is relocatable.
set -euo pipefail

build_dir="$(cd "${1:?usage: run_install_test.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/civiscore-install.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
prefix="${work}/staging prefix"   # a space in the path catches unquoted uses

echo "== install ${build_dir} -> ${prefix}"
cmake --install "${build_dir}" --prefix "${prefix}" > "${work}/install.log"

# Where GNUInstallDirs put the library (lib, or lib/<multiarch> for a /usr prefix).
pc_file="$(find "${prefix}" -name civiscore.pc -print -quit)"
[[ -n "${pc_file}" ]] || { echo "no civiscore.pc installed" >&2; cat "${work}/install.log" >&2; exit 1; }
libdir="$(dirname "$(dirname "${pc_file}")")"

fail() { echo "install test: $*" >&2; exit 1; }
[[ -f "${prefix}/include/civiscore.h" ]] || fail "include/civiscore.h not installed"
[[ -f "${prefix}/include/civiscore.hpp" ]] || fail "include/civiscore.hpp not installed"
[[ -f "${libdir}/cmake/civiscore/civiscoreConfig.cmake" ]] || fail "civiscoreConfig.cmake not installed"
[[ -f "${libdir}/cmake/civiscore/civiscoreConfigVersion.cmake" ]] || fail "ConfigVersion not installed"
# The SONAME chain: libciviscore.so -> libciviscore.so.MAJOR -> libciviscore.so.X.Y.Z
[[ -L "${libdir}/libciviscore.so" ]] || fail "libciviscore.so (dev symlink) missing"
soname="$(objdump -p "${libdir}/libciviscore.so" | awk '$1 == "SONAME" { print $2 }')"
[[ "${soname}" =~ ^libciviscore\.so\.[0-9]+$ ]] || fail "unexpected SONAME '${soname}'"
[[ -L "${libdir}/${soname}" ]] || fail "${soname} symlink missing"
[[ -f "$(readlink -f "${libdir}/${soname}")" ]] || fail "${soname} points nowhere"
# No internal header of the C++ engine leaks into the install.
[[ ! -e "${prefix}/include/civiscore/" ]] || fail "internal headers installed under include/civiscore/"

export PKG_CONFIG_PATH="${libdir}/pkgconfig"
export LD_LIBRARY_PATH="${libdir}${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}"
# The .pc file must resolve to the staging prefix, wherever that is.
# (pkgconf escapes spaces in paths as "\ ", the way a shell would read them.)
pc_includedir="$(pkg-config --variable=includedir civiscore)"
pc_includedir="${pc_includedir//\\ / }"
[[ "$(cd "${pc_includedir}" && pwd)" == "$(cd "${prefix}/include" && pwd)" ]] \
    || fail "pkg-config includedir '${pc_includedir}' is not ${prefix}/include"
[[ "$(pkg-config --modversion civiscore)" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "bad pkg-config version"

echo "== c_consumer (pkg-config $(pkg-config --modversion civiscore))"
mkdir -p "${work}/c"
make --no-print-directory -C "${here}/c_consumer" OUT="${work}/c"
"${work}/c/c_consumer" "${here}/data/model.json" "${here}/data/units.csv"

echo "== cpp_consumer (find_package)"
cmake -S "${here}/cpp_consumer" -B "${work}/cpp" -DCMAKE_PREFIX_PATH="${prefix}" \
      -DCMAKE_BUILD_TYPE=Release > "${work}/cpp-configure.log" \
    || { cat "${work}/cpp-configure.log" >&2; fail "cpp_consumer configure failed"; }
cmake --build "${work}/cpp"
"${work}/cpp/cpp_consumer" "${here}/data/model.json" "${here}/data/units.csv"

if [[ -e "${prefix}/bin/civiscore" ]]; then
    echo "== installed CLI"
    "${prefix}/bin/civiscore" score --model "${here}/data/model.json" \
        --data "${here}/data/units.csv" --format csv > "${work}/cli.csv"
    grep -q 'east' "${work}/cli.csv" && grep -q '56\.25' "${work}/cli.csv" \
        || { cat "${work}/cli.csv" >&2; fail "CLI output lacks unit east and its total 56.25"; }
fi

echo "install test: ok"
