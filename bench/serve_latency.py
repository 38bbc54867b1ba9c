#!/usr/bin/env python3
"""Time from saving a page to the reload event of `publish serve`.

Usage: serve_latency.py SITE PAGE [EDITS] [PUBLISH]
Copies SITE to a temporary folder, starts `publish serve --port 0` on it,
then EDITS times (default 15) opens /.preview/events, appends a sentence to
PAGE (a path under the site, such as content/bins/_index.md) and waits for
the `reload` event. Prints the median, 95th percentile and maximum in ms.
The figure includes the 30 ms the watcher waits for a save to settle.
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    publish = sys.argv[4] if len(sys.argv) > 4 else os.path.join(here, "..", "build", "cli", "publish")
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    work = tempfile.mkdtemp(prefix="serve-latency.")
    try:
        site = os.path.join(work, "site")
        shutil.copytree(sys.argv[1], site, ignore=shutil.ignore_patterns("_site", "build*", ".git", "hugo"))
        server = subprocess.Popen([publish, "serve", site, "--port", "0"], stderr=subprocess.PIPE, text=True)
        port = int(re.search(r":(\d+)", server.stderr.readline()).group(1))
        while "built" not in server.stderr.readline():  # the first build's summary line
            if server.poll() is not None:
                print("serve_latency: publish serve stopped", file=sys.stderr)
                return 2
        path = os.path.join(site, sys.argv[2])
        original = open(path, encoding="utf-8").read()
        times = []
        for i in range(edits):
            stream = socket.create_connection(("127.0.0.1", port))
            stream.settimeout(120)
            stream.sendall(b"GET /.preview/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            time.sleep(0.3)
            stream.recv(65536)  # the response head and anything queued
            started = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + "\n\nEdit number %d.\n" % i)
            received = b""
            while b"reload" not in received:
                received += stream.recv(65536)
            times.append((time.monotonic() - started) * 1000)
            stream.close()
        server.terminate()
        server.wait()
        times.sort()
        print("save to reload event, %d edits of %s: median %.0f ms, p95 %.0f ms, max %.0f ms"
              % (edits, sys.argv[2], statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
