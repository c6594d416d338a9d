#!/usr/bin/env python3
"""Helpers of bench/pull-bench.sh (standard library only): free ports, readiness waits, the probe
scrape of the agent, Prometheus queries, and CPU and memory figures from /proc.

  pullbench.py free-port
  pullbench.py wait-http URL TIMEOUT_S
  pullbench.py probe URL [--rows]            -> ticks taken read_errors last_ms missed served dropped
                                                failed [rows_probed rows_in_same_ms]
  pullbench.py snapshot PID FILE             -> writes CPU ticks (process and threads) with a clock
  pullbench.py cpu FILE_BEFORE FILE_AFTER    -> percent of one core, then the busiest threads
  pullbench.py hwm-mib PID                   -> peak RSS (VmHWM) in MiB
  pullbench.py rss-mib PID                   -> RSS now (VmRSS) in MiB
  pullbench.py metric URL NAME               -> a self-metric in a scrape of URL, summed
  pullbench.py count PROM_URL TIME_S RANGE_S -> stored energy samples with timestamps <= TIME_S
  pullbench.py rejects PROM_URL              -> samples Prometheus refused, by reason
  pullbench.py main-jar JAR MAIN_CLASS CLASS_PATH_JAR -> writes a jar holding only a manifest that
                                                runs MAIN_CLASS from CLASS_PATH_JAR (for JOULEFLOW_JAR)
  pullbench.py ratio A B                     -> A / B with two decimals
"""
import json
import os
import re
import socket
import sys
import time
import urllib.parse
import urllib.request
import zipfile

CLK_TCK = os.sysconf("SC_CLK_TCK")
ENERGY = "jouleflow_energy_joules_total"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def wait_http(url, timeout_s):
    deadline = time.monotonic() + float(timeout_s)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"pullbench: {url} not ready within {timeout_s} s")


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def probe(url, *flags):
    """Ticks, samples taken, read errors and the newest row's timestamp, from one scrape; with
    --rows also how many rows it held and how many shared the previous row's millisecond."""
    text = get(url)
    last_ms = 0
    self_metrics = {}
    series = set()
    lines = same_ms = 0
    previous = (None, None)
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith(ENERGY):
            key, timestamp = line.split(" ")[0], int(line.rsplit(" ", 1)[1])
            last_ms = max(last_ms, timestamp)
            series.add(key)
            lines += 1
            same_ms += previous == (key, timestamp)  # a row in the same millisecond as the last
            previous = (key, timestamp)
            continue
        key, value = line.rsplit(" ", 1)
        self_metrics[key] = float(value)

    def total(prefix):
        return int(sum(v for k, v in self_metrics.items() if k.startswith(prefix)))

    fields = [
        total("jouleflow_sampler_ticks_total"),
        total("jouleflow_samples_taken_total"),
        total("jouleflow_sensor_read_errors_total"),
        last_ms,
        total("jouleflow_sampler_missed_ticks_total"),
        total('jouleflow_samples_served_total{consumer="bench"}'),
        total('jouleflow_samples_dropped_total{consumer="bench"'),
        total('jouleflow_scrapes_total{consumer="bench",outcome="failed"}'),
    ]
    if "--rows" in flags:
        fields += [lines // max(1, len(series)), same_ms // max(1, len(series))]
    print(*fields)


def cpu_ticks(stat_path):
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def snapshot(pid, path):
    threads = {}
    task_dir = f"/proc/{pid}/task"
    for tid in os.listdir(task_dir):
        try:
            with open(f"{task_dir}/{tid}/comm") as f:
                name = f.read().strip()
            threads[tid] = [name, cpu_ticks(f"{task_dir}/{tid}/stat")]
        except OSError:
            pass  # the thread ended
    total = cpu_ticks(f"/proc/{pid}/stat")
    with open(path, "w") as f:
        json.dump({"clock": time.monotonic(), "ticks": total, "threads": threads}, f)


def cpu(before_path, after_path):
    """Percent of one core over the window, then the busiest threads (grouped by name)."""
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    wall = after["clock"] - before["clock"]
    percent = (after["ticks"] - before["ticks"]) / CLK_TCK / wall * 100
    by_name = {}
    for tid, (name, ticks) in after["threads"].items():
        start = before["threads"].get(tid, [name, 0])[1]
        group = re.sub(r"\d+$", "N", name)
        by_name[group] = by_name.get(group, 0) + ticks - start
    busiest = sorted(by_name.items(), key=lambda item: -item[1])[:5]
    threads = ", ".join(
        f"{name} {ticks / CLK_TCK / wall * 100:.2f}%" for name, ticks in busiest if ticks > 0
    )
    print(f"{percent:.3f}\t{wall:.1f}\t{threads or 'none above one clock tick'}")


def hwm_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                print(f"{int(line.split()[1]) / 1024:.1f}")
                return
    sys.exit("pullbench: no VmHWM")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                print(f"{int(line.split()[1]) / 1024:.1f}")
                return
    sys.exit("pullbench: no VmRSS")


def metric(url, name):
    """The value of an untimestamped self-metric in a scrape of url, summed over its series."""
    total = 0.0
    for line in get(url).splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    print(f"{total:g}")


def query(prom_url, expr, at):
    params = urllib.parse.urlencode({"query": expr, "time": at})
    answer = json.loads(get(f"{prom_url}/api/v1/query?{params}"))
    if answer["status"] != "success":
        sys.exit(f"pullbench: query {expr} failed: {answer}")
    return answer["data"]["result"]


def count(prom_url, time_s, range_s):
    expr = f"sum(count_over_time({ENERGY}[{int(range_s)}s]))"
    result = query(prom_url, expr, time_s)
    print(int(float(result[0]["value"][1])) if result else 0)


def rejects(prom_url):
    text = get(f"{prom_url}/metrics")
    reasons = {
        "duplicate_ts": "prometheus_target_scrapes_sample_duplicate_timestamp_total",
        "out_of_order": "prometheus_target_scrapes_sample_out_of_order_total",
        "out_of_bounds": "prometheus_target_scrapes_sample_out_of_bounds_total",
    }
    found = {}
    for label, metric in reasons.items():
        match = re.search(rf"^{metric} (\S+)$", text, re.M)
        if match:
            found[label] = int(float(match.group(1)))
    print(" ".join(f"{k}={v}" for k, v in found.items()))


def main_jar(jar, main_class, class_path_jar):
    def header(name, value):  # manifest lines hold at most 72 bytes; continuations start with " "
        line = f"{name}: {value}"
        parts = [line[:72]] + [" " + line[i : i + 71] for i in range(72, len(line), 71)]
        return "\n".join(parts) + "\n"

    path = urllib.parse.quote(os.path.abspath(class_path_jar))
    manifest = (
        header("Manifest-Version", "1.0")
        + header("Main-Class", main_class)
        + header("Class-Path", path)
        + "\n"
    )
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", manifest)


def ratio(a, b):
    print(f"{float(a) / float(b):.2f}" if float(b) > 0 else "n/a")


def main(argv):
    commands = {
        "free-port": free_port,
        "wait-http": wait_http,
        "probe": probe,
        "snapshot": snapshot,
        "cpu": cpu,
        "hwm-mib": hwm_mib,
        "rss-mib": rss_mib,
        "metric": metric,
        "count": count,
        "rejects": rejects,
        "main-jar": main_jar,
        "ratio": ratio,
    }
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    commands[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
