"""A polled monitor whose process_data turns one reading into a list of records (record form)."""

import time


class Helper:
    """Not a monitor: no get_power."""


class MonitorImpl:
    def __init__(self):
        self.readings = 0

    def get_power(self):
        self.readings += 1
        return {"timestamp": time.time(), "package_0": 4000.0, "dram_0": 500.0}

    def process_data(self, data):
        if self.readings % 2 == 0:
            return None  # keeps every other reading
        millis = int(data["timestamp"] * 1000)
        return [
            {
                "metric": "monitor_energy_microjoules",
                "labels": {"domain": key.split("_")[0], "shape": "polled-list"},
                "value": value,
                "timestamp_ms": millis,
            }
            for key, value in data.items()
            if key != "timestamp"
        ]
