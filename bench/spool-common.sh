# Shared by bench/spool-bench.sh and bench/crash-bench.sh (sourced, not run): a fake 2-package
# powercap tree (6 series) driven at 1 kHz, a real Prometheus with its remote-write receiver on a
# port chosen up front (so it can be started late and again), and the agent through bin/jouleflow.
# The caller sets SCRAPE_INTERVAL_SECONDS, PUSH_INTERVAL_S and name (for messages).
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

WATTS="${WATTS:-50}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
helper="$root/bench/pullbench.py"
jar="$root/jouleflow-benchmarks/target/benchmarks.jar"

pids=()
dir=""
prom_pid=""
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
  echo "$name: $*" >&2
  exit 1
}

build_if_stale() {
  if [ ! -f "$jar" ] || [ ! -f "$root/jouleflow-agent/target/jouleflow.jar" ] \
      || [ -n "$(find "$root" -path '*/src/*' -name '*.java' -newer "$jar" -print -quit)" ] \
      || [ -n "$(find "$root" -name pom.xml -newer "$jar" -print -quit)" ]; then
    echo "$name: building the agent and benchmarks jars" >&2
    (cd "$root" && ./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -Dspotless.check.skip=true \
        -Djacoco.skip=true -pl jouleflow-benchmarks -am package) >&2
  fi
}

setup() { # sets dir and prom_port, starts the fake tree
  [ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN not found: install prometheus or set PROMETHEUS_BIN"
  build_if_stale
  dir="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
  prom_port="$(python3 "$helper" free-port)"
  "$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -cp "$jar" \
      io.jouleflow.agent.fixture.FakePowercapDriver "$dir/sys" 1000 "$WATTS" >"$dir/fake.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 30))
  until grep -qs 'fake powercap under' "$dir/fake.log"; do
    [ $SECONDS -lt $deadline ] || die "fake tree did not start: $(cat "$dir/fake.log")"
    sleep 0.1
  done
}

start_prometheus() { # on prom_port, data in $dir/prometheus (kept across restarts); sets prom_pid
  printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$dir/prometheus.yml"
  "$PROMETHEUS_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus" \
      --web.listen-address="127.0.0.1:$prom_port" --web.enable-remote-write-receiver \
      --log.level=warn >>"$dir/prometheus.log" 2>&1 &
  prom_pid=$!
  pids+=("$prom_pid")
  python3 "$helper" wait-http "http://127.0.0.1:$prom_port/-/ready" 30 \
      || die "Prometheus did not start: $(tail -5 "$dir/prometheus.log")"
}

stop_prometheus() {
  kill "$prom_pid"
  wait "$prom_pid" 2>/dev/null || true
}

# Rows the agent keeps: three push intervals, a power of two.
queue_rows() {
  python3 -c "import sys; need = 3 * float(sys.argv[1]) / float(sys.argv[2]); rows = 64
while rows < need: rows *= 2
print(rows)" "$PUSH_INTERVAL_S" "$SCRAPE_INTERVAL_SECONDS"
}

start_agent() { # log-name [VAR=value ...]; sets agent_pid
  local log="$dir/$1.log"
  shift
  env SYSFS_PATH="$dir/sys" SENSORS=rapl SCRAPE_INTERVAL_SECONDS="$SCRAPE_INTERVAL_SECONDS" \
      REMOTE_WRITE_URL="http://127.0.0.1:$prom_port/api/v1/write" \
      PUSH_INTERVAL_S="$PUSH_INTERVAL_S" MAX_QUEUE_LEN="$(queue_rows)" "$@" \
      "$root/bin/jouleflow" >"$log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
  local deadline=$((SECONDS + 60))
  until grep -qs 'jouleflow .*series every' "$log"; do
    kill -0 "$agent_pid" 2>/dev/null || die "agent exited: $(tail -5 "$log")"
    [ $SECONDS -lt $deadline ] || die "agent did not start: $(tail -5 "$log")"
    sleep 0.1
  done
  [ "$(cat "/proc/$agent_pid/comm")" = java ] || die "pid $agent_pid is not the agent's JVM"
}

stop_agent() {
  kill "$agent_pid"
  wait "$agent_pid" 2>/dev/null || true
}

machine() {
  echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
}
