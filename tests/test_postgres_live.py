"""Live updates on a server: LISTEN/NOTIFY events with the file watcher's meaning, a
reconnect that refreshes everything, and a post from another process in a running TUI."""

from __future__ import annotations

import queue
import threading
from typing import Any

import psycopg
import pytest

from teamspace.store.core.connection import Workspace
from teamspace.store.core.live import Change, ChangeWatcher, read_counter
from teamspace.store.core.session import Session
from teamspace.store.microblog import posts
from teamspace.tui.app import build_app

from support import run_cli
from tui_support import shown_ids, team, until

pytestmark = pytest.mark.postgres_only


def watch(watcher: ChangeWatcher) -> queue.Queue[Change]:
    events: queue.Queue[Change] = queue.Queue()
    threading.Thread(target=lambda: [events.put(c) for c in watcher], daemon=True).start()
    return events


def listening(path: str) -> bool:
    return read_counter(path) is not None


def poke(ws: Workspace) -> None:
    ws.write(lambda s: s.record("thing", 1, "poke"), kind="test.poke")


def wait_for(condition: Any, timeout: float = 10.0) -> bool:
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        done.wait(0.02)
    return bool(condition())


def test_each_commit_is_heard_and_reads_and_rollbacks_are_not(workspace: Workspace) -> None:
    watcher = ChangeWatcher(workspace.path, interval=0.05)
    assert watcher.method == "listen"
    events = watch(watcher)
    try:
        assert wait_for(lambda: listening(workspace.path))
        for _ in range(3):
            before = read_counter(workspace.path)
            poke(workspace)
            change = events.get(timeout=5)
            assert change.counter is not None and before is not None
            assert change.counter > before and read_counter(workspace.path) == change.counter
        workspace.read(lambda s: s.scalar("SELECT count(*) FROM activity"))

        def fails(session: Session) -> None:
            session.record("thing", 2, "poke")
            raise ValueError("rolled back")

        with pytest.raises(ValueError):
            workspace.write(fails, kind="test.poke")
        with pytest.raises(queue.Empty):
            events.get(timeout=0.5)  # a read and a rolled-back write are not changes
    finally:
        watcher.stop()


def test_a_burst_is_merged(workspace: Workspace) -> None:
    watcher = ChangeWatcher(workspace.path, interval=0.5)
    events = watch(watcher)
    try:
        assert wait_for(lambda: listening(workspace.path))
        for _ in range(20):
            poke(workspace)
        assert wait_for(lambda: not events.empty())
        threading.Event().wait(0.5)
        assert 1 <= events.qsize() <= 20
    finally:
        watcher.stop()


def test_a_lost_connection_is_reported_and_a_reconnect_refreshes(workspace: Workspace,
                                                                pg: Any) -> None:
    from teamspace.store.core.postgres.url import database

    watcher = ChangeWatcher(workspace.path, interval=0.05)
    events = watch(watcher)
    try:
        assert wait_for(lambda: listening(workspace.path))
        before = read_counter(workspace.path)
        with psycopg.connect(pg.url(database(workspace.path)), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "query LIKE 'LISTEN%' AND datname = current_database()")
        assert events.get(timeout=5).counter is None  # the TUI says the read failed
        again = events.get(timeout=10)
        assert again.counter is not None and before is not None and again.counter > before
        poke(workspace)
        assert events.get(timeout=5).counter == (again.counter or 0) + 1
    finally:
        watcher.stop()


async def test_another_process_post_appears_in_a_running_tui(workspace: Workspace) -> None:
    ws = team(workspace)
    first = posts.create_post(ws["chen"], text="older")
    app = build_app(ws["anna"])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: shown_ids(app) == [first])
        assert await until(pilot, lambda: listening(workspace.path))
        result = run_cli("post", "hey @anna, from the server", env={
            "TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "bob"})
        assert result.returncode == 0, result.stderr
        new_id = int(result.stdout)
        assert await until(pilot, lambda: shown_ids(app) == [new_id, first])
        # Her own post shows once, without waiting for anything else.
        await pilot.press("c", *"mine", "ctrl+s")
        assert await until(pilot, lambda: len(shown_ids(app)) == 3)
