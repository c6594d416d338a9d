"""A monitor whose process_data is a thread moving dicts from the raw to the processed queue."""

import queue as queues
import time


class MonitorImpl:
    def get_power(self, queue, interval, stop_event):
        while not stop_event.is_set():
            queue.put({"timestamp": time.time(), "package_0": 2000.0})
            stop_event.wait(interval)

    def process_data(self, raw_queue, proc_queue, stop_event):
        while not stop_event.is_set():
            try:
                data = raw_queue.get(timeout=0.1)
            except queues.Empty:
                continue
            data["package_0"] *= 2
            data["tag"] = "free-queue"
            proc_queue.put(data)
