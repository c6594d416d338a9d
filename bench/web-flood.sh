#!/usr/bin/env bash
# The HTTP server under a connection flood: the agent (bin/jouleflow, the lean JVM flags, the
# model sensor at 10 Hz) on a loopback port, idle for WARMUP seconds, then CONNECTIONS half-sent
# requests (slowloris) plus as many idle connections, re-opened as the agent closes them, for
# DURATION seconds, while a legitimate scraper asks for /metrics every second. Prints the
# scraper's answered fraction, the agent's peak RSS against its idle RSS, and its
# jouleflow_http_* counters.
#
#   bench/web-flood.sh                       # 500 + 500 connections, 10 s warm-up, 60 s
#   CONNECTIONS=100 DURATION=20 bench/web-flood.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
CONNECTIONS="${CONNECTIONS:-500}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
PORT="${PORT:-19092}"

ulimit -n 4096 2>/dev/null || true
SENSORS=model EXPORTER_ADDRESS=127.0.0.1 EXPORTER_PORT="$PORT" LOG_LEVEL=warn \
  "$root/bin/jouleflow" &
agent=$!
trap 'kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && break
  sleep 0.1
done
sleep "$WARMUP"
pid="$(pgrep -P "$agent" java || echo "$agent")"
python3 "$root/bench/web-flood.py" "$PORT" "$pid" "$DURATION" "$CONNECTIONS"
