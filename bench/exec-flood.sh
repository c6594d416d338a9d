#!/usr/bin/env bash
# The agent's CPU while an exec plugin prints records as fast as it can, with the records-per-second
# cap at 1,000,000 (in effect none: what the agent did before the cap) and at its default of 10,000.
# Prints, per run, the agent JVM's CPU (utime + stime from /proc/<pid>/stat over DURATION seconds)
# as % of one core, the lines read (over warm-up and window) and records shed, and the ratio of the
# two CPU figures. (The flood repeats one series without timestamps: most records share a
# millisecond and are rejected out_of_order; the cost measured is reading and parsing.)
# Usage: bench/exec-flood.sh   (DURATION=20 WARMUP=5 by default; needs the built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
JAR="${JOULEFLOW_JAR:-$PWD/jouleflow-agent/target/jouleflow.jar}"
[ -f "$JAR" ] || { echo "exec-flood: build the jar first (./mvnw -q package -DskipTests)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/flood.sh" <<'PROGRAM'
#!/bin/sh
exec yes '{"metric":"flood","labels":{"k":"v"},"value":1}'
PROGRAM
chmod +x "$work/flood.sh"
ticks="$(getconf CLK_TCK)"

cpu_ticks() { # utime + stime of a process
  awk '{ s = $0; sub(/.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat"
}

run() { # $1: cap; prints "cpu_percent stored shed"
  local port=$((20000 + RANDOM % 20000))
  JOULEFLOW_JAR="$JAR" SENSORS=model EXPORTER_PORT="$port" EXPORTER_ADDRESS=127.0.0.1 \
    EXEC_COMMAND="$work/flood.sh" EXEC_MAX_RECORDS_PER_SECOND="$1" LOG_LEVEL=error \
    bin/jouleflow >"$work/agent.log" 2>&1 &
  local pid=$!
  sleep "$WARMUP"
  local before after
  before="$(cpu_ticks "$pid")"
  sleep "$DURATION"
  after="$(cpu_ticks "$pid")"
  local metrics
  metrics="$(curl -s "http://127.0.0.1:$port/metrics?consumer=bench-probe" | grep -E '^jouleflow_(plugin_records_total\{.*stored|exec_records_shed_total|exec_lines_total)')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local lines shed
  lines="$(echo "$metrics" | awk '/exec_lines/ { print $2 }')"
  shed="$(echo "$metrics" | awk '/shed/ { print $2 }')"
  awk -v b="$before" -v a="$after" -v t="$ticks" -v d="$DURATION" -v l="$lines" -v h="$shed" \
    'BEGIN { printf "%.1f %s %s\n", 100 * (a - b) / t / d, l, h }'
}

echo "machine: $(nproc) CPUs, $(uname -r); $DURATION s measured after $WARMUP s"
read -r uncapped_cpu uncapped_lines uncapped_shed < <(run 1000000)
echo "cap 1000000/s (none in effect): agent CPU ${uncapped_cpu}% of one core; lines read $uncapped_lines, records shed $uncapped_shed"
read -r capped_cpu capped_lines capped_shed < <(run 10000)
echo "cap 10000/s (default):          agent CPU ${capped_cpu}% of one core; lines read $capped_lines, records shed $capped_shed"
awk -v u="$uncapped_cpu" -v c="$capped_cpu" 'BEGIN { printf "CPU ratio capped/uncapped: %.2f\n", c / u }'
