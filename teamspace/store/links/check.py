"""Dead-link checks: a bounded pool of threads, polite to each host, every request
bounded (store/links/web.py).

Politeness: at most ``per_host`` requests to one host at a time, and the work is
handed out host by host in turn, so a pool of 16 never hammers one server while
others wait.  Each link's result is reported as it comes (``on_result``, for a
progress bar) and returned at the end, ready for ``links.record_checks``.

States: ``ok`` (2xx, possibly after redirects: ``final_url`` says where), ``dead``
(4xx, host not found, connection refused), ``failing`` (5xx, timeout, reset, too many
redirects, TLS errors — often temporary).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from teamspace.store.links.urls import host_of
from teamspace.store.links.web import TIMEOUT, WebError, request

POOL = 16
PER_HOST = 2
DEAD_KINDS = ("dns", "refused", "scheme")


def check_url(url: str, *, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Check one URL: {state, status_code, final_url, error}."""
    from teamspace.dates import utc_now

    result: dict[str, Any] = {"state": "failing", "status_code": None, "final_url": None,
                              "error": None}
    try:
        answer = request(url, method="HEAD", timeout=timeout)
        if answer.status in (403, 405, 501):  # servers that refuse HEAD: ask properly
            answer = request(url, method="GET", timeout=timeout, max_bytes=16_384)
    except WebError as exc:
        result.update(state="dead" if exc.kind in DEAD_KINDS else "failing",
                      error=exc.message)
    else:
        result["status_code"] = answer.status
        result["final_url"] = answer.url if answer.url != url else None
        result["state"] = "ok" if answer.status < 400 else "failing" \
            if answer.status >= 500 or answer.status == 429 else "dead"
    result["checked_at"] = utc_now()
    return result


def check_links(targets: list[tuple[int, str]], *, pool: int = POOL,
                per_host: int = PER_HOST, timeout: float = TIMEOUT,
                on_result: Callable[[int, dict[str, Any]], None] | None = None
                ) -> list[dict[str, Any]]:
    """Check (link id, URL) pairs; returns one result per link (with ``link_id``).

    ``on_result(done, result)`` is called after each link (from a worker thread).
    """
    queues: dict[str, deque[tuple[int, str]]] = {}
    for link_id, url in targets:
        queues.setdefault(host_of(url), deque()).append((link_id, url))
    hosts: deque[str] = deque(queues)
    busy: dict[str, int] = dict.fromkeys(queues, 0)
    condition = threading.Condition()
    results: list[dict[str, Any]] = []
    pending = len(targets)

    def take() -> tuple[str, int, str] | None:
        # The next link of the next host (in turn) that has a free slot.
        with condition:
            while True:
                if not hosts:
                    return None
                for _ in range(len(hosts)):
                    host = hosts[0]
                    hosts.rotate(-1)
                    if busy[host] < per_host:
                        link_id, url = queues[host].popleft()
                        busy[host] += 1
                        if not queues[host]:
                            hosts.remove(host)
                        return host, link_id, url
                condition.wait()

    def work() -> None:
        nonlocal pending
        while True:
            taken = take()
            if taken is None:
                return
            host, link_id, url = taken
            try:
                result = check_url(url, timeout=timeout)
            except Exception as exc:  # a bug in one check must not stop the others
                result = {"state": "failing", "status_code": None, "final_url": None,
                          "error": f"{type(exc).__name__}: {exc}"[:120]}
            result["link_id"] = link_id
            with condition:
                busy[host] -= 1
                results.append(result)
                pending -= 1
                done = len(results)
                condition.notify_all()
            if on_result is not None:
                on_result(done, result)

    threads = [threading.Thread(target=work, name=f"link-check-{n}", daemon=True)
               for n in range(max(1, min(pool, len(targets))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
