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
name=flood-bench
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

NAMES="${NAMES:-10000}"
IDLE="${IDLE:-500}"
THREADS="${THREADS:-8}"
WARMUP="${WARMUP:-10}"
HOLD="${HOLD:-5}"
SCRAPE_SECONDS="${SCRAPE_SECONDS:-2}"
flooder="$root/bench/floodbench.py"

prepare
new_run
start_prometheus "$agent_port"
start_s="$(date +%s)"
start_agent_ready agent
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
stored="$(stored_up_to "http://127.0.0.1:$prom_port" "$(seconds_of_ms "$last_ms")")"
expected=$((ticks * SERIES))
fraction="$(fraction_of "$stored" "$expected")"
growth="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" \
    "$idle_hwm" "$flood_hwm")"

echo
echo "flood-bench ($(cpus);" \
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
