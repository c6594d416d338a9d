# shellcheck shell=bash disable=SC2034,SC2154  # sets variables for its callers, reads name
# Shared by the end-to-end bench scripts (sourced, not run): pull-bench, push-bench, flood-bench,
# spool-bench and crash-bench. It finds the JDK, builds the jars when stale, and starts a fake
# 2-package powercap tree (6 series) driven at 1 kHz, a real Prometheus (scraping the agent, or
# with its remote-write receiver on) and the agent through bin/jouleflow, all in a temporary
# folder that the exit trap removes with every process it started. The caller sets name (for
# messages) before sourcing; push_agent also reads SCRAPE_INTERVAL_SECONDS and PUSH_INTERVAL_S,
# measure_window DURATION.
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bin/find-java"

WATTS="${WATTS:-50}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
SERIES=6
helper="$root/bench/pullbench.py"
jar="$root/jouleflow-benchmarks/target/benchmarks.jar"

pids=()
dir=""
prom_pid=""
agent_pid=""
bare_pid=""
read_pid=""
cleanup() { # stops every process started, removes the run's folder
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  bare_pid=""
  read_pid=""
  if [ -n "$dir" ]; then
    rm -rf "$dir"
  fi
  dir=""
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
    # shellcheck disable=SC2086  # MAVEN_ARGS may hold several words
    (cd "$root" && ./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -Dspotless.check.skip=true \
        -Djacoco.skip=true -pl jouleflow-benchmarks -am package) >&2
  fi
}

prepare() { # Prometheus present, jars fresh
  [ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN not found: install prometheus or set PROMETHEUS_BIN"
  build_if_stale
}

new_run() { # sets dir, agent_port and prom_port (two free ports), starts the fake tree
  dir="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
  agent_port="$(python3 "$helper" free-port)"
  prom_port="$(python3 "$helper" free-port)"
  while [ "$prom_port" = "$agent_port" ]; do prom_port="$(python3 "$helper" free-port)"; done
  "$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -cp "$jar" \
      io.jouleflow.agent.fixture.FakePowercapDriver "$dir/sys" 1000 "$WATTS" >"$dir/fake.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 30))
  until grep -qs 'fake powercap under' "$dir/fake.log"; do
    [ $SECONDS -lt $deadline ] || die "fake tree did not start: $(cat "$dir/fake.log")"
    sleep 0.1
  done
}

# Prometheus on prom_port, data in $dir/prometheus (kept across restarts); sets prom_pid. With a
# port, it scrapes the agent there every SCRAPE_SECONDS as consumer "bench"; without, it scrapes
# nothing and takes remote write.
# shellcheck disable=SC2120  # the port is optional
start_prometheus() { # [agent-port]
  local receiver=()
  if [ -n "${1:-}" ]; then
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
      - targets: ['127.0.0.1:$1']
YAML
  else
    printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$dir/prometheus.yml"
    receiver=(--web.enable-remote-write-receiver)
  fi
  "$PROMETHEUS_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus" \
      --web.listen-address="127.0.0.1:$prom_port" "${receiver[@]}" --log.level=warn \
      >>"$dir/prometheus.log" 2>&1 &
  prom_pid=$!
  pids+=("$prom_pid")
  python3 "$helper" wait-http "http://127.0.0.1:$prom_port/-/ready" 30 \
      || die "Prometheus did not start: $(tail -5 "$dir/prometheus.log")"
}

stop_prometheus() {
  kill "$prom_pid"
  wait "$prom_pid" 2>/dev/null || true
}

spawn_agent() { # log-name [VAR=value ...]; sets agent_pid
  local log="$dir/$1.log"
  shift
  env SYSFS_PATH="$dir/sys" SENSORS=rapl "$@" "$root/bin/jouleflow" >"$log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
}

is_jvm() {
  [ "$(cat "/proc/$agent_pid/comm")" = java ] || die "pid $agent_pid is not the agent's JVM"
}

start_agent() { # log-name [VAR=value ...]; waits for its start line; sets agent_pid
  local log="$dir/$1.log"
  spawn_agent "$@"
  local deadline=$((SECONDS + 60))
  until grep -qs 'jouleflow .*series every' "$log"; do
    kill -0 "$agent_pid" 2>/dev/null || die "agent exited: $(tail -5 "$log")"
    [ $SECONDS -lt $deadline ] || die "agent did not start: $(tail -5 "$log")"
    sleep 0.1
  done
  is_jvm
}

start_agent_ready() { # log-name [VAR=value ...]; serves on agent_port, waits for /-/ready
  spawn_agent "$@" EXPORTER_PORT="$agent_port" EXPORTER_ADDRESS=127.0.0.1
  python3 "$helper" wait-http "http://127.0.0.1:$agent_port/-/ready" 60 \
      || die "agent did not start: $(tail -5 "$dir/$1.log")"
  is_jvm
}

# Rows a pushing agent keeps: three push intervals, a power of two.
push_queue_rows() {
  python3 -c "import sys; need = 3 * float(sys.argv[1]) / float(sys.argv[2]); rows = 64
while rows < need: rows *= 2
print(rows)" "$PUSH_INTERVAL_S" "$SCRAPE_INTERVAL_SECONDS"
}

push_agent() { # log-name [VAR=value ...]: pushing to Prometheus by remote write; sets agent_pid
  local log="$1"
  shift
  start_agent "$log" SCRAPE_INTERVAL_SECONDS="$SCRAPE_INTERVAL_SECONDS" \
      REMOTE_WRITE_URL="http://127.0.0.1:$prom_port/api/v1/write" \
      PUSH_INTERVAL_S="$PUSH_INTERVAL_S" MAX_QUEUE_LEN="$(push_queue_rows)" "$@"
}

stop_agent() {
  kill "$agent_pid"
  wait "$agent_pid" 2>/dev/null || true
}

# Two bare deadline loops (DeadlineLoop: wakes at the sampler's deadlines) with the launcher's JVM
# flags, through bin/jouleflow and a jar that only names the main class: one that reads nothing
# (bare_pid) and one that reads the fake tree's energy_uj files once a tick as the agent does
# (read_pid).
start_bare_loops() { # interval-seconds
  python3 "$helper" main-jar "$dir/deadline-loop.jar" io.jouleflow.agent.sampling.DeadlineLoop "$jar"
  JOULEFLOW_JAR="$dir/deadline-loop.jar" "$root/bin/jouleflow" "$1" >"$dir/bare.log" 2>&1 &
  bare_pid=$!
  pids+=("$bare_pid")
  local files
  mapfile -t files < <(find "$dir/sys" -type f -name energy_uj | sort)
  JOULEFLOW_JAR="$dir/deadline-loop.jar" "$root/bin/jouleflow" "$1" "${files[@]}" \
      >"$dir/read.log" 2>&1 &
  read_pid=$!
  pids+=("$read_pid")
}

# The agent over DURATION seconds; sets cpu_pct, wall, threads and hwm; with the bare loops
# started, also bare_cpu_pct and read_cpu_pct, their CPU over the same window.
measure_window() {
  local pid
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-before.json"
  for pid in ${bare_pid:+"$bare_pid"} ${read_pid:+"$read_pid"}; do
    python3 "$helper" snapshot "$pid" "$dir/$pid-before.json"
  done
  sleep "$DURATION"
  python3 "$helper" snapshot "$agent_pid" "$dir/cpu-after.json"
  for pid in ${bare_pid:+"$bare_pid"} ${read_pid:+"$read_pid"}; do
    python3 "$helper" snapshot "$pid" "$dir/$pid-after.json"
  done
  hwm="$(python3 "$helper" hwm-mib "$agent_pid")"
  IFS=$'\t' read -r cpu_pct wall threads \
      < <(python3 "$helper" cpu "$dir/cpu-before.json" "$dir/cpu-after.json")
  if [ -n "${bare_pid:-}" ]; then
    IFS=$'\t' read -r bare_cpu_pct _ \
        < <(python3 "$helper" cpu "$dir/$bare_pid-before.json" "$dir/$bare_pid-after.json")
    IFS=$'\t' read -r read_cpu_pct _ \
        < <(python3 "$helper" cpu "$dir/$read_pid-before.json" "$dir/$read_pid-after.json")
  fi
}

seconds_of_ms() { # epoch-ms
  python3 -c "import sys; print(f'{int(sys.argv[1]) / 1000:.3f}')" "$1"
}

fraction_of() { # part whole [digits (4)]
  python3 -c "import sys; print(f'{int(sys.argv[1]) / max(1, int(sys.argv[2])):.${3:-4}f}')" \
      "$1" "$2"
}

stored_up_to() { # prom-url at-seconds: samples stored at that time, over all since start_s
  python3 "$helper" count "$1" "$2" "$(( $(date +%s) - start_s + 60 ))"
}

cpus() {
  echo "$(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
}

machine() {
  echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
}
