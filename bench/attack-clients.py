#!/usr/bin/env python3
"""Raw-socket clients for bench/attack.sh (loopback only, standard library only).

    attack-clients.py hold PORT COUNT SECONDS [request]
        Opens COUNT connections and keeps them open for SECONDS (or until killed). With `request`,
        each first sends GET /livez and reads the answer (so it sits idle in keep-alive, not in a
        half-sent head). Prints one line when all are open: "open N, answered A (200 x B, 503 x C)".
    attack-clients.py refused PORT COUNT
        COUNT new connections, one after another, each sending GET /livez: prints how many got
        503 with Connection: close and then end of stream, and the slowest in ms. Exit 1 if any
        did not, or took more than 5 s.
"""
import resource
import socket
import sys
import time

REQUEST = b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def read_response(sock, deadline):
    """Reads one response head and its Content-Length body; returns (status, head, rest_closed?)."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers


def hold(port, count, seconds, request):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 64)), hard))
    socks, statuses = [], {}
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        socks.append(s)
        if request:
            s.sendall(REQUEST)
            status, _ = read_response(s, time.monotonic() + 5)
            statuses[status] = statuses.get(status, 0) + 1
    summary = ", ".join(f"{k} x {v}" for k, v in sorted(statuses.items()))
    print(f"open {len(socks)}, answered {sum(statuses.values())} ({summary})", flush=True)
    time.sleep(seconds)
    for s in socks:
        s.close()


def refused(port, count):
    good, slowest = 0, 0.0
    for _ in range(count):
        start = time.monotonic()
        deadline = start + 5
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(REQUEST)
            status, headers = read_response(s, deadline)
            s.settimeout(max(0.01, deadline - time.monotonic()))
            closed = s.recv(1) == b""
            s.close()
        except OSError as error:
            print(f"  connection failed: {error}")
            status, headers, closed = 0, {}, False
        elapsed = time.monotonic() - start
        slowest = max(slowest, elapsed)
        if status == 503 and headers.get("connection", "").lower() == "close" and closed and elapsed < 5:
            good += 1
        else:
            print(f"  not refused cleanly: status {status}, headers {headers}, closed {closed}, {elapsed * 1000:.0f} ms")
    print(f"refused {good} of {count} with 503 + Connection: close + close; slowest {slowest * 1000:.1f} ms", flush=True)
    return 0 if good == count else 1


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "hold":
        hold(port, int(sys.argv[3]), float(sys.argv[4]), len(sys.argv) > 5 and sys.argv[5] == "request")
    elif mode == "refused":
        sys.exit(refused(port, int(sys.argv[3])))
    else:
        sys.exit(f"unknown mode {mode}")
