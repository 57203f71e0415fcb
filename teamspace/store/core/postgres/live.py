"""Live updates from a server: ``LISTEN teamspace``, one :class:`Change` per burst.

Every teamspace write sends ``NOTIFY teamspace`` inside its transaction
(postgres/dialect.py), and PostgreSQL delivers it to listeners when — and only if —
that transaction commits, in commit order.  The watcher keeps one extra connection
that does nothing but listen.

The change counter the TUI compares (tui/pane.py: a view "already shows" a counter)
is counted HERE, per process: it grows by one for each burst of notifications this
watcher has received.  A read that starts after the counter reached N sees every
commit announced up to N, because each was committed before its notification arrived;
so "the view shows N" holds exactly as with SQLite's header counter.  (A server-side
sequence would not do: its values are taken before commit and can commit out of
order.)  :func:`counter` is what ``live.read_counter`` answers for a server URL: None
until a watcher has connected, so a pane without one simply reads after each write.

Losing the connection yields ``Change(None)`` once (the TUI shows the read failing);
reconnecting yields a new counter, so the visible pane reads everything again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from teamspace.store.core.postgres import driver, url
from teamspace.store.core.postgres.dialect import CHANNEL

# Counters only grow, even across watchers of one workspace in one process: a new
# watcher continues where the last one stopped.
_counters: dict[str, int] = {}
_listening: dict[str, int] = {}
_lock = threading.Lock()


def counter(name: str) -> int | None:
    """This process's change counter for the server workspace ``name`` (URL without
    password), or None when no watcher listens to it."""
    with _lock:
        return _counters.get(name) if _listening.get(name) else None


def _listen_state(name: str, step: int) -> None:
    with _lock:
        _listening[name] = _listening.get(name, 0) + step


def _bump(name: str) -> int:
    with _lock:
        value = _counters.get(name, 0) + 1
        _counters[name] = value
        return value


class ServerWatcher:
    """A blocking iterator of changes for a server workspace (see the module doc)."""

    method = "listen"

    def __init__(self, path: str, *, interval: float = 0.25) -> None:
        self.path = path
        self.interval = interval
        self._stop = threading.Event()

    def stop(self) -> None:
        """End the iteration (from any thread) within about one interval."""
        self._stop.set()

    def __iter__(self) -> Iterator[tuple[int | None, float]]:
        """(counter, noticed_at) per burst; (None, t) once when the connection is lost."""
        from psycopg import Error

        connected_before = False
        delay = self.interval
        while not self._stop.is_set():
            try:
                connection = driver.connect(driver.conninfo(url.full(self.path)))
            except Exception:
                self._stop.wait(delay)
                delay = min(delay * 2, 2.0)
                continue
            delay = self.interval
            listening = False
            try:
                connection.execute(f"LISTEN {CHANNEL}")
                _listen_state(self.path, +1)
                listening = True
                if connected_before:
                    # Whatever happened while we were away: read everything again.
                    yield _bump(self.path), time.monotonic()
                else:
                    _bump(self.path)
                connected_before = True
                yield from self._listen(connection)
            except Error:
                yield None, time.monotonic()
            finally:
                if listening:
                    _listen_state(self.path, -1)
                connection.close()

    def _listen(self, connection: Any) -> Iterator[tuple[int | None, float]]:
        while not self._stop.is_set():
            heard = list(connection.notifies(timeout=self.interval, stop_after=1))
            if not heard:
                continue
            noticed = time.monotonic()
            # Merge a burst: take whatever else is already waiting, then one event.
            list(connection.notifies(timeout=0.01))
            yield _bump(self.path), noticed
