"""A polled monitor without process_data: its readings are written as they are."""

import time


class MonitorImpl:
    def get_power(self):
        return {"timestamp": time.time(), "tag": "polled", "package_0": 4000.0}
