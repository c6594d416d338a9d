#!/usr/bin/env bash
# A crash during an outage, with the push spool: the agent (EXPORT_MODE=both, SPOOL_DIR set)
# samples a fake 2-package RAPL tree (6 series) at SCRAPE_INTERVAL_SECONDS (0.01: 100 Hz) and pushes
# every PUSH_INTERVAL_S (2) to a real Prometheus. After WARMUP seconds Prometheus stops for OUTAGE
# seconds; halfway through, one probe of /metrics gives the samples the agent took so far and its
# newest row's timestamp t, then the agent is SIGKILLed and started again on the same SPOOL_DIR;
# then Prometheus starts again on its port and data. Printed: the fraction of the samples taken up
# to t that Prometheus stores (count_over_time at t, over a range reaching before the agent
# started), once it stops growing; and how many requests the restarted agent took to empty the
# spool once Prometheus was back, beside the requests the spool held (one request each, as the agent
# sent them before backlogs were joined).
#
#   bench/crash-bench.sh                          # WARMUP=10 OUTAGE=30, about a minute
#   SCRAPE_INTERVAL_SECONDS=0.001 bench/crash-bench.sh
#
# Environment: WARMUP (10), OUTAGE (30), SCRAPE_INTERVAL_SECONDS (0.01), PUSH_INTERVAL_S (2),
# WATTS (50), PROMETHEUS_BIN, MAVEN_ARGS (-o for an offline build).
# Target: stored fraction >= 0.999 (the design loses at most the spool's 20 ms follow window).
set -euo pipefail
name=crash-bench
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

WARMUP="${WARMUP:-10}"
OUTAGE="${OUTAGE:-30}"
SCRAPE_INTERVAL_SECONDS="${SCRAPE_INTERVAL_SECONDS:-0.01}"
PUSH_INTERVAL_S="${PUSH_INTERVAL_S:-2}"

agent() { # log-name
  local port
  port="$(python3 "$helper" free-port)"
  push_agent "$1" EXPORT_MODE=both SPOOL_DIR="$dir/spool" EXPORTER_PORT="$port" \
      EXPORTER_ADDRESS=127.0.0.1
  agent_port="$port"
}

# spool-requests answered-requests of the agent on agent_port, from its self-metrics
shipper_state() {
  curl -fsS "http://127.0.0.1:$agent_port/metrics?consumer=crash-bench-probe" | python3 -c '
import re, sys
held = answered = 0
for line in sys.stdin:
    if line.startswith("jouleflow_spool_requests "):
        held = int(float(line.split()[-1]))
    elif line.startswith("jouleflow_remote_write_requests") and re.search(r"status_class=\"[24]xx\"", line):
        answered += int(float(line.split()[-1]))
print(held, answered)'
}

prepare
new_run
start_prometheus
prom="http://127.0.0.1:$prom_port"
echo "$name: $(machine)" >&2
start_s="$(date +%s)"
agent first
echo "$name: agent every ${SCRAPE_INTERVAL_SECONDS} s x 6 series, push every ${PUSH_INTERVAL_S} s;" \
    "receiver up ${WARMUP} s, then down ${OUTAGE} s with a SIGKILL and a restart halfway" >&2
sleep "$WARMUP"
stop_prometheus
sleep "$(python3 -c "import sys; print(float(sys.argv[1]) / 2)" "$OUTAGE")"
read -r ticks taken errors last_ms missed _ < <(python3 "$helper" probe \
    "http://127.0.0.1:$agent_port/metrics?consumer=crash-bench-probe")
kill -KILL "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
spool_bytes="$(du -sb "$dir/spool" | cut -f1)"
agent second
sleep "$(python3 -c "import sys; print(float(sys.argv[1]) / 2)" "$OUTAGE")"
read -r held_at_recovery answered_before < <(shipper_state)
start_prometheus
drain_deadline=$((SECONDS + 60))
answered_after="$answered_before"
while read -r held answered_after < <(shipper_state) && [ "$held" != 0 ] \
    && [ $SECONDS -lt $drain_deadline ]; do
  sleep 0.2
done

at="$(seconds_of_ms "$last_ms")"
range=$(( $(date +%s) - start_s + 60 ))
stored=0
previous=-1
deadline=$((SECONDS + 60))
while [ "$stored" != "$previous" ] && [ $SECONDS -lt $deadline ]; do
  previous="$stored"
  sleep $((PUSH_INTERVAL_S + 3))
  stored="$(python3 "$helper" count "$prom" "$at" "$range")"
done
fraction="$(fraction_of "$stored" "$taken" 5)"
after_kill="$(python3 "$helper" count "$prom" "$(date +%s)" "$(( $(date +%s) - ${at%.*} ))")"
printf 'samples_taken_before_kill=%s samples_stored=%s stored_fraction=%s\n' "$taken" "$stored" "$fraction"
printf '  detail: ticks %s, missed ticks %s, read errors %s; spool at the kill %s bytes;' \
    "$ticks" "$missed" "$errors" "$spool_bytes"
printf ' samples stored after t (second agent): %s\n' "$after_kill"
printf '  recovery: the spool held %s requests; the agent emptied it in %s requests\n' \
    "$held_at_recovery" "$((answered_after - answered_before))"
grep -h 'spool' "$dir/second.log" | head -3 | sed 's/^/  second agent: /' || true
python3 - "$fraction" <<'PY'
import sys
ok = float(sys.argv[1]) >= 0.999
print("crash-bench: " + ("meets the target" if ok else "MISSES the target")
      + " (stored fraction of the samples taken before the kill >= 0.999)")
PY
