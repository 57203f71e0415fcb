"""Change detection: one event per committed write (bursts merged), none for reads."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from teamspace.store.core.connection import Workspace
from teamspace.store.core.live import Change, ChangeWatcher, read_counter


def watch(watcher: ChangeWatcher) -> queue.Queue[Change]:
    events: queue.Queue[Change] = queue.Queue()

    def run() -> None:
        for change in watcher:
            events.put(change)

    threading.Thread(target=run, daemon=True).start()
    time.sleep(0.3)  # let the watcher take its first look
    return events


def poke(ws: Workspace) -> None:
    ws.write(lambda s: s.record("thing", 1, "poke"), kind="test.poke")


@pytest.mark.parametrize("method", [None, "poll", "watch"])
def test_each_write_is_noticed_and_reads_are_not(workspace: Workspace, method: str | None
                                                 ) -> None:
    watcher = ChangeWatcher(workspace.path, method=method, interval=0.05)
    assert watcher.method == (method or "watch")  # a local disk: watchfiles
    events = watch(watcher)
    try:
        for _ in range(3):
            before = read_counter(workspace.path)
            poke(workspace)
            change = events.get(timeout=5)
            assert change.counter is not None and change.counter != before
        workspace.read(lambda s: s.scalar("SELECT count(*) FROM activity"))
        with pytest.raises(queue.Empty):
            events.get(timeout=0.5)  # the lock directory and the read are not changes
    finally:
        watcher.stop()


def test_burst_of_writes_is_merged(workspace: Workspace) -> None:
    watcher = ChangeWatcher(workspace.path, method="poll", interval=0.5)
    events = watch(watcher)
    try:
        for _ in range(5):
            poke(workspace)
        time.sleep(1.2)
        assert 1 <= events.qsize() <= 3
    finally:
        watcher.stop()


def test_stop_ends_the_iteration(workspace: Workspace) -> None:
    watcher = ChangeWatcher(workspace.path, method="watch", interval=0.1)
    done = threading.Event()
    threading.Thread(target=lambda: (list(watcher), done.set()), daemon=True).start()
    time.sleep(0.2)
    watcher.stop()
    assert done.wait(3)
