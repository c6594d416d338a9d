#!/usr/bin/env python3
"""The flood of bench/flood-bench.sh (standard library only): idle connections held open and
requests to /metrics under many consumer names, as a careless or hostile client would send them.

  floodbench.py flood PORT NAMES IDLE THREADS HOLD_S -> requests answered 200, 503, other; errors

It opens IDLE connections to 127.0.0.1:PORT that send nothing, then THREADS threads ask
/metrics?consumer=flood-N for N in 0..NAMES-1, each on a new connection: they read the status line
and reset the connection (no client reads thousands of bodies it does not want). The idle
connections are held HOLD_S seconds after the last request, then closed.
"""
import socket
import struct
import sys
import threading
import time


def ask(port, name, counts, lock):
    status = "error"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.sendall(
                f"GET /metrics?consumer={name} HTTP/1.1\r\nHost: x\r\n"
                "Accept-Encoding: gzip\r\n\r\n".encode()
            )
            head = b""
            while len(head) < 12:
                chunk = s.recv(12 - len(head))
                if not chunk:
                    break
                head += chunk
            status = head[9:12].decode(errors="replace") if len(head) == 12 else "error"
    except OSError:
        status = "error"
    with lock:
        counts[status] = counts.get(status, 0) + 1


def flood(port, names, idle, threads, hold_s):
    port, names, idle, threads = int(port), int(names), int(idle), int(threads)
    held = []
    for _ in range(idle):
        try:
            held.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        except OSError:
            break
    counts, lock = {}, threading.Lock()

    def work(first):
        for i in range(first, names, threads):
            ask(port, f"flood-{i}", counts, lock)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    alive = 0
    for s in held:
        try:
            s.setblocking(False)
            alive += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            alive += 1  # still open, nothing to read
        except OSError:
            pass
    time.sleep(float(hold_s))
    for s in held:
        s.close()
    other = sum(v for k, v in counts.items() if k not in ("200", "503", "error"))
    print(counts.get("200", 0), counts.get("503", 0), other, counts.get("error", 0),
          len(held), alive)


if __name__ == "__main__":
    if len(sys.argv) != 7 or sys.argv[1] != "flood":
        sys.exit(__doc__)
    flood(*sys.argv[2:])
