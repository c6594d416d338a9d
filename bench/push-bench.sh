#!/usr/bin/env bash
# End-to-end push benchmark: a fake 2-package RAPL tree (6 series) driven at 1 kHz, the agent
# started through bin/jouleflow (the lean JVM flags) sampling at SCRAPE_INTERVAL_SECONDS (0.01:
# 100 Hz) and pushing by remote write every PUSH_INTERVAL_S (5) into a real Prometheus with its
# remote-write receiver on. After a warm-up it measures, over DURATION seconds, the agent JVM's CPU
# (% of one core, /proc/<pid>/stat, with the busiest threads); then it reads the agent's counters
# with one probe of /metrics (EXPORT_MODE=both by default: nothing scrapes /metrics during the
# window) and, after two push intervals, compares the samples Prometheus stored up to the probe's
# newest row with the samples the agent took by then.
#
#   bench/push-bench.sh                              # 10 s warm-up, 60 s window
#   DURATION=30 WARMUP=5 PUSH_INTERVAL_S=1 bench/push-bench.sh
#   JOULEFLOW_JAVA_OPTS="-Xmx32m" bench/push-bench.sh   # extra agent JVM flags
#
# Environment: DURATION (60), WARMUP (10), SCRAPE_INTERVAL_SECONDS (0.01), PUSH_INTERVAL_S (5),
# WATTS per zone (50), EXPORT_MODE (both; push alone leaves no counters to compare with),
# PROMETHEUS_BIN (/usr/bin/prometheus), MAVEN_ARGS (e.g. -o, for a build). Target: <= 1 % of one
# core at 100 Hz, stored fraction >= 0.999. Needs an agent that ships remote write in push mode.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
SCRAPE_INTERVAL_SECONDS="${SCRAPE_INTERVAL_SECONDS:-0.01}"
PUSH_INTERVAL_S="${PUSH_INTERVAL_S:-5}"
WATTS="${WATTS:-50}"
EXPORT_MODE="${EXPORT_MODE:-both}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
SERIES=6
helper="$root/bench/pullbench.py"
jar="$root/jouleflow-benchmarks/target/benchmarks.jar"

pids=()
dir=""
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  if [ -n "$dir" ]; then
    rm -rf "$dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "push-bench: $*" >&2
  exit 1
}

build_if_stale() {
  if [ ! -f "$jar" ] || [ ! -f "$root/jouleflow-agent/target/jouleflow.jar" ] \
      || [ -n "$(find "$root" -path '*/src/*' -name '*.java' -newer "$jar" -print -quit)" ] \
      || [ -n "$(find "$root" -name pom.xml -newer "$jar" -print -quit)" ]; then
    echo "push-bench: building the agent and benchmarks jars" >&2
    (cd "$root" && ./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -Dspotless.check.skip=true \
        -Djacoco.skip=true -pl jouleflow-benchmarks -am package) >&2
  fi
}

# Rows the agent keeps: two push intervals and then some, a power of two.
queue_rows() {
  python3 -c "import sys; need = 3 * float(sys.argv[1]) / float(sys.argv[2]); rows = 64
while rows < need: rows *= 2
print(rows)" "$PUSH_INTERVAL_S" "$SCRAPE_INTERVAL_SECONDS"
}

start_fake_tree() {
  "$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -cp "$jar" \
      io.jouleflow.agent.fixture.FakePowercapDriver "$dir/sys" 1000 "$WATTS" >"$dir/fake.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 30))
  until grep -qs 'fake powercap under' "$dir/fake.log"; do
    [ $SECONDS -lt $deadline ] || die "fake tree did not start: $(cat "$dir/fake.log")"
    sleep 0.1
  done
}

start_prometheus() { # port
  printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$dir/prometheus.yml"
  "$PROMETHEUS_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus" \
      --web.listen-address="127.0.0.1:$1" --web.enable-remote-write-receiver --log.level=warn \
      >"$dir/prometheus.log" 2>&1 &
  pids+=($!)
  python3 "$helper" wait-http "http://127.0.0.1:$1/-/ready" 30 \
      || die "Prometheus did not start: $(tail -5 "$dir/prometheus.log")"
}

start_agent() { # prom-port agent-port; sets agent_pid
  env SYSFS_PATH="$dir/sys" SENSORS=rapl SCRAPE_INTERVAL_SECONDS="$SCRAPE_INTERVAL_SECONDS" \
      EXPORT_MODE="$EXPORT_MODE" REMOTE_WRITE_URL="http://127.0.0.1:$1/api/v1/write" \
      PUSH_INTERVAL_S="$PUSH_INTERVAL_S" MAX_QUEUE_LEN="$(queue_rows)" \
      EXPORTER_PORT="$2" EXPORTER_ADDRESS=127.0.0.1 \
      "$root/bin/jouleflow" >"$dir/agent.log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
  local deadline=$((SECONDS + 60))
  until grep -qs 'jouleflow .*series every' "$dir/agent.log"; do
    kill -0 "$agent_pid" 2>/dev/null || die "agent exited: $(tail -5 "$dir/agent.log")"
    [ $SECONDS -lt $deadline ] || die "agent did not start: $(tail -5 "$dir/agent.log")"
    sleep 0.1
  done
  [ "$(cat "/proc/$agent_pid/comm")" = java ] || die "pid $agent_pid is not the agent's JVM"
}

stored_now() { # prom-url
  python3 "$helper" count "$1" "$(date +%s)" 3600
}

shipper_metrics() { # agent-port: the agent's remote-write self-metrics, one line
  python3 - "http://127.0.0.1:$1/metrics?consumer=push-bench-stats" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=30).read().decode()
lines = [l for l in text.splitlines() if l.startswith("jouleflow_remote_write_") and not l.endswith(" 0")]
print("; ".join(lines) if lines else "none exposed (not wired into the self-metrics yet)")
PY
}

run() {
  dir="$(mktemp -d "${TMPDIR:-/tmp}/push-bench.XXXXXX")"
  local prom_port agent_port start_s
  prom_port="$(python3 "$helper" free-port)"
  agent_port="$(python3 "$helper" free-port)"
  while [ "$agent_port" = "$prom_port" ]; do agent_port="$(python3 "$helper" free-port)"; done
  start_fake_tree
  start_prometheus "$prom_port"
  start_s="$(date +%s)"
  start_agent "$prom_port" "$agent_port"
  local prom="http://127.0.0.1:$prom_port"
  echo "push-bench: agent pid $agent_pid (EXPORT_MODE=$EXPORT_MODE, every ${SCRAPE_INTERVAL_SECONDS} s," \
      "push every ${PUSH_INTERVAL_S} s), Prometheus on :$prom_port; warm-up ${WARMUP} s," \
      "measuring ${DURATION} s" >&2

  sleep "$WARMUP"
  [ "$(stored_now "$prom")" -gt 0 ] \
      || die "Prometheus holds no sample after the warm-up: does this agent push (EXPORT_MODE=$EXPORT_MODE)? $(tail -3 "$dir/agent.log")"
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-before.json"
  sleep "$DURATION"
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-after.json"
  local hwm cpu_pct wall threads
  hwm="$(python3 "$helper" hwm-mib "$agent_pid")"
  IFS=$'\t' read -r cpu_pct wall threads < <(python3 "$helper" cpu "$dir/cpu-before.json" "$dir/cpu-after.json")

  local ticks taken errors last_ms missed served dropped failed
  [ "$EXPORT_MODE" != push ] || die "EXPORT_MODE=push serves no counters to compare with; CPU: $cpu_pct % of one core"
  read -r ticks taken errors last_ms missed served dropped failed \
      < <(python3 "$helper" probe "http://127.0.0.1:$agent_port/metrics?consumer=push-bench-probe")
  sleep $(python3 -c "import sys, math; print(math.ceil(2 * float(sys.argv[1]) + 2))" "$PUSH_INTERVAL_S")
  local at range stored fraction shipper
  at="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.3f}')" "$last_ms")"
  range=$(( $(date +%s) - start_s + 60 ))
  stored="$(python3 "$helper" count "$prom" "$at" "$range")"
  fraction="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / max(1, int(sys.argv[2])):.4f}')" \
      "$stored" "$taken")"
  shipper="$(shipper_metrics "$agent_port")"

  printf 'rate=%sHz samples_taken=%s samples_stored=%s stored_fraction=%s cpu_pct_one_core=%s peak_rss_mib=%s\n' \
      "$(python3 -c "import sys; print(round(1 / float(sys.argv[1])))" "$SCRAPE_INTERVAL_SECONDS")" \
      "$taken" "$stored" "$fraction" "$cpu_pct" "$hwm"
  printf '  detail: window %s s; ticks %s, missed ticks %s, read errors %s\n' \
      "$wall" "$ticks" "$missed" "$errors"
  printf '  agent CPU by thread: %s\n' "$threads"
  printf '  shipper: %s\n' "$shipper"
  python3 - "$fraction" "$cpu_pct" <<'PY'
import sys
fraction, cpu = float(sys.argv[1]), float(sys.argv[2])
misses = []
if fraction < 0.999:
    misses.append("stored < 0.999")
if cpu > 1.0:
    misses.append("cpu > 1 % of one core")
print("push-bench: " + ("meets targets" if not misses else "MISSES: " + ", ".join(misses))
      + " (targets: stored fraction >= 0.999, CPU <= 1 % of one core at 100 Hz)")
PY
}

[ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN not found: install prometheus or set PROMETHEUS_BIN"
build_if_stale
run
