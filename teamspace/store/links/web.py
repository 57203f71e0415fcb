"""The only place the Links pane talks to the network: one bounded HTTP request.

Every request has a deadline for the whole exchange (connect, redirects, reading), a
byte limit on what is read and a limit on redirects; only http(s) is spoken and a
redirect may only lead to http(s).  Nothing here runs when a module is imported, and
``http.client``/``ssl`` are imported only when a request is made.
"""

from __future__ import annotations

import time
from typing import Any

from teamspace.store.core.record import Record

TIMEOUT = 3.0
MAX_BYTES = 1_000_000
MAX_REDIRECTS = 5
USER_AGENT = "teamspace-links/1 (+link check)"
REDIRECTS = (301, 302, 303, 307, 308)


def offline() -> bool:
    """True when ``TEAMSPACE_OFFLINE`` says never to ask for a page (like buku --offline):
    no title is fetched and no link checked."""
    import os

    return os.environ.get("TEAMSPACE_OFFLINE", "") not in ("", "0")


class WebError(Exception):
    """A request that got no usable answer: ``kind`` is timeout, reset, refused,
    dns, redirects, scheme, tls or error; ``message`` says it in a few words."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Answer(Record):
    """The final answer to a request after redirects."""

    status: int
    url: str  # where the answer came from (after redirects)
    headers: dict[str, str]
    body: bytes
    redirects: int


def _connection(url: str, remaining: float) -> tuple[Any, str]:
    from http.client import HTTPConnection, HTTPSConnection
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebError("scheme", f"not an http(s) URL: {url[:80]}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        import ssl

        return HTTPSConnection(parts.hostname, parts.port, timeout=remaining,
                               context=ssl.create_default_context()), target
    return HTTPConnection(parts.hostname, parts.port, timeout=remaining), target


def _classify(exc: BaseException) -> WebError:
    import socket
    import ssl

    if isinstance(exc, WebError):
        return exc
    if isinstance(exc, TimeoutError | socket.timeout):
        return WebError("timeout", "timed out")
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return WebError("reset", "connection reset")
    if isinstance(exc, ConnectionRefusedError):
        return WebError("refused", "connection refused")
    if isinstance(exc, socket.gaierror):
        return WebError("dns", "host name not found")
    if isinstance(exc, ssl.SSLError):
        return WebError("tls", f"TLS error: {exc.reason or exc}")
    name = type(exc).__name__
    if name in ("RemoteDisconnected", "IncompleteRead", "BadStatusLine"):
        return WebError("reset", "connection closed without an answer")
    return WebError("error", f"{name}: {exc}"[:120])


def request(url: str, *, method: str = "GET", timeout: float = TIMEOUT,
            max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
            accept: str = "text/html,*/*;q=0.5") -> Answer:
    """Ask for ``url``, following redirects; WebError when no answer came in time.

    At most ``max_bytes`` of the body are read (the rest is left unread), and the
    whole exchange ends by ``timeout`` seconds from now whatever the server does.
    """
    from urllib.parse import urljoin

    deadline = time.monotonic() + timeout
    seen = {url}
    current = url
    for hop in range(max_redirects + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WebError("timeout", "timed out")
        connection, target = _connection(current, remaining)
        try:
            connection.request(method, target, headers={"User-Agent": USER_AGENT,
                                                        "Accept": accept,
                                                        "Accept-Encoding": "identity"})
            if connection.sock is not None:  # the connect used part of the time
                connection.sock.settimeout(max(0.001, deadline - time.monotonic()))
            response = connection.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            if response.status in REDIRECTS and headers.get("location"):
                following = urljoin(current, headers["location"].strip())
                if not following.startswith(("http://", "https://")):
                    raise WebError("scheme", "redirected to a non-web address")
                if following in seen:
                    raise WebError("redirects", "redirect loop")
                seen.add(following)
                current = following
                continue
            body = b""
            if method != "HEAD":
                chunks: list[bytes] = []
                size = 0
                while size < max_bytes:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise WebError("timeout", "timed out while reading")
                    if connection.sock is not None:
                        connection.sock.settimeout(left)
                    chunk = response.read1(min(65536, max_bytes - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                body = b"".join(chunks)
            return Answer(response.status, current, headers, body, hop)
        except Exception as exc:
            raise _classify(exc) from None
        finally:
            connection.close()
    raise WebError("redirects", f"more than {max_redirects} redirects")
