#!/usr/bin/env python3
"""A real HTTP server on loopback for the link checker's tests.

Usage: loopback_server.py [HOSTS]   (HOSTS: how many of 127.0.0.1, .2, ...)

Listens on one port on each of 127.0.0.1 .. 127.0.0.HOSTS (default 2),
prints "PORT\\n" on stdout once every address is listening, and serves
until stdin closes (so it never outlives the test that started it).

Every path is a kind of answer (see ROUTES); "/log" returns every request so
far, a line each: host, method, path, seconds since start and the
X-Council header, separated by tabs.
"""

import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START = time.monotonic()
LOCK = threading.Lock()
LOG = []
COUNTS = {}

PAGE = (b"<!DOCTYPE html><html><head><title>Page</title></head><body>"
        b"<h1 id=\"top\">Page</h1><h2 id='part'>Part</h2><a name=old-anchor></a>"
        b"<p data-id=\"fake\">Text</p></body></html>")
WALL = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        b"<body><p>Please complete the CAPTCHA to prove you are human.</p></body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def count(self):
        key = self.headers.get("Host", "") + self.path
        with LOCK:
            COUNTS[key] = COUNTS.get(key, 0) + 1
            LOG.append([self.server.server_address[0], self.command, self.path,
                        round(time.monotonic() - START, 4),
                        self.headers.get("X-Council", "")])
            return COUNTS[key]

    def answer(self, status, body=b"", headers=(), send_body=True):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body and self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        n = self.count()
        path = self.path.split("?")[0]
        head = self.command == "HEAD"
        if path == "/log":
            with LOCK:
                body = "".join("\t".join(str(field) for field in entry) + "\n" for entry in LOG).encode()
            return self.answer(200, body, [("Content-Type", "text/plain")])
        if path in ("/ok", "/page", "/a", "/b", "/c") or path.startswith("/many/"):
            return self.answer(200, PAGE)
        if path == "/moved":
            return self.answer(301, b"", [("Location", "/ok")])
        if path == "/found":
            return self.answer(302, b"", [("Location", "/ok")])
        if path == "/permanent":
            return self.answer(308, b"", [("Location", "/ok")])
        if path == "/moved-to-missing":
            return self.answer(301, b"", [("Location", "/missing")])
        if path == "/missing":
            return self.answer(404, b"<p>Not here</p>")
        if path == "/gone":
            return self.answer(410, b"<p>Gone</p>")
        if path == "/rate-limited":  # 429 with a short Retry-After, then fine
            if n == 1:
                return self.answer(429, b"slow down", [("Retry-After", "1")])
            return self.answer(200, PAGE)
        if path == "/rate-limited-long":
            return self.answer(429, b"slow down", [("Retry-After", "3600")])
        if path == "/flaky":  # one 500, then fine
            if n == 1:
                return self.answer(500, b"oops")
            return self.answer(200, PAGE)
        if path == "/unavailable":
            return self.answer(503, b"down")
        if path == "/slow":
            time.sleep(3)
            return self.answer(200, PAGE)
        if path == "/drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        if path == "/lying-head":
            return self.answer(404 if head else 200, PAGE)
        if path == "/no-head":
            return self.answer(405 if head else 200, PAGE)
        if path == "/bot-wall":
            return self.answer(403, WALL, [("Server", "cloudflare"), ("cf-mitigated", "challenge")])
        if path == "/login":
            return self.answer(401, b"log in", [("WWW-Authenticate", "Basic realm=staff")])
        if path == "/loop":
            return self.answer(302, b"", [("Location", "/loop")])
        if path == "/to-ftp":
            return self.answer(302, b"", [("Location", "ftp://127.0.0.1/file")])
        if path == "/headers":  # 200 only with the council's header
            return self.answer(200 if self.headers.get("X-Council") == "yes" else 403, PAGE)
        if path == "/text":
            return self.answer(200, b"plain", [("Content-Type", "text/plain")])
        return self.answer(404, b"no such route")

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()


def main():
    hosts = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    first = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = first.server_address[1]
    servers = [first] + [ThreadingHTTPServer(("127.0.0.%d" % i, port), Handler) for i in range(2, hosts + 1)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    sys.stdin.read()  # until the test closes it


if __name__ == "__main__":
    main()
