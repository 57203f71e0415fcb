"""A local HTTP server for the Links pane's network tests (nothing leaves 127.0.0.1).

Paths: /page (a titled page), /hostile (escape sequences, bidi, markup in the title),
/r/N (a chain of N 301s ending at /page), /loop (redirects to itself), /404, /500,
/slow?s=SECONDS (answers late), /reset (resets the connection), /big (3 MB, title
first), /late-title (the title after 1.5 MB), /text (plain text), /nohead (405 to
HEAD, 200 to GET), /drip (sends a byte every 0.2 s for ever).  ``active_max`` is the
most requests the server handled at once (per-host politeness).
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOSTILE_TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 \u202egnp.exe [bold red]markup[/] &lt;b&gt;"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, Handler)
        self.lock = threading.Lock()
        self.active = 0
        self.active_max = 0
        self.hits: list[str] = []
        self.stop = threading.Event()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.active += 1
            server.active_max = max(server.active_max, server.active)
            server.hits.append(f"{self.command} {self.path}")
        self.counted = True
        try:
            self.route()
        finally:
            self._done()

    def send_response(self, code: int, message: str | None = None) -> None:
        """A request stops counting as active once its answer starts: the client may
        send its next one the moment the answer arrives, before this thread returns."""
        self._done()
        super().send_response(code, message)

    def _done(self) -> None:
        if getattr(self, "counted", False):
            self.counted = False
            with self.server.lock:
                self.server.active -= 1

    def route(self) -> None:
        parts = urlsplit(self.path)
        path, args = parts.path, parse_qs(parts.query)
        page = b"<html><head><title>A &amp; B  page</title><meta name=description " \
               b"content='What it is about'></head><body>hi</body></html>"
        if path == "/page" or path.startswith("/page/"):
            self._send(200, page)
        elif path == "/hostile":
            body = f"<html><head><title>{HOSTILE_TITLE}</title></head></html>".encode()
            self._send(200, body)
        elif path.startswith("/r/"):
            left = int(path.split("/")[2])
            self._send(301, headers={"Location": f"/r/{left - 1}" if left > 1 else "/page"})
        elif path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif path == "/404":
            self._send(404, b"not here")
        elif path == "/500":
            self._send(500, b"broken")
        elif path == "/slow":
            self.server.stop.wait(float(args.get("s", ["5"])[0]))
            self._send(200, page)
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.rfile.close()
            self.wfile.close()
            self.connection.close()  # with a zero linger: the peer sees a reset
        elif path == "/big":
            self._send(200, page[:-14] + b"x" * 3_000_000 + b"</body></html>")
        elif path == "/late-title":
            self._send(200, b"<html><!--" + b"x" * 1_500_000 + b"--><title>Late</title>")
        elif path == "/text":
            self._send(200, b"plain", ctype="text/plain")
        elif path == "/nohead":
            if self.command == "HEAD":
                self._send(405)
            else:
                self._send(200, page)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            while not self.server.stop.wait(0.2):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
        else:
            self._send(404)


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[Server]:
    """A server on ``host`` (a free port) for the duration of the block."""
    server = Server((host, 0))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
