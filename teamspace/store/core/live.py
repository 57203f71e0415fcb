"""Notice that the workspace changed — for the TUI, which refreshes when a colleague writes.

Every committed write transaction bumps SQLite's *file change counter* (4 bytes at
offset 24 of the database header, rollback-journal mode).  How we learn that it moved
depends on where the file is (docs/storage.md, rule 8):

- local disk: inotify via ``watchfiles`` wakes us on a write, then the counter is read
  to drop noise (our own lock directory, journal truncation);
- network share (type from ``/proc/self/mountinfo``): inotify never fires for another
  machine's writes, and ``stat()``/``PRAGMA data_version`` were stale for 12-21 s on a
  default sshfs mount.  Only a FRESH ``open()`` + read of the counter saw another
  client's commit at once, so we poll that every ``interval`` seconds (0.25 s).

Bursts of writes between two looks are merged into one event.  The header is read
without the workspace lock: it is a hint to refresh, never data.  No Textual here:
run :meth:`ChangeWatcher.__iter__` in a thread worker and post a message per event.

A server workspace (its ``path`` is a ``postgresql://`` URL) is watched with
``LISTEN``/``NOTIFY`` instead (store/core/postgres/live.py): ``ChangeWatcher(url)`` and
``read_counter(url)`` give the same events and a counter with the same meaning, so the
TUI does not tell the two apart.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from teamspace.store.core import fs

COUNTER_OFFSET = 24


class Change:
    """The workspace changed: its header counter is now ``counter`` (None: file gone)."""

    __slots__ = ("counter", "noticed_at")

    def __init__(self, counter: int | None, noticed_at: float) -> None:
        self.counter = counter
        self.noticed_at = noticed_at  # time.monotonic() when we saw it

    def __repr__(self) -> str:
        return f"Change(counter={self.counter})"


def read_counter(path: str) -> int | None:
    """The file change counter, read through a fresh open (None if unreadable); for a
    server URL, this process's count of announced changes (postgres/live.py)."""
    if "://" in path:
        from teamspace.store.core.postgres.live import counter

        return counter(path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        data = os.pread(fd, 4, COUNTER_OFFSET)
    except OSError:
        return None
    finally:
        os.close(fd)
    return int.from_bytes(data, "big") if len(data) == 4 else None


class ChangeWatcher:
    """A blocking iterator of :class:`Change` events for one workspace file.

    ``method`` is "poll" (fresh-open header poll), "watch" (watchfiles/inotify plus a
    header check) or None to choose by filesystem.  :meth:`stop` ends the iteration
    from any thread within about one interval.
    """

    def __init__(self, path: str, *, method: str | None = None, interval: float = 0.25
                 ) -> None:
        self._server: Any = None
        self._stop = threading.Event()
        self.interval = interval
        if "://" in path:
            from teamspace.store.core.postgres.live import ServerWatcher

            self.path = path
            self._server = ServerWatcher(path, interval=interval)
            self.method = ServerWatcher.method
            return
        self.path = os.path.abspath(path)
        if method is None:
            mount = fs.mount_of(os.path.dirname(self.path))
            method = "poll" if mount is None or mount.is_network else "watch"
        if method not in ("poll", "watch"):
            raise ValueError(f"unknown change detection method {method!r}")
        self.method = method

    def stop(self) -> None:
        """Make the iterator return (safe to call from any thread)."""
        self._stop.set()
        if self._server is not None:
            self._server.stop()

    def __iter__(self) -> Iterator[Change]:
        if self._server is not None:
            for counter, noticed in self._server:
                yield Change(counter, noticed)
            return
        last = read_counter(self.path)
        for _ in self._wakeups():
            current = read_counter(self.path)
            if current != last:
                last = current
                yield Change(current, time.monotonic())

    def _wakeups(self) -> Iterator[None]:
        if self.method == "poll":
            while not self._stop.wait(self.interval):
                yield None
            return
        try:
            import watchfiles  # ~20 ms and a compiled extension: only when watching
        except ImportError:  # pragma: no cover - watchfiles is a dependency
            self.method = "poll"
            yield from self._wakeups()
            return
        name = os.path.basename(self.path)
        for _changes in watchfiles.watch(
                os.path.dirname(self.path), stop_event=self._stop, debounce=50, step=10,
                rust_timeout=int(self.interval * 1000), yield_on_timeout=True,
                watch_filter=lambda _change, changed: os.path.basename(changed) == name):
            if self._stop.is_set():
                return
            # An empty set is a timeout: look anyway (cheap), in case an event was lost.
            yield None
