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
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
RATES="${RATES:-10 100 1000}"
WATTS="${WATTS:-50}"
SCRAPE_SECONDS="${SCRAPE_SECONDS:-2}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
SERIES=6
SETTLE_SECONDS=$((SCRAPE_SECONDS * 3))   # Prometheus scrapes past the final probe's rows
helper="$root/bench/pullbench.py"
jar="$root/jouleflow-benchmarks/target/benchmarks.jar"

pids=()
dirs=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  if [ ${#dirs[@]} -gt 0 ]; then
    rm -rf "${dirs[@]}"
  fi
  dirs=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "pull-bench: $*" >&2
  exit 1
}

build_if_stale() {
  if [ ! -f "$jar" ] || [ ! -f "$root/jouleflow-agent/target/jouleflow.jar" ] \
      || [ -n "$(find "$root" -path '*/src/*' -name '*.java' -newer "$jar" -print -quit)" ] \
      || [ -n "$(find "$root" -name pom.xml -newer "$jar" -print -quit)" ]; then
    echo "pull-bench: building the agent and benchmarks jars" >&2
    (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
        -pl jouleflow-benchmarks -am package) >&2
  fi
}

# Rows the agent keeps: at least 3 scrape intervals, a power of two.
queue_rows() {
  local need=$(( $1 * SCRAPE_SECONDS * 3 )) rows=64
  while [ "$rows" -lt "$need" ]; do rows=$((rows * 2)); done
  echo "$rows"
}

interval_of() {
  python3 -c "import sys; print(repr(1 / float(sys.argv[1])))" "$1"
}

start_fake_tree() { # dir
  "$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -cp "$jar" \
      io.jouleflow.agent.fixture.FakePowercapDriver "$1/sys" 1000 "$WATTS" >"$1/fake.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 30))
  until grep -qs 'fake powercap under' "$1/fake.log"; do
    [ $SECONDS -lt $deadline ] || die "fake tree did not start: $(cat "$1/fake.log")"
    sleep 0.1
  done
}

start_prometheus() { # dir agent-port prom-port
  cat >"$1/prometheus.yml" <<YAML
global:
  scrape_interval: ${SCRAPE_SECONDS}s
  scrape_timeout: ${SCRAPE_SECONDS}s
scrape_configs:
  - job_name: jouleflow
    honor_timestamps: true
    params:
      consumer: [bench]
    static_configs:
      - targets: ['127.0.0.1:$2']
YAML
  "$PROMETHEUS_BIN" --config.file="$1/prometheus.yml" --storage.tsdb.path="$1/prometheus" \
      --web.listen-address="127.0.0.1:$3" --log.level=warn >"$1/prometheus.log" 2>&1 &
  pids+=($!)
  python3 "$helper" wait-http "http://127.0.0.1:$3/-/ready" 30 \
      || die "Prometheus did not start: $(tail -5 "$1/prometheus.log")"
}

start_agent() { # dir rate agent-port; sets agent_pid
  env SYSFS_PATH="$1/sys" SENSORS=rapl SCRAPE_INTERVAL_SECONDS="$(interval_of "$2")" \
      EXPORTER_PORT="$3" EXPORTER_ADDRESS=127.0.0.1 MAX_QUEUE_LEN="$(queue_rows "$2")" \
      "$root/bin/jouleflow" >"$1/agent.log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
  python3 "$helper" wait-http "http://127.0.0.1:$3/-/ready" 60 \
      || die "agent did not start: $(tail -5 "$1/agent.log")"
  [ "$(cat "/proc/$agent_pid/comm")" = java ] || die "pid $agent_pid is not the agent's JVM"
}

results=()
run_rate() { # rate in Hz
  local rate=$1 dir agent_port prom_port start_s
  dir="$(mktemp -d "${TMPDIR:-/tmp}/pull-bench.XXXXXX")"
  dirs+=("$dir")
  agent_port="$(python3 "$helper" free-port)"
  prom_port="$(python3 "$helper" free-port)"
  while [ "$prom_port" = "$agent_port" ]; do prom_port="$(python3 "$helper" free-port)"; done

  start_fake_tree "$dir"
  start_prometheus "$dir" "$agent_port" "$prom_port"   # first, so it scrapes from the first row
  start_s="$(date +%s)"
  start_agent "$dir" "$rate" "$agent_port"
  local probe="http://127.0.0.1:$agent_port/metrics?consumer=probe"
  local prom="http://127.0.0.1:$prom_port"
  echo "pull-bench: ${rate} Hz: agent pid $agent_pid on :$agent_port, Prometheus on :$prom_port," \
      "ring $(queue_rows "$rate") rows; warm-up ${WARMUP} s, measuring ${DURATION} s" >&2

  sleep "$WARMUP"
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-before.json"
  sleep "$DURATION"
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-after.json"
  local hwm ticks taken errors last_ms missed served dropped failed probed same_ms
  hwm="$(python3 "$helper" hwm-mib "$agent_pid")"
  # Only now the probe: its first scrape reads the whole ring (MBs of text at 1 kHz), which
  # would inflate the CPU and peak RSS measured for the bench consumer.
  read -r ticks taken errors last_ms missed served dropped failed probed same_ms \
      < <(python3 "$helper" probe "$probe" --rows)
  local cpu_pct wall threads
  IFS=$'\t' read -r cpu_pct wall threads < <(python3 "$helper" cpu "$dir/cpu-before.json" "$dir/cpu-after.json")

  sleep "$SETTLE_SECONDS"
  local at range stored expected fraction rejected
  at="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.3f}')" "$last_ms")"
  range=$(( $(date +%s) - start_s + 60 ))
  stored="$(python3 "$helper" count "$prom" "$at" "$range")"
  rejected="$(python3 "$helper" rejects "$prom")"
  expected=$((ticks * SERIES))
  fraction="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / max(1, int(sys.argv[2])):.4f}')" \
      "$stored" "$expected")"

  printf 'rate=%sHz samples_taken=%s samples_stored=%s stored_fraction=%s cpu_pct_one_core=%s peak_rss_mib=%s\n' \
      "$rate" "$expected" "$stored" "$fraction" "$cpu_pct" "$hwm"
  printf '  detail: window %s s; ticks %s, missed ticks %s, read errors %s, taken (non-NaN) %s;' \
      "$wall" "$ticks" "$missed" "$errors" "$taken"
  printf ' bench consumer: served %s, dropped %s, failed scrapes %s; Prometheus refused: %s\n' \
      "$served" "$dropped" "$failed" "${rejected:-none}"
  printf '  rows sharing the previous row'"'"'s millisecond (Prometheus keeps one): %s of the last %s\n' \
      "$same_ms" "$probed"
  printf '  agent CPU by thread: %s\n' "$threads"
  results+=("$rate $expected $stored $fraction $cpu_pct $hwm")
  cleanup
}

summary() {
  echo
  echo "pull-bench summary ($(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1);" \
      "warm-up ${WARMUP} s, window ${DURATION} s, scrape every ${SCRAPE_SECONDS} s)"
  printf '%-8s %12s %12s %9s %9s %9s   %s\n' rate taken stored fraction "cpu %" "rss MiB" verdict
  local line rate expected stored fraction cpu hwm cpu_target verdict
  for line in "${results[@]}"; do
    read -r rate expected stored fraction cpu hwm <<<"$line"
    cpu_target=""
    if [ "$rate" = 10 ]; then cpu_target=0.3; elif [ "$rate" = 1000 ]; then cpu_target=2; fi
    verdict="$(python3 - "$fraction" "$cpu" "$hwm" "$cpu_target" <<'PY'
import sys
fraction, cpu, hwm, cpu_target = sys.argv[1:5]
misses = []
if float(fraction) < 0.999:
    misses.append("stored < 0.999")
if cpu_target and float(cpu) > float(cpu_target):
    misses.append(f"cpu > {cpu_target} %")
if float(hwm) > 48:
    misses.append("rss > 48 MiB")
print("meets targets" if not misses else "MISSES: " + ", ".join(misses))
PY
)"
    printf '%-8s %12s %12s %9s %9s %9s   %s\n' "${rate}Hz" "$expected" "$stored" "$fraction" \
        "$cpu" "$hwm" "$verdict"
  done
  echo "targets: stored fraction >= 0.999 at every rate; CPU <= 0.3 % of one core at 10 Hz and" \
      "<= 2 % at 1 kHz; peak RSS <= 48 MiB"
}

[ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN not found: install prometheus or set PROMETHEUS_BIN"
build_if_stale
for rate in $RATES; do
  run_rate "$rate"
done
summary
