#!/usr/bin/env bash
# Consumer-flood benchmark: a fake 2-package RAPL tree (6 series) at 1 kHz, the agent started
# through bin/jouleflow (lean JVM flags, defaults: 10 Hz, MAX_QUEUE_LEN 1000, MAX_CONSUMERS 16), and
# a real Prometheus scraping it every 2 s as consumer "bench". After a warm-up it reads the idle
# agent's peak RSS (VmHWM), then floods /metrics: IDLE connections opened and held (nothing sent),
# and NAMES requests under distinct consumer names (status line read, connection reset). It prints
# the peak RSS after the flood, whether the agent lived, and the fraction of the samples the agent
# took that Prometheus stored (as bench/pull-bench.sh counts it).
#
#   bench/flood-bench.sh
#   NAMES=10000 IDLE=500 THREADS=8 WARMUP=10 bench/flood-bench.sh
#
# Environment: NAMES (10000), IDLE (500), THREADS (8), WARMUP (10), HOLD (5, seconds the idle
# connections stay open after the last request), WATTS (50), SCRAPE_SECONDS (2), PROMETHEUS_BIN
# (/usr/bin/prometheus), MAVEN_ARGS (e.g. -o, for a build).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

NAMES="${NAMES:-10000}"
IDLE="${IDLE:-500}"
THREADS="${THREADS:-8}"
WARMUP="${WARMUP:-10}"
HOLD="${HOLD:-5}"
WATTS="${WATTS:-50}"
SCRAPE_SECONDS="${SCRAPE_SECONDS:-2}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
SERIES=6
helper="$root/bench/pullbench.py"
flooder="$root/bench/floodbench.py"
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
  echo "flood-bench: $*" >&2
  exit 1
}

[ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN not found: install prometheus or set PROMETHEUS_BIN"
if [ ! -f "$jar" ] || [ ! -f "$root/jouleflow-agent/target/jouleflow.jar" ] \
    || [ -n "$(find "$root" -path '*/src/*' -name '*.java' -newer "$jar" -print -quit)" ]; then
  echo "flood-bench: building the agent and benchmarks jars" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
      -pl jouleflow-benchmarks -am package) >&2
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/flood-bench.XXXXXX")"
agent_port="$(python3 "$helper" free-port)"
prom_port="$(python3 "$helper" free-port)"
while [ "$prom_port" = "$agent_port" ]; do prom_port="$(python3 "$helper" free-port)"; done

"$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -cp "$jar" \
    io.jouleflow.agent.fixture.FakePowercapDriver "$dir/sys" 1000 "$WATTS" >"$dir/fake.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 30))
until grep -qs 'fake powercap under' "$dir/fake.log"; do
  [ $SECONDS -lt $deadline ] || die "fake tree did not start: $(cat "$dir/fake.log")"
  sleep 0.1
done

cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: ${SCRAPE_SECONDS}s
  scrape_timeout: ${SCRAPE_SECONDS}s
scrape_configs:
  - job_name: jouleflow
    honor_timestamps: true
    params:
      consumer: [bench]
    static_configs:
      - targets: ['127.0.0.1:$agent_port']
YAML
"$PROMETHEUS_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$dir/prometheus.log" 2>&1 &
pids+=($!)
python3 "$helper" wait-http "http://127.0.0.1:$prom_port/-/ready" 30 \
    || die "Prometheus did not start: $(tail -5 "$dir/prometheus.log")"

start_s="$(date +%s)"
env SYSFS_PATH="$dir/sys" SENSORS=rapl EXPORTER_PORT="$agent_port" EXPORTER_ADDRESS=127.0.0.1 \
    "$root/bin/jouleflow" >"$dir/agent.log" 2>&1 &
agent_pid=$!
pids+=("$agent_pid")
python3 "$helper" wait-http "http://127.0.0.1:$agent_port/-/ready" 60 \
    || die "agent did not start: $(tail -5 "$dir/agent.log")"
[ "$(cat "/proc/$agent_pid/comm")" = java ] || die "pid $agent_pid is not the agent's JVM"
echo "flood-bench: agent pid $agent_pid on :$agent_port, Prometheus on :$prom_port; warm-up" \
    "${WARMUP} s, then $NAMES names and $IDLE idle connections on $THREADS threads" >&2

sleep "$WARMUP"
idle_hwm="$(python3 "$helper" hwm-mib "$agent_pid")"
flood_start=$SECONDS
read -r ok busy other errors held still_open \
    < <(python3 "$flooder" flood "$agent_port" "$NAMES" "$IDLE" "$THREADS" "$HOLD")
flood_s=$((SECONDS - flood_start))
alive=no
if kill -0 "$agent_pid" 2>/dev/null; then alive=yes; fi
[ "$alive" = yes ] || die "the agent died: $(tail -5 "$dir/agent.log")"
flood_hwm="$(python3 "$helper" hwm-mib "$agent_pid")"

sleep $((SCRAPE_SECONDS * 2))  # Prometheus scrapes again after the flood
probe="http://127.0.0.1:$agent_port/metrics?consumer=probe"
read -r ticks _taken _errors last_ms _missed served dropped failed < <(python3 "$helper" probe "$probe")
consumers="$(curl -s "$probe" | sed -n 's/^jouleflow_consumers //p')"
evicted="$(curl -s "$probe" | sed -n 's/^jouleflow_consumers_evicted_total //p')"
sleep $((SCRAPE_SECONDS * 3))
at="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.3f}')" "$last_ms")"
range=$(( $(date +%s) - start_s + 60 ))
stored="$(python3 "$helper" count "http://127.0.0.1:$prom_port" "$at" "$range")"
expected=$((ticks * SERIES))
fraction="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / max(1, int(sys.argv[2])):.4f}')" \
    "$stored" "$expected")"
growth="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" \
    "$idle_hwm" "$flood_hwm")"

echo
echo "flood-bench ($(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1);" \
    "warm-up ${WARMUP} s, scrape every ${SCRAPE_SECONDS} s)"
printf 'idle_peak_rss_mib=%s flood_peak_rss_mib=%s growth_mib=%s agent_alive=%s stored_fraction=%s\n' \
    "$idle_hwm" "$flood_hwm" "$growth" "$alive" "$fraction"
printf '  flood: %s s; answered 200: %s, 503: %s, other: %s, errors: %s; idle connections opened %s,' \
    "$flood_s" "$ok" "$busy" "$other" "$errors" "$held"
printf ' still open after the flood %s\n' "$still_open"
printf '  consumers now %s, evicted %s; bench consumer: served %s, dropped %s, failed %s;' \
    "$consumers" "$evicted" "$served" "$dropped" "$failed"
printf ' samples taken %s, stored %s\n' "$expected" "$stored"
verdict="$(python3 - "$growth" "$fraction" <<'PY'
import sys
growth, fraction = float(sys.argv[1]), float(sys.argv[2])
misses = []
if growth > 16:
    misses.append("rss growth > 16 MiB")
if fraction < 0.999:
    misses.append("stored < 0.999")
print("meets targets" if not misses else "MISSES: " + ", ".join(misses))
PY
)"
echo "targets: peak RSS within 16 MiB of the idle agent's, stored >= 0.999: $verdict"
