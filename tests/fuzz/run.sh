#!/usr/bin/env bash
# Runs one libFuzzer target for a set time:  tests/fuzz/run.sh TARGET SECONDS [BUILD_DIR]
#   TARGET     model | csv | fitted | scoring
#   SECONDS    -max_total_time
#   BUILD_DIR  a build configured for fuzzing (default build-fuzz; configured and built if missing):
#                CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug \
#                  -DCIVISCORE_FUZZ=ON -DCIVISCORE_INSTALL=OFF \
#                  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
#                  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
#                with flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g -O1"
# The seed corpus tests/fuzz/corpus/TARGET is copied to a scratch corpus (FUZZ_WORK, default
# /tmp/civiscore-fuzz/TARGET) so the inputs libFuzzer adds do not flood the source tree; crashes go
# to FUZZ_WORK/artifacts/. A crash becomes tests/fuzz/corpus/TARGET/crash-<what> plus a fix.
# One process (no -jobs: libFuzzer would move the output to fuzz-N.log). Extra libFuzzer flags can follow in FUZZ_FLAGS. Exit status is libFuzzer's (0 = no finding).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
target="${1:?usage: run.sh TARGET SECONDS [BUILD_DIR]}"
seconds="${2:?usage: run.sh TARGET SECONDS [BUILD_DIR]}"
build="${3:-${root}/build-fuzz}"
case "${target}" in model|csv|fitted|scoring) ;; *) echo "run.sh: unknown target '${target}'" >&2; exit 2 ;; esac

if [[ ! -x "${build}/bin/fuzz_${target}" ]]; then
    flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
    CC=clang-14 CXX=clang++-14 cmake -S "${root}" -B "${build}" -DCMAKE_BUILD_TYPE=Debug \
        -DCIVISCORE_FUZZ=ON -DCIVISCORE_INSTALL=OFF \
        -DCMAKE_C_FLAGS="${flags}" -DCMAKE_CXX_FLAGS="${flags}" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
        -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
    cmake --build "${build}" -j2 --target "fuzz_${target}"
fi

work="${FUZZ_WORK:-/tmp/civiscore-fuzz/${target}}"
mkdir -p "${work}/corpus" "${work}/artifacts"
cp -n "${here}/corpus/${target}"/* "${work}/corpus/" 2>/dev/null || true

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# shellcheck disable=SC2086
exec "${build}/bin/fuzz_${target}" -max_total_time="${seconds}" \
    -rss_limit_mb=2048 -timeout=25 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="${work}/artifacts/" ${FUZZ_FLAGS:-} "${work}/corpus"
