#!/usr/bin/env bash
# What the live page costs: the agent's CPU time (utime + stime from /proc) over DURATION seconds
# (default 60) with nobody watching, then with VIEWERS (default 1) browsers' streams open
# (curl on /api/live, which is what a browser tab holds). With BASELINE_JAR set (e.g. a jar built
# from a commit before the live page), that jar's idle figure comes first, for comparison.
# Agents run through bin/jouleflow (its JVM flags) against a fake 2-package powercap tree (6
# series) driven at 1 kHz, sampling every 100 ms, no scraper. Prints one line per run.
set -euo pipefail
name=live-cost
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"
DURATION="${DURATION:-60}"
VIEWERS="${VIEWERS:-1}"
jar="${JOULEFLOW_JAR:-$root/jouleflow-agent/target/jouleflow.jar}"
classes="$root/jouleflow-agent/target/test-classes"
[ -f "$jar" ] && [ -d "$classes" ] || { echo "$name: build first (./mvnw -B package -DskipTests)" >&2; exit 1; }

dir="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
"$JAVA" -XX:+UseSerialGC -Xmx32m -cp "$classes" io.jouleflow.agent.fixture.FakePowercapDriver \
    "$dir/sys" 1000 50 >"$dir/fake.log" 2>&1 &
pids+=($!)
wait_for() { # what, then a command that succeeds when it is there: 60 s at most
  local what=$1 i
  shift
  for ((i = 0; i < 300; i++)); do "$@" && return 0; sleep 0.2; done
  echo "$name: no $what after 60 s" >&2
  exit 1
}
wait_for "fake powercap tree" grep -qs 'fake powercap under' "$dir/fake.log"

viewer() { # a browser tab: a stream ends after 60 s and the browser opens the next one
  local curl=
  trap 'kill $curl 2>/dev/null || true; exit 0' TERM
  while :; do
    curl -sN "$1" >/dev/null 2>&1 &
    curl=$!
    wait "$curl" || true
    sleep 1
  done
}

cpu_ms() { # utime + stime of a process, in ms
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"
}

run() { # label jar viewers
  local port=$((20000 + RANDOM % 20000)) agent i before after
  JOULEFLOW_JAR="$2" SYSFS_PATH="$dir/sys" SENSORS=rapl EXPORTER_ADDRESS=127.0.0.1 \
      EXPORTER_PORT="$port" "$root/bin/jouleflow" >"$dir/agent.log" 2>&1 &
  agent=$!
  pids+=("$agent")
  wait_for "ready agent (see $dir/agent.log)" curl -fs "http://127.0.0.1:$port/-/ready" -o /dev/null
  sleep 10 # past start-up (class loading, JIT)
  local viewers=()
  for ((i = 0; i < $3; i++)); do
    viewer "http://127.0.0.1:$port/api/live" &
    viewers+=($!)
    pids+=($!)
  done
  sleep 2
  before=$(cpu_ms "$agent")
  sleep "$DURATION"
  after=$(cpu_ms "$agent")
  for i in "${viewers[@]}"; do kill "$i" 2>/dev/null || true; done
  kill "$agent"
  wait "$agent" 2>/dev/null || true
  awk -v l="$1" -v b="$before" -v a="$after" -v d="$DURATION" \
      'BEGIN {printf "%-34s %7.0f ms CPU in %s s = %5.2f %% of a core\n", l, a - b, d, (a - b) / d / 10}'
}

echo "$name: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), ${DURATION} s per run"
if [ -n "${BASELINE_JAR:-}" ]; then
  run "baseline jar, no viewer" "$BASELINE_JAR" 0
fi
run "live page, no viewer" "$jar" 0
run "live page, $VIEWERS viewer(s) streaming" "$jar" "$VIEWERS"
