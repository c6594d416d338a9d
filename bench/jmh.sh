#!/usr/bin/env bash
# Runs the JMH benchmarks of the hot paths (exposition writing, the sample ring) and prints JMH's
# result table. Builds jouleflow-benchmarks/target/benchmarks.jar first when it is missing or older
# than the sources.
#
#   bench/jmh.sh                      # every benchmark
#   bench/jmh.sh ExpositionWriter     # those matching a regex
#   bench/jmh.sh SampleRing -prof gc  # a regex, then any JMH options (-h lists them)
#   bench/jmh.sh -jvmArgsAppend -XX:TieredStopAtLevel=1   # options only: C1, as bin/jouleflow runs
#
# MAVEN_ARGS=-o builds offline. The annotations keep a run short: 1 fork, 3 × 1 s warm-up,
# 5 × 1 s measurement per benchmark (about 40 s in all).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

jar="$root/jouleflow-benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path '*/src/*' -name '*.java' -newer "$jar" -print -quit 2>/dev/null)" ] \
    || [ -n "$(find "$root" -name pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "jmh.sh: building $jar" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
      -pl jouleflow-benchmarks -am package) >&2
fi

args=()
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  args+=("$1")   # a regex over benchmark names
  shift
fi
exec "$JAVA" -jar "$jar" "${args[@]}" "$@"
