#!/usr/bin/env python3
"""Runs an unchanged monitor of the original remote-write design as a jouleflow exec plugin.

    EXEC_COMMAND="python3 /usr/lib/jouleflow/exec/monitor_adapter.py /opt/monitor_impl.py"

The monitor is a Python file with one class that has get_power() and, optionally,
process_data(). The adapter imports the file by path, finds that class (or the one named by
--class), makes one instance with no arguments and runs it in the shape its methods have:

  get_power(self, queue, interval, stop_event)   free-running: puts dicts into the queue
                                                  until stop_event is set
  get_power(self)                                 polled: returns one dict, called every
                                                  interval
  process_data(self, data)                        called with each dict, returns a dict, a
                                                  list of dicts or None
  process_data(self, raw_queue, proc_queue,       a thread moving dicts from one queue to
               stop_event)                        the other until stop_event is set

Each dict that comes out (of process_data, or of get_power without one) is written to standard
output as one JSON line and flushed: the pyJoules form {"timestamp", "tag", "<domain>_<n>": µJ}
or jouleflow's record form {"metric", "labels", "value", "timestamp_ms"}. The interval is
--interval, else SCRAPE_INTERVAL_SECONDS (which the agent sets in the program's environment to
the interval it samples at), else SCRAPE_INTERVAL_S, else 0.1 s; the queue after get_power holds
RAW_QUEUE_SIZE dicts (set the same way), else 10000. SIGTERM or SIGINT sets stop_event; what is queued
then is still written, for at most 2 s (a monitor ignoring stop_event is left behind). Errors
go to standard error, which the agent logs; a record JSON cannot hold (a tuple key, NaN) is
skipped with a line there (the 1st, 10th, 100th, ... of them). A monitor that cannot be loaded
(its file, its imports, its constructor) exits with status 2 and one line, a free-running
get_power that crashes with status 1 (the agent starts the program again, with backoff).
"""

import argparse
import importlib.util
import inspect
import json
import os
import queue
import signal
import sys
import threading
import time
import traceback

DEFAULT_INTERVAL = 0.1
POLL = 0.1  # how often waiting loops look at stop_event, seconds
GRACE = 2.0  # how long the monitor's threads may run on after stop_event is set, seconds


class AdapterError(Exception):
    """A monitor this adapter cannot run; the message is one line."""


def load_class(path, class_name=None):
    """The monitor class of the Python file at path: class_name, or the only one with get_power."""
    if not os.path.isfile(path):
        raise AdapterError(f"{path}: no such file")
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)  # the monitor's own imports next to it
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise AdapterError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # its own imports, a syntax error, code at module level
        raise AdapterError(f"{path}: {one_line(e)}") from e
    if class_name is not None:
        cls = getattr(module, class_name, None)
        if not inspect.isclass(cls):
            raise AdapterError(f"{path} has no class {class_name}")
        if not callable(getattr(cls, "get_power", None)):
            raise AdapterError(f"class {class_name} in {path} has no get_power()")
        return cls
    found = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and callable(getattr(cls, "get_power", None))
    ]
    if len(found) != 1:
        names = ", ".join(sorted(cls.__name__ for cls in found)) or "none"
        raise AdapterError(
            f"{path} must define exactly one class with get_power() (found: {names});"
            " name one with --class"
        )
    return found[0]


def one_line(error):
    """An exception as one line: its type and message."""
    return " ".join(f"{type(error).__name__}: {error}".split())


def instantiate(cls, path):
    """The one instance of the monitor class, made with no arguments."""
    try:
        return cls()
    except Exception as e:
        raise AdapterError(f"{path}: {one_line(e)}") from e


def positional_count(method):
    """How many positional parameters a bound method takes (self not counted)."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = inspect.signature(method).parameters.values()
    return sum(1 for p in params if p.kind in kinds)


def shapes(monitor):
    """('free'|'polled', 'none'|'item'|'queue') for the monitor's get_power and process_data."""
    power = positional_count(monitor.get_power)
    if power == 0:
        get_power = "polled"
    elif power == 3:
        get_power = "free"
    else:
        raise AdapterError(
            f"get_power{inspect.signature(monitor.get_power)}: expected get_power(self) or"
            " get_power(self, queue, interval, stop_event)"
        )
    process = getattr(monitor, "process_data", None)
    if process is None:
        return get_power, "none"
    count = positional_count(process)
    if count == 1:
        return get_power, "item"
    if count == 3:
        return get_power, "queue"
    raise AdapterError(
        f"process_data{inspect.signature(process)}: expected process_data(self, data) or"
        " process_data(self, raw_queue, proc_queue, stop_event)"
    )


def interval_from(environ, given=None):
    """The polling interval in seconds: given, else the agent's settings, else 0.1."""
    for value in (given, environ.get("SCRAPE_INTERVAL_SECONDS"), environ.get("SCRAPE_INTERVAL_S")):
        if value not in (None, ""):
            seconds = float(value)
            if not seconds > 0:
                raise AdapterError(f"interval must be above 0 seconds, not {value}")
            return seconds
    return DEFAULT_INTERVAL


def _plain(value):
    """JSON for what json cannot write itself (numpy numbers and the like)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


class Writer:
    """Writes dicts as JSON lines, each flushed at once; lists are written item by item.

    What cannot be written (not a dict, a tuple key, NaN or infinity) is skipped and counted; the
    1st, 10th, 100th, ... skip is said on standard error.
    """

    def __init__(self, out, err=None):
        self.out = out
        self.err = err
        self.lines = 0
        self.skipped = 0

    def skip(self, why):
        self.skipped += 1
        if str(self.skipped).strip("0") == "1":  # 1, 10, 100, ...
            print(
                f"monitor_adapter: skipped a record ({self.skipped} so far): {why}",
                file=self.err if self.err is not None else sys.stderr,
                flush=True,
            )

    def write(self, result):
        if result is None:
            return
        if isinstance(result, (list, tuple)):
            for item in result:
                self.write(item)
            return
        if not isinstance(result, dict):
            self.skip(f"a {type(result).__name__}, not a dict")
            return
        try:
            line = json.dumps(result, separators=(",", ":"), default=_plain, allow_nan=False)
        except (TypeError, ValueError) as e:  # JSON has no tuple keys, no NaN
            self.skip(one_line(e))
            return
        self.out.write(line + "\n")
        self.out.flush()
        self.lines += 1


def poll(monitor, raw, interval, stop):
    """Calls a polled get_power() every interval, on a fixed schedule, until stop is set."""
    deadline = time.monotonic()
    while not stop.is_set():
        try:
            raw.put(monitor.get_power())
        except Exception:  # one bad reading: log it, keep polling
            traceback.print_exc(file=sys.stderr)
        deadline += interval
        now = time.monotonic()
        if deadline < now:  # late by more than an interval: skip the missed ones
            deadline = now
        stop.wait(deadline - now)


def drain(source, handle, stop, producers):
    """Hands each queued item to handle until the producers ended and the queue is empty.

    Once stop is set, producers get GRACE seconds to end; a monitor that ignores stop_event and
    keeps the queue full is left behind then. Returns whether the producers ended.
    """
    stopped_at = None
    while True:
        if stop.is_set():  # looked at on every pass: a flooding monitor never empties the queue
            stopped_at = stopped_at if stopped_at is not None else time.monotonic()
            if time.monotonic() - stopped_at > GRACE:
                return False
        try:
            item = source.get(timeout=POLL)
        except queue.Empty:
            if source.empty() and not any(t.is_alive() for t in producers):
                return True
            continue
        handle(item)


def run(monitor, interval, out=None, stop=None, raw_size=0):
    """Runs monitor until stop is set or its get_power ends; returns the exit status."""
    out = Writer(out if out is not None else sys.stdout)
    stop = stop if stop is not None else threading.Event()
    get_power, process = shapes(monitor)
    raw = queue.Queue(maxsize=raw_size)
    crashed = []

    def guarded(target, *args):
        def body():
            try:
                target(*args)
            except Exception:
                traceback.print_exc(file=sys.stderr)
                crashed.append(target)
                stop.set()

        return threading.Thread(target=body, daemon=True)

    if get_power == "free":
        producer = guarded(monitor.get_power, raw, interval, stop)
    else:
        producer = guarded(poll, monitor, raw, interval, stop)
    threads = [producer]
    if process == "queue":
        processed = queue.Queue()
        threads.append(guarded(monitor.process_data, raw, processed, stop))
        source, handle = processed, out.write
    elif process == "item":
        source = raw

        def handle(item):
            try:
                out.write(monitor.process_data(item))
            except BrokenPipeError:
                raise
            except Exception:  # one bad record: log it, keep going
                traceback.print_exc(file=sys.stderr)

    else:
        source, handle = raw, out.write
    for thread in threads:
        thread.start()
    ended = drain(source, handle, stop, threads)
    stop.set()
    if ended:
        for thread in threads:
            thread.join(timeout=GRACE)
    else:
        print("monitor_adapter: the monitor ignored stop_event; leaving it behind", file=sys.stderr)
    return 1 if crashed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="monitor_adapter.py",
        description="Runs a monitor_impl.py (get_power, process_data) as a jouleflow exec plugin.",
    )
    parser.add_argument("monitor", help="the monitor's Python file, e.g. monitor_impl.py")
    parser.add_argument("--class", dest="class_name", help="the monitor class, if several")
    parser.add_argument("--interval", help="seconds between readings (default: the agent's)")
    args = parser.parse_args(argv)
    try:
        interval = interval_from(os.environ, args.interval)
        monitor = instantiate(load_class(args.monitor, args.class_name), args.monitor)
        shapes(monitor)
    except (AdapterError, ValueError) as e:
        print(f"monitor_adapter: {e}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    raw_size = int(os.environ.get("RAW_QUEUE_SIZE", "10000") or 0)
    try:
        return run(monitor, interval, stop=stop, raw_size=raw_size)
    except BrokenPipeError:  # the agent went away
        return 0


if __name__ == "__main__":
    sys.exit(main())
