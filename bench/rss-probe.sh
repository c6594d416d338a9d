#!/usr/bin/env bash
# Where the agent's memory goes: the pull bench's fake tree (6 series) and agent at RATE Hz,
# scraped every 2 s by a real Prometheus (MODE=pull) or pushing every 5 s into one (MODE=push,
# EXPORT_MODE=both), then after WAIT seconds its peak and current RSS (anonymous and file-backed)
# from /proc, and with NMT=1 the JVM's native memory summary by category (the agent runs with
# -XX:NativeMemoryTracking=summary then, which adds about 0.5 MiB; jcmd from JCMD or the JDK).
#
#   JAVA_HOME=/tmp/jf-runtime bench/rss-probe.sh                     # pull at 1 kHz, 25 s
#   MODE=push RATE=100 NMT=1 bench/rss-probe.sh
#   JOULEFLOW_JAVA_OPTS="-Xms8m" bench/rss-probe.sh                  # a flag to compare
set -euo pipefail
name=rss-probe
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

MODE="${MODE:-pull}"
RATE="${RATE:-1000}"
WAIT="${WAIT:-25}"
SCRAPE_SECONDS=2
SCRAPE_INTERVAL_SECONDS="$(python3 -c "import sys; print(repr(1 / float(sys.argv[1])))" "$RATE")"
PUSH_INTERVAL_S=5
extra=()
[ -z "${NMT:-}" ] || extra=(JOULEFLOW_JAVA_OPTS="${JOULEFLOW_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary")

prepare
new_run
case "$MODE" in
  pull)
    start_prometheus "$agent_port"
    start_agent_ready agent SCRAPE_INTERVAL_SECONDS="$SCRAPE_INTERVAL_SECONDS" \
        MAX_QUEUE_LEN=8192 "${extra[@]}"
    ;;
  push)
    start_prometheus
    push_agent agent EXPORT_MODE=both EXPORTER_PORT="$agent_port" EXPORTER_ADDRESS=127.0.0.1 \
        "${extra[@]}"
    ;;
  *) die "MODE is pull or push, not $MODE" ;;
esac
sleep "$WAIT"
echo "rss-probe: $MODE at $RATE Hz after $WAIT s; $(machine)"
grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads):' "/proc/$agent_pid/status" | tr -s ' \t' ' '
if [ -n "${NMT:-}" ]; then
  jcmd="${JCMD:-$JAVA_HOME/bin/jcmd}"
  [ -x "$jcmd" ] || jcmd="$(command -v jcmd || true)"
  [ -n "$jcmd" ] || die "no jcmd (a jlink runtime has none): set JCMD to a JDK 25's"
  "$jcmd" "$agent_pid" VM.native_memory summary | grep -E '^-' | sed 's/reserved=[0-9]*KB, //'
fi
