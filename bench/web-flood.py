#!/usr/bin/env python3
"""Floods the agent's HTTP server and scrapes it like a legitimate scraper meanwhile.

Usage: web-flood.py PORT PID DURATION CONNECTIONS
Opens CONNECTIONS half-sent requests (a header byte now and then, slowloris) and as many idle
connections that send nothing, re-opening whatever the agent closes, for DURATION seconds; a
legitimate scraper GETs /metrics?consumer=legit every second on a keep-alive connection (a new
one when the agent closed it). Prints the scraper's answered fraction, the agent's RSS before and
its peak (VmHWM) after, and the agent's jouleflow_http_* counters.
"""
import http.client
import socket
import sys
import time


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def open_slow(port, half_sent):
    s = socket.socket()
    s.setblocking(True)
    try:
        s.connect(("127.0.0.1", port))
        if half_sent:
            s.send(b"GET /metrics HTTP/1.1\r\nX-Slow: ")
        s.setblocking(False)
        return s
    except OSError:
        s.close()
        return None


def alive(s):
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def main():
    port, pid, duration, count = (int(a) for a in sys.argv[1:5])
    rss_before = rss_kib(pid, "VmRSS")
    hwm_before = rss_kib(pid, "VmHWM")
    flood = [(open_slow(port, i % 2 == 0), i % 2 == 0) for i in range(2 * count)]
    scraper = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    asked = answered = reopened = 0
    end = time.time() + duration
    while time.time() < end:
        for i, (s, half) in enumerate(flood):
            if s is None or not alive(s):
                if s is not None:
                    s.close()
                flood[i] = (open_slow(port, half), half)
                reopened += 1
            elif half:
                try:
                    s.send(b"x")
                except OSError:
                    pass
        asked += 1
        try:
            scraper.request("GET", "/metrics?consumer=legit")
            response = scraper.getresponse()
            response.read()
            answered += response.status == 200
        except (OSError, http.client.HTTPException):
            scraper.close()
            scraper = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        time.sleep(1)
    hwm_after = rss_kib(pid, "VmHWM")
    counters = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    counters.request("GET", "/metrics?consumer=counters")
    text = counters.getresponse().read().decode()
    for s, _ in flood:
        if s is not None:
            s.close()
    print(f"flood: {count} half-sent + {count} idle connections for {duration} s,"
          f" {reopened} re-opened after the agent closed them")
    print(f"legit scraper: {answered} of {asked} scrapes answered 200")
    print(f"agent RSS before {rss_before / 1024:.1f} MiB (peak so far {hwm_before / 1024:.1f}),"
          f" peak after {hwm_after / 1024:.1f} MiB: +{(hwm_after - hwm_before) / 1024:.1f} MiB")
    for line in text.splitlines():
        if line.startswith("jouleflow_http_"):
            print("  " + line)


if __name__ == "__main__":
    main()
