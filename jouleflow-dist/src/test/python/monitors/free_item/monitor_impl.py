"""A monitor in the remote-write design's free-running shape, with a per-record process_data."""

import time


class MonitorImpl:
    def get_power(self, queue, interval, stop_event):
        while not stop_event.is_set():
            queue.put({"timestamp": time.time(), "tag": "raw", "package_0": 4000.0, "dram_0": 500.0})
            stop_event.wait(interval)

    def process_data(self, data):
        data["tag"] = "free-item"
        return data
