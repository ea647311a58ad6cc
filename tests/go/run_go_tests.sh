#!/usr/bin/env bash
# Builds and tests the Go binding (bindings/go) against the library of this build, offline, then runs
# its example. Run by ctest (label "go").
#   run_go_tests.sh SOURCE_DIR OUT_DIR LIBCIVISCORE
# Environment: CIVISCORE_CLI = the civiscore executable (the tests compare with its JSON output).
set -euo pipefail
src="$1"
out="$2"
lib="$3"
libdir="$(cd "$(dirname "${lib}")" && pwd)"
command -v go >/dev/null || { echo "go not found (Debian: apt-get install golang-go)" >&2; exit 1; }

# A civiscore.pc for the build tree, so `#cgo pkg-config: civiscore` works exactly as it does against
# an installed prefix; the rpath lets the test binary find libciviscore.so.0 without LD_LIBRARY_PATH.
version="$(sed -nE 's/^#define CIVISCORE_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' \
    "${src}/include/civiscore.h" | paste -sd.)"
mkdir -p "${out}/pkgconfig"
cat > "${out}/pkgconfig/civiscore.pc" <<PC
libdir=${libdir}
includedir=${src}/include

Name: civiscore
Description: civiscore (build tree)
Version: ${version}
Libs: -L\${libdir} -Wl,-rpath,\${libdir} -lciviscore
Cflags: -I\${includedir}
PC

# Offline and self-contained: the module has no dependencies; caches live in the build dir.
export PKG_CONFIG_PATH="${out}/pkgconfig"
export GOPATH="${out}/gopath" GOCACHE="${out}/gocache" GOMODCACHE="${out}/gopath/pkg/mod"
export GOPROXY=off GOFLAGS= GO111MODULE=on CGO_ENABLED=1 GOTELEMETRY=off
export CIVISCORE_SOURCE_DIR="${src}"

cd "${src}/bindings/go"
unformatted="$(gofmt -l .)"
[[ -z "${unformatted}" ]] || { echo "not gofmt-formatted: ${unformatted}" >&2; exit 1; }
go vet ./...
go test -count=1 -v ./... 2>&1 | tee "${out}/go-test.log" | grep -E '^(=== RUN|--- |ok|FAIL|PASS)|_test.go' || true
grep -qE '^ok[[:space:]]+civiscore' "${out}/go-test.log" || { cat "${out}/go-test.log"; exit 1; }
! grep -q -- '--- FAIL' "${out}/go-test.log" || exit 1

go build -o "${out}/example" ./example
"${out}/example" "${src}/examples/sanshe/model.json" "${src}/examples/sanshe/communities.csv" > "${out}/example.txt"
head -n 5 "${out}/example.txt"
grep -q '优秀' "${out}/example.txt" || { echo "example: no 优秀 in its output" >&2; exit 1; }
