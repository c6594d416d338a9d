"""Unit tests of monitor_adapter.py: run by MonitorAdapterTest, or `python3 -m unittest` here."""

import io
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = os.path.join(HERE, "..", "..", "exec", "monitor_adapter.py")
sys.path.insert(0, os.path.dirname(ADAPTER))

import monitor_adapter  # noqa: E402


def sample(shape):
    return os.path.join(HERE, "monitors", shape, "monitor_impl.py")


class Lines(io.StringIO):
    """Collects written lines and how often they were flushed."""

    def __init__(self):
        super().__init__()
        self.flushes = 0

    def flush(self):
        self.flushes += 1

    def records(self):
        return [json.loads(line) for line in self.getvalue().splitlines()]


def write_monitor(tmp, source):
    """A monitor_impl.py in tmp with the given source; returns its path."""
    path = os.path.join(tmp, "monitor_impl.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return path


def first_line(program, seconds):
    """The program's first stdout line, which must come within seconds (flushed, not buffered)."""
    ready, _, _ = select.select([program.stdout], [], [], seconds)
    if not ready:
        program.kill()
        raise AssertionError(f"no line on stdout within {seconds} s: not flushed?")
    return program.stdout.readline()


def run_until(shape, count):
    """Runs the sample of shape until it wrote count lines; returns them and the exit status."""
    monitor = monitor_adapter.load_class(sample(shape))()
    out, stop, status = Lines(), threading.Event(), []
    thread = threading.Thread(target=lambda: status.append(monitor_adapter.run(monitor, 0.01, out, stop)))
    thread.start()
    deadline = time.monotonic() + 20
    while len(out.getvalue().splitlines()) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    thread.join(10)
    return out, status


class LoadTest(unittest.TestCase):
    def test_finds_the_only_class_with_get_power(self):
        self.assertEqual(monitor_adapter.load_class(sample("polled_list")).__name__, "MonitorImpl")

    def test_class_option_names_one(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "two.py")
            with open(path, "w") as f:
                f.write("class A:\n  def get_power(self): return {}\nclass B(A): pass\n")
            with self.assertRaisesRegex(monitor_adapter.AdapterError, r"exactly one class.*A, B"):
                monitor_adapter.load_class(path)
            self.assertEqual(monitor_adapter.load_class(path, "B").__name__, "B")
            with self.assertRaisesRegex(monitor_adapter.AdapterError, "has no class C"):
                monitor_adapter.load_class(path, "C")

    def test_shapes_are_read_from_the_signatures(self):
        expected = {
            "free_item": ("free", "item"),
            "polled_list": ("polled", "item"),
            "free_queue": ("free", "queue"),
            "polled_plain": ("polled", "none"),
        }
        for shape, shapes in expected.items():
            monitor = monitor_adapter.load_class(sample(shape))()
            self.assertEqual(monitor_adapter.shapes(monitor), shapes, shape)

    def test_another_signature_is_refused_in_one_line(self):
        class Odd:
            def get_power(self, queue):
                pass

        with self.assertRaisesRegex(monitor_adapter.AdapterError, r"get_power\(queue\): expected"):
            monitor_adapter.shapes(Odd())

    def test_interval_comes_from_the_agents_settings(self):
        self.assertEqual(monitor_adapter.interval_from({}), 0.1)
        self.assertEqual(monitor_adapter.interval_from({"SCRAPE_INTERVAL_S": "0.5"}), 0.5)
        env = {"SCRAPE_INTERVAL_SECONDS": "0.25", "SCRAPE_INTERVAL_S": "0.5"}
        self.assertEqual(monitor_adapter.interval_from(env), 0.25)
        self.assertEqual(monitor_adapter.interval_from(env, "2"), 2.0)
        with self.assertRaises(monitor_adapter.AdapterError):
            monitor_adapter.interval_from({"SCRAPE_INTERVAL_SECONDS": "0"})


class RunTest(unittest.TestCase):
    def test_free_running_with_a_per_record_process_data(self):
        out, status = run_until("free_item", 3)
        self.assertEqual(status, [0])
        for record in out.records()[:3]:
            self.assertEqual(record["tag"], "free-item")
            self.assertEqual((record["package_0"], record["dram_0"]), (4000.0, 500.0))

    def test_polled_with_a_process_data_returning_lists_and_none(self):
        out, status = run_until("polled_list", 4)
        self.assertEqual(status, [0])
        records = out.records()[:4]
        self.assertEqual([r["labels"]["domain"] for r in records], ["package", "dram"] * 2)
        self.assertEqual([r["value"] for r in records], [4000.0, 500.0] * 2)
        # every other reading gave None: the two pairs are two intervals apart or more
        self.assertGreaterEqual(records[2]["timestamp_ms"] - records[0]["timestamp_ms"], 10)

    def test_free_running_with_a_queue_to_queue_process_data(self):
        out, status = run_until("free_queue", 3)
        self.assertEqual(status, [0])
        for record in out.records()[:3]:
            self.assertEqual((record["tag"], record["package_0"]), ("free-queue", 4000.0))

    def test_polled_without_process_data_writes_each_line_flushed(self):
        out, status = run_until("polled_plain", 3)
        self.assertEqual(status, [0])
        self.assertEqual(out.records()[0]["package_0"], 4000.0)
        self.assertGreaterEqual(out.flushes, len(out.getvalue().splitlines()))

    def test_a_crashing_get_power_ends_the_run_with_status_1(self):
        class Crashing:
            def get_power(self, queue, interval, stop_event):
                queue.put({"package_0": 1.0})
                raise RuntimeError("sensor gone")

        out = Lines()
        self.assertEqual(monitor_adapter.run(Crashing(), 0.01, out), 1)
        self.assertEqual(out.records(), [{"package_0": 1.0}])

    def test_what_is_not_a_dict_is_skipped(self):
        out, err = Lines(), io.StringIO()
        monitor_adapter.Writer(out, err).write([{"a_0": 1}, "text", None, ({"b_0": 2},)])
        self.assertEqual(out.records(), [{"a_0": 1}, {"b_0": 2}])
        self.assertEqual(
            err.getvalue(), "monitor_adapter: skipped a record (1 so far): a str, not a dict\n"
        )

    def test_what_json_cannot_hold_is_skipped_and_said_in_few_lines(self):
        out, err = Lines(), io.StringIO()
        writer = monitor_adapter.Writer(out, err)
        writer.write({("package", 0): 1.0})
        writer.write({"package_0": float("nan")})
        writer.write({"package_0": 2.0})
        for _ in range(8):
            writer.write({"dram_0": float("inf")})
        self.assertEqual(out.getvalue(), '{"package_0":2.0}\n')  # no NaN, no tuple key
        self.assertEqual(writer.skipped, 10)
        lines = err.getvalue().splitlines()  # json's own wording varies a little by version
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], r"^monitor_adapter: skipped a record \(1 so far\): TypeError: keys")
        self.assertRegex(
            lines[1], r"^monitor_adapter: skipped a record \(10 so far\): ValueError: Out of range"
        )


class ProgramTest(unittest.TestCase):
    def test_the_program_writes_lines_through_a_pipe_and_stops_on_sigterm(self):
        # Unflushed, ~50-byte lines every 0.25 s would fill an 8 KiB pipe buffer in ~40 s, so
        # a first line within a few seconds (the start of python3 included) was flushed.
        env = dict(os.environ, SCRAPE_INTERVAL_SECONDS="0.25")
        env.pop("PYTHONUNBUFFERED", None)  # the adapter flushes itself
        with subprocess.Popen(
            [sys.executable, ADAPTER, sample("polled_plain")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        ) as program:
            first = json.loads(first_line(program, 5))
            second = json.loads(program.stdout.readline())
            program.send_signal(signal.SIGTERM)
            self.assertEqual(program.wait(10), 0)
        self.assertEqual(first["tag"], "polled")
        self.assertGreater(second["timestamp"], first["timestamp"])

    def test_a_monitor_ignoring_stop_event_is_left_behind_after_the_grace(self):
        # It floods the queue and never looks at stop_event: the adapter's queue never runs dry.
        flooding = """\
            class Flooding:
                def get_power(self, queue, interval, stop_event):
                    queue.put({"package_0": 1.0})
                    while True:
                        queue.put(None)
            """
        with tempfile.TemporaryDirectory() as tmp:
            with subprocess.Popen(
                [sys.executable, ADAPTER, write_monitor(tmp, flooding)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ) as program:
                self.assertEqual(json.loads(first_line(program, 10)), {"package_0": 1.0})
                program.send_signal(signal.SIGTERM)
                try:  # the grace, and as long again for a loaded machine; unfixed, it never ends
                    status = program.wait(2 * monitor_adapter.GRACE + 5)
                except subprocess.TimeoutExpired:
                    program.kill()
                    raise
                err = program.stderr.read()
        self.assertEqual(status, 0)
        self.assertIn("the monitor ignored stop_event; leaving it behind", err)

    def test_a_monitor_whose_import_or_constructor_fails_exits_2_with_one_line(self):
        sources = {
            "import no_such_module_here\n": "ModuleNotFoundError: No module named"
            " 'no_such_module_here'",
            "class M:\n    def __init__(self):\n        raise OSError('no RAPL here')\n"
            "    def get_power(self):\n        return {}\n": "OSError: no RAPL here",
        }
        for source, error in sources.items():
            with tempfile.TemporaryDirectory() as tmp:
                path = write_monitor(tmp, source)
                done = subprocess.run(
                    [sys.executable, ADAPTER, path], capture_output=True, text=True, timeout=30
                )
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertEqual(done.stderr, f"monitor_adapter: {path}: {error}\n")

    def test_a_monitor_that_cannot_load_exits_2_with_one_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "monitor_impl.py")
            with open(path, "w") as f:
                f.write(textwrap.dedent("class Nothing:\n    pass\n"))
            done = subprocess.run(
                [sys.executable, ADAPTER, path], capture_output=True, text=True, timeout=30
            )
        self.assertEqual(done.returncode, 2)
        self.assertEqual(
            done.stderr.strip(),
            f"monitor_adapter: {path} must define exactly one class with get_power()"
            " (found: none); name one with --class",
        )


if __name__ == "__main__":
    unittest.main()
