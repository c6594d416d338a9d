#!/usr/bin/env bash
# Energy per workload, end to end, on real cgroups: WORKLOADS empty pod cgroups (500, laid out as
# the kubelet's cgroupfs driver makes them: kubepods/pod<uid>) made under this machine's writable
# cgroup v2 hierarchy, the agent sampling the fake 2-package tree (6 series, all
# split) at 10 Hz through bin/jouleflow, and a real Prometheus scraping it every 5 s. Over DURATION
# seconds each it measures the agent JVM's CPU (% of one core) and peak RSS with attribution off,
# every 1 s and every 0.1 s, and prints what attribution adds, with its own thread's CPU. Then a
# churn run: CHURN pod cgroups (10,000) made and removed over CHURN_SECONDS, each living about
# 2 s, while the agent splits every 1 s; it prints the RSS after a warm-up and at the end. Needs root (or a delegated v2
# hierarchy) to make cgroups.
#
#   bench/attribution-bench.sh
#   DURATION=30 WORKLOADS=100 CHURN=2000 CHURN_SECONDS=40 bench/attribution-bench.sh
#
# Environment: DURATION (60), WARMUP (10), WORKLOADS (500), CHURN (10000; 0 skips the churn run),
# CHURN_SECONDS (100), INTERVALS (attribution intervals measured besides "off": "1 0.1"),
# SCRAPE_SECONDS (5), WATTS (50), JOULEFLOW_JAVA_OPTS (extra agent JVM flags), PROMETHEUS_BIN,
# MAVEN_ARGS.
set -euo pipefail
name=attribution-bench
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
WORKLOADS="${WORKLOADS:-500}"
CHURN="${CHURN:-10000}"
CHURN_SECONDS="${CHURN_SECONDS:-100}"
SCRAPE_SECONDS="${SCRAPE_SECONDS:-5}"
INTERVALS="${INTERVALS:-1 0.1}"

hierarchy=/sys/fs/cgroup
[ -f "$hierarchy/cgroup.controllers" ] || hierarchy=/sys/fs/cgroup/unified
[ -f "$hierarchy/cgroup.controllers" ] || die "no cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified"
[ -w "$hierarchy" ] || die "$hierarchy is not writable: run as root"
base="$hierarchy/jouleflow-bench-$$"
pods="$base/kubepods"

pod() { # n: the cgroup of pod number n
  printf '%s/pod%08d-0000-4000-8000-%012d' "$pods" "$1" "$1"
}

remove_cgroups() {
  if [ -d "$base" ]; then
    find "$base" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$base" 2>/dev/null || true
  fi
}
bench_cleanup() {
  cleanup
  remove_cgroups
}
trap bench_cleanup EXIT

make_cgroups() {
  mkdir -p "$pods"
  local i
  for ((i = 1; i <= WORKLOADS; i++)); do mkdir "$(pod "$i")"; done
}

results=()
run_config() { # label ATTRIBUTION_LEVEL ATTRIBUTION_INTERVAL_SECONDS
  local label=$1 level=$2 interval=$3
  new_run
  start_prometheus "$agent_port"
  start_agent_ready agent SCRAPE_INTERVAL_SECONDS=0.1 ATTRIBUTION_LEVEL="$level" \
      ATTRIBUTION_INTERVAL_SECONDS="$interval"
  echo "$name: $label: agent pid $agent_pid; warm-up ${WARMUP} s, measuring ${DURATION} s" >&2
  sleep "$WARMUP"
  # shellcheck disable=SC2034  # wall: set by measure_window, unused here
  local hwm cpu_pct wall threads workloads folded
  measure_window
  local probe="http://127.0.0.1:$agent_port/metrics?consumer=probe"
  workloads="$(python3 "$helper" metric "$probe" jouleflow_workloads)"
  folded="$(python3 "$helper" metric "$probe" jouleflow_workloads_folded_total)"
  printf '%s: cpu_pct_one_core=%s peak_rss_mib=%s workloads=%s folded=%s\n' \
      "$label" "$cpu_pct" "$hwm" "$workloads" "$folded"
  printf '  agent CPU by thread: %s\n' "$threads"
  results+=("$label $cpu_pct $hwm")
  cleanup
}

run_churn() {
  new_run
  start_prometheus "$agent_port"
  start_agent_ready agent SCRAPE_INTERVAL_SECONDS=0.1 ATTRIBUTION_INTERVAL_SECONDS=1
  echo "$name: churn: $CHURN cgroups made and removed over ${CHURN_SECONDS} s" >&2
  local per_step=$(( (CHURN + CHURN_SECONDS * 10 - 1) / (CHURN_SECONDS * 10) ))
  local made=0 removed=0 warm="" middle="" i start=$SECONDS
  while [ "$made" -lt "$CHURN" ]; do
    for ((i = 0; i < per_step && made < CHURN; i++)); do
      made=$((made + 1))
      mkdir "$(pod $((1000000 + made)))"
    done
    while [ $((made - removed)) -gt $((per_step * 20)) ]; do   # each lives about 2 s
      removed=$((removed + 1))
      rmdir "$(pod $((1000000 + removed)))"
    done
    if [ -z "$warm" ] && [ $((SECONDS - start)) -ge $((CHURN_SECONDS / 5)) ]; then
      warm="$(python3 "$helper" rss-mib "$agent_pid")"
    fi
    if [ -z "$middle" ] && [ $((SECONDS - start)) -ge $((CHURN_SECONDS * 3 / 5)) ]; then
      middle="$(python3 "$helper" rss-mib "$agent_pid")"
    fi
    sleep 0.1
  done
  while [ "$removed" -lt "$made" ]; do
    removed=$((removed + 1))
    rmdir "$(pod $((1000000 + removed)))"
  done
  sleep 3
  local end hwm probe="http://127.0.0.1:$agent_port/metrics?consumer=probe"
  end="$(python3 "$helper" rss-mib "$agent_pid")"
  hwm="$(python3 "$helper" hwm-mib "$agent_pid")"
  printf 'churn: cgroups_made=%s seconds=%s rss_after_warmup_mib=%s rss_at_60pct_mib=%s rss_end_mib=%s peak_rss_mib=%s workloads_now=%s folded=%s\n' \
      "$made" "$((SECONDS - start))" "${warm:-?}" "${middle:-?}" "$end" "$hwm" \
      "$(python3 "$helper" metric "$probe" jouleflow_workloads)" \
      "$(python3 "$helper" metric "$probe" jouleflow_workloads_folded_total)"
  churn_line="$warm $end"
  cleanup
}

prepare
make_cgroups
run_config off off 1
for interval in $INTERVALS; do
  run_config "every-${interval}s" pod "$interval"
done
remove_cgroups
churn_line=""
if [ "$CHURN" -gt 0 ]; then
  mkdir -p "$pods"
  run_churn
fi

echo
echo "$name summary ($(cpus); $WORKLOADS workloads, 6 energy series, sampling 10 Hz," \
    "warm-up ${WARMUP} s, window ${DURATION} s)"
python3 - "${results[@]}" "$churn_line" <<'PY'
import sys
rows = [arg.split() for arg in sys.argv[1:-1]]
TARGETS = {"1": 0.5, "0.1": 3.0}
base_cpu, base_rss = float(rows[0][1]), float(rows[0][2])
print(f"{'config':<12} {'cpu %':>8} {'added':>8} {'rss MiB':>8} {'added':>8}   verdict")
for label, cpu, rss in rows:
    added_cpu, added_rss = float(cpu) - base_cpu, float(rss) - base_rss
    target = TARGETS.get(label[len("every-"):-1]) if label.startswith("every-") else None
    misses = []
    if target is not None and added_cpu > target:
        misses.append(f"cpu added > {target} %")
    if target is not None and added_rss > 8:
        misses.append("rss added > 8 MiB")
    verdict = "" if target is None else ("meets targets" if not misses else "MISSES: " + ", ".join(misses))
    print(f"{label:<12} {float(cpu):>8.3f} {added_cpu:>8.3f} {float(rss):>8.1f} {added_rss:>8.1f}   {verdict}")
if sys.argv[-1]:
    warm, end = sys.argv[-1].split()
    growth = float(end) - float(warm)
    print(f"churn: RSS {warm} MiB after warm-up, {end} MiB at the end: {growth:+.1f} MiB",
          "(meets target)" if growth <= 2 else "(MISSES: grew more than 2 MiB)")
print("targets: 500 workloads add <= 0.5 % of one core at 1 s, <= 3 % at 0.1 s, <= 8 MiB peak RSS;"
      " churn RSS flat within 2 MiB after warm-up")
PY
