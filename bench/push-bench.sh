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
name=push-bench
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
SCRAPE_INTERVAL_SECONDS="${SCRAPE_INTERVAL_SECONDS:-0.01}"
PUSH_INTERVAL_S="${PUSH_INTERVAL_S:-5}"
EXPORT_MODE="${EXPORT_MODE:-both}"

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
  local start_s
  new_run
  start_prometheus
  start_s="$(date +%s)"
  push_agent agent EXPORT_MODE="$EXPORT_MODE" EXPORTER_PORT="$agent_port" \
      EXPORTER_ADDRESS=127.0.0.1
  local prom="http://127.0.0.1:$prom_port"
  echo "push-bench: agent pid $agent_pid (EXPORT_MODE=$EXPORT_MODE, every ${SCRAPE_INTERVAL_SECONDS} s," \
      "push every ${PUSH_INTERVAL_S} s), Prometheus on :$prom_port; warm-up ${WARMUP} s," \
      "measuring ${DURATION} s" >&2

  sleep "$WARMUP"
  [ "$(stored_now "$prom")" -gt 0 ] \
      || die "Prometheus holds no sample after the warm-up: does this agent push (EXPORT_MODE=$EXPORT_MODE)? $(tail -3 "$dir/agent.log")"
  local hwm cpu_pct wall threads
  measure_window

  local ticks taken errors last_ms missed
  [ "$EXPORT_MODE" != push ] || die "EXPORT_MODE=push serves no counters to compare with; CPU: $cpu_pct % of one core"
  read -r ticks taken errors last_ms missed _ \
      < <(python3 "$helper" probe "http://127.0.0.1:$agent_port/metrics?consumer=push-bench-probe")
  sleep "$(python3 -c "import sys, math; print(math.ceil(2 * float(sys.argv[1]) + 2))" "$PUSH_INTERVAL_S")"
  local stored fraction shipper
  stored="$(stored_up_to "$prom" "$(seconds_of_ms "$last_ms")")"
  fraction="$(fraction_of "$stored" "$taken")"
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

prepare
run
