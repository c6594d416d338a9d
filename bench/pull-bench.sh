#!/usr/bin/env bash
# End-to-end pull benchmark: for each sampling rate, a fake 2-package RAPL tree (6 series) driven
# at 1 kHz, the agent started through bin/jouleflow (the lean JVM flags), and a real Prometheus
# scraping it every 2 s as consumer "bench". After a warm-up it measures, over DURATION seconds,
# the agent JVM's CPU (% of one core, /proc/<pid>/stat) and at the end its peak RSS (VmHWM); then
# it compares the samples Prometheus stored, up to the newest row of a final probe scrape, with
# the samples the agent took by then (ticks × 6).
#
#   bench/pull-bench.sh                          # 10 Hz, 100 Hz, 1 kHz; 10 s warm-up, 60 s each
#   DURATION=30 WARMUP=5 RATES="1000" bench/pull-bench.sh
#   JOULEFLOW_JAVA_OPTS="-Xmx32m" bench/pull-bench.sh   # extra agent JVM flags
#
# Environment: DURATION (60), WARMUP (10), RATES (Hz, "10 100 1000"), WATTS per zone (50),
# SCRAPE_SECONDS (2), PROMETHEUS_BIN (/usr/bin/prometheus), MAVEN_ARGS (e.g. -o, for a build).
set -euo pipefail
name=pull-bench
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
RATES="${RATES:-10 100 1000}"
SCRAPE_SECONDS="${SCRAPE_SECONDS:-2}"
SETTLE_SECONDS=$((SCRAPE_SECONDS * 3))   # Prometheus scrapes past the final probe's rows

# Rows the agent keeps: at least 3 scrape intervals, a power of two.
queue_rows() {
  local need=$(( $1 * SCRAPE_SECONDS * 3 )) rows=64
  while [ "$rows" -lt "$need" ]; do rows=$((rows * 2)); done
  echo "$rows"
}

interval_of() {
  python3 -c "import sys; print(repr(1 / float(sys.argv[1])))" "$1"
}

results=()
run_rate() { # rate in Hz
  local rate=$1 start_s
  new_run
  start_prometheus "$agent_port"   # first, so it scrapes from the first row
  start_s="$(date +%s)"
  start_agent_ready agent SCRAPE_INTERVAL_SECONDS="$(interval_of "$rate")" \
      MAX_QUEUE_LEN="$(queue_rows "$rate")"
  start_bare_loops "$(interval_of "$rate")"
  local probe="http://127.0.0.1:$agent_port/metrics?consumer=probe"
  local prom="http://127.0.0.1:$prom_port"
  echo "pull-bench: ${rate} Hz: agent pid $agent_pid on :$agent_port, Prometheus on :$prom_port," \
      "ring $(queue_rows "$rate") rows; warm-up ${WARMUP} s, measuring ${DURATION} s" >&2

  sleep "$WARMUP"
  local hwm cpu_pct wall threads bare_cpu_pct read_cpu_pct cpu_ratio read_ratio
  measure_window
  cpu_ratio="$(python3 "$helper" ratio "$cpu_pct" "$bare_cpu_pct")"
  read_ratio="$(python3 "$helper" ratio "$cpu_pct" "$read_cpu_pct")"
  local ticks taken errors last_ms missed served dropped failed probed same_ms
  # Only now the probe: its first scrape reads the whole ring (MBs of text at 1 kHz), which
  # would inflate the CPU and peak RSS measured for the bench consumer.
  read -r ticks taken errors last_ms missed served dropped failed probed same_ms \
      < <(python3 "$helper" probe "$probe" --rows)

  sleep "$SETTLE_SECONDS"
  local stored expected fraction rejected
  stored="$(stored_up_to "$prom" "$(seconds_of_ms "$last_ms")")"
  rejected="$(python3 "$helper" rejects "$prom")"
  expected=$((ticks * SERIES))
  fraction="$(fraction_of "$stored" "$expected")"

  printf 'rate=%sHz samples_taken=%s samples_stored=%s stored_fraction=%s cpu_pct_one_core=%s peak_rss_mib=%s\n' \
      "$rate" "$expected" "$stored" "$fraction" "$cpu_pct" "$hwm"
  printf '  detail: window %s s; ticks %s, missed ticks %s, read errors %s, taken (non-NaN) %s;' \
      "$wall" "$ticks" "$missed" "$errors" "$taken"
  printf ' bench consumer: served %s, dropped %s, failed scrapes %s; Prometheus refused: %s\n' \
      "$served" "$dropped" "$failed" "${rejected:-none}"
  printf '  rows sharing the previous row'"'"'s millisecond (Prometheus keeps one): %s of the last %s\n' \
      "$same_ms" "$probed"
  printf '  agent CPU by thread: %s\n' "$threads"
  printf '  deadline loops (same JVM flags, same window, %% of one core): bare %s (agent / bare %s),' \
      "$bare_cpu_pct" "$cpu_ratio"
  printf ' reading the %s counters %s (agent / reading %s)\n' "$SERIES" "$read_cpu_pct" "$read_ratio"
  results+=("$rate $expected $stored $fraction $cpu_pct $hwm $cpu_ratio $read_ratio")
  cleanup
}

summary() {
  echo
  echo "pull-bench summary ($(cpus);" \
      "warm-up ${WARMUP} s, window ${DURATION} s, scrape every ${SCRAPE_SECONDS} s)"
  printf '%-8s %12s %12s %9s %9s %7s %7s %9s   %s\n' rate taken stored fraction "cpu %" \
      "/ bare" "/ read" "rss MiB" verdict
  local line rate expected stored fraction cpu hwm ratio read_ratio cpu_target verdict
  for line in "${results[@]}"; do
    read -r rate expected stored fraction cpu hwm ratio read_ratio <<<"$line"
    cpu_target=""
    if [ "$rate" = 10 ]; then cpu_target=0.3; elif [ "$rate" = 1000 ]; then cpu_target=2; fi
    verdict="$(python3 - "$fraction" "$cpu" "$hwm" "$cpu_target" "$rate" "$ratio" <<'PY'
import sys
fraction, cpu, hwm, cpu_target, rate, ratio = sys.argv[1:7]
misses = []
if rate == "1000" and ratio != "n/a" and float(ratio) > 1.2:
    misses.append("cpu > 1.2 x bare loop")
if float(fraction) < 0.999:
    misses.append("stored < 0.999")
if cpu_target and float(cpu) > float(cpu_target):
    misses.append(f"cpu > {cpu_target} %")
if float(hwm) > 48:
    misses.append("rss > 48 MiB")
print("meets targets" if not misses else "MISSES: " + ", ".join(misses))
PY
)"
    printf '%-8s %12s %12s %9s %9s %7s %7s %9s   %s\n' "${rate}Hz" "$expected" "$stored" \
        "$fraction" "$cpu" "$ratio" "$read_ratio" "$hwm" "$verdict"
  done
  echo "targets: stored fraction >= 0.999 at every rate; CPU <= 0.3 % of one core at 10 Hz and" \
      "<= 2 % at 1 kHz, and <= 1.2 x the bare deadline loop at 1 kHz; peak RSS <= 48 MiB" \
      "(/ bare, / read: the agent's CPU over a loop waking at the same deadlines, reading nothing" \
      "or the same counters)"
}

prepare
for rate in $RATES; do
  run_rate "$rate"
done
summary
