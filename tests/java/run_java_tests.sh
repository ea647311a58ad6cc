#!/usr/bin/env bash
# Builds the Java binding (bindings/java) and its tests with plain javac/jar against Debian's JNA, then
# runs the tests and the example against the library of this build. Run by ctest (label "java").
#   run_java_tests.sh SOURCE_DIR OUT_DIR LIBCIVISCORE
# Environment: CIVISCORE_CLI = the civiscore executable (the tests compare with its JSON output).
set -euo pipefail
src="$1"
out="$2"
lib="$3"
jna="${CIVISCORE_JNA_JAR:-/usr/share/java/jna.jar}"
[[ -f "${jna}" ]] || { echo "JNA not found at ${jna} (Debian: apt-get install libjna-java)" >&2; exit 1; }

rm -rf "${out}"
mkdir -p "${out}/classes" "${out}/test-classes" "${out}/example-classes"
javac -encoding UTF-8 -Xlint:all -Werror -d "${out}/classes" -cp "${jna}" \
    $(find "${src}/bindings/java/src/main/java" -name '*.java')
jar --create --file "${out}/civiscore.jar" -C "${out}/classes" .
# The tests live in the binding's package to reach its package-private constants.
javac -encoding UTF-8 -Xlint:all -Werror -d "${out}/test-classes" -cp "${jna}:${out}/civiscore.jar" \
    $(find "${src}/tests/java" -name '*.java')
javac -encoding UTF-8 -Xlint:all -Werror -d "${out}/example-classes" -cp "${jna}:${out}/civiscore.jar" \
    "${src}/bindings/java/examples/ScoreSanshe.java"

# An ASCII platform charset: Chinese must survive because the binding encodes UTF-8 itself, not
# because the JVM happens to default to UTF-8.
export LC_ALL=C.UTF-8  # file names stay UTF-8 (sun.jnu.encoding); the default charset is forced below
java_opts=(-Dfile.encoding=US-ASCII -Dciviscore.library="${lib}")
java "${java_opts[@]}" -cp "${jna}:${out}/civiscore.jar:${out}/test-classes" org.civiscore.BindingTest "${src}"

# The example, found through jna.library.path as a service would do it.
java -Djna.library.path="$(dirname "${lib}")" -cp "${jna}:${out}/civiscore.jar:${out}/example-classes" \
    ScoreSanshe "${src}/examples/sanshe/model.json" "${src}/examples/sanshe/communities.csv" > "${out}/example.txt"
head -n 5 "${out}/example.txt"
grep -q '优秀' "${out}/example.txt" || { echo "example: no 优秀 in its output" >&2; exit 1; }
