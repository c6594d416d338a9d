#!/usr/bin/env bash
# Start-up of the installed package: `jouleflow measure -- true` wall and CPU time (user+sys) with
# the package's AOT cache and without it (JOULEFLOW_AOT=off), RUNS runs each, interleaved. The
# package jouleflow-dist/target/jouleflow.deb is built when missing or older than the sources, then
# unpacked with dpkg-deb -x into a temporary root, so the launcher, the jlink runtime and the cache
# are the installed ones (at another path: the cache still applies, see the README's systemd part).
#
#   bench/startup-bench.sh
#   RUNS=50 bench/startup-bench.sh
#
# Environment: RUNS (20), WARMUP (3 runs of each, not counted), MAVEN_ARGS.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"
RUNS="${RUNS:-20}"
WARMUP="${WARMUP:-3}"
deb="$root/jouleflow-dist/target/jouleflow.deb"

if [ ! -f "$deb" ] || [ -n "$(find "$root" -path '*/src/main/*' -newer "$deb" -print -quit)" ] \
    || [ -n "$(find "$root" -name pom.xml -newer "$deb" -print -quit)" ] \
    || [ "$root/bin/jouleflow" -nt "$deb" ]; then
  echo "startup-bench: building $deb" >&2
  # shellcheck disable=SC2086  # MAVEN_ARGS may hold several words
  (cd "$root" && ./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -Dspotless.check.skip=true \
      -Djacoco.skip=true -pl jouleflow-dist -am package) >&2
fi

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
dpkg-deb -x "$deb" "$dir/root"
launcher="$dir/root/usr/bin/jouleflow"
cd "$dir"

TIMEFORMAT='%R %U %S'
one() { # appends "wall user sys" of one run to $dir/$1
  { time JOULEFLOW_AOT="$1" "$launcher" measure -- true >/dev/null 2>&1; } 2>>"$dir/$1"
}
for _ in $(seq "$WARMUP"); do one on; one off; done
rm -f "$dir/on" "$dir/off"
for _ in $(seq "$RUNS"); do one on; one off; done

summary() { # mean and median wall, mean CPU, of the runs in $dir/$1
  sort -n "$dir/$1" | awk -v label="$2" '
    { wall[NR] = $1; sum += $1; cpu += $2 + $3 }
    END { median = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
          printf "%-28s wall mean %.3f s  median %.3f s  min %.3f s   CPU mean %.3f s\n",
                 label, sum / NR, median, wall[1], cpu / NR }'
}
echo "jouleflow measure -- true, installed package, $RUNS runs each ($(nproc) CPUs, $(uname -r))"
summary on "with the AOT cache"
summary off "without (JOULEFLOW_AOT=off)"
