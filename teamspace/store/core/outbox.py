"""The local outbox: writes that could not reach the share wait here and land later.

When the share is gone or the lock cannot be had in time (``Unavailable``), a CLI
write is not lost and not reported as done: it is appended to a small SQLite file in
the user's data directory (``outbox.db``, never on the share) and the user is told
it is QUEUED.  The next command on that workspace — or ``teamspace sync`` — replays
the waiting writes first, in the order they were made.  Each entry keeps the
operation id it was first tried with, and every replayable writer passes it to
``Workspace.write``, so an entry whose first try did commit after all (an ambiguous
COMMIT on SMB) lands exactly once: the operation table turns the replay into a no-op
(docs/storage.md, rules 5 and 10).

Only writers marked ``@replayable`` (store/replay.py) can be called by name; tests
and plugins may add writers with :func:`register_writer`.  This module imports no UI
and no ORM: it runs on every CLI write.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from typing import Any

from teamspace.dates import utc_now
from teamspace.errors import Queued, TeamspaceError, Unavailable
from teamspace.store.core.connection import Workspace, new_op_id
from teamspace.store.core.record import Record

OUTBOX_FILE = "outbox.db"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the order writes were made in
    workspace TEXT NOT NULL,                 -- the file's path, or the URL (no password)
    op_id TEXT NOT NULL UNIQUE,              -- the id the write was first tried with
    writer TEXT NOT NULL,                    -- 'posts.create_post'
    kwargs TEXT NOT NULL,                    -- JSON keyword arguments
    actor TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'waiting'    -- waiting | failed (needs the user)
);
CREATE INDEX IF NOT EXISTS entry_workspace ON entry (workspace, seq);
"""
_extra_writers: dict[str, Callable[..., Any]] = {}


class Entry(Record):
    """One write waiting in the outbox."""

    seq: int
    workspace: str
    op_id: str
    writer: str
    kwargs: dict[str, Any]
    actor: str
    queued_at: str
    attempts: int
    last_error: str | None
    state: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return self.to_json()


class Replayed(Record):
    """What happened to one entry during a replay."""

    entry: Entry
    status: str  # landed | waiting | failed
    result: Any = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"seq": self.entry.seq, "op_id": self.entry.op_id, "writer": self.entry.writer,
                "status": self.status, "result": self.result, "error": self.error}


def register_writer(name: str, fn: Callable[..., Any]) -> None:
    """Make ``fn(ws, *, op_id=None, **kwargs)`` replayable as ``name`` (tests, plugins)."""
    _extra_writers[name] = fn


def resolve(name: str) -> Callable[..., Any]:
    """The writer a queued entry names: registered ones, then ``@replayable`` store ones."""
    if name in _extra_writers:
        return _extra_writers[name]
    from teamspace.store.core.replay import resolve as resolve_store

    try:
        return resolve_store(name)
    except ImportError as exc:
        raise ValueError(f"{name!r} is not a replayable writer") from exc


def outbox_path() -> str:
    """Where this user's outbox lives (the local data directory)."""
    from teamspace.config import outbox_path as path

    return path()


def _connect(create: bool) -> sqlite3.Connection | None:
    path = outbox_path()
    if not create and not os.path.exists(path):
        return None  # nothing ever queued: no file, no cost
    os.makedirs(os.path.dirname(path), exist_ok=True, mode=0o700)
    try:  # the outbox holds my unsent texts, private ones too: mine alone (0600)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    # A local file: SQLite's own locking works, and several local processes (the TUI
    # and a CLI command) may use it at once, hence the busy timeout.  Its journal gets
    # the file's mode from SQLite.
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.executescript(_SCHEMA)
    return connection


def _entry(row: sqlite3.Row) -> Entry:
    data = dict(row)
    data["kwargs"] = json.loads(data["kwargs"])
    return Entry(**data)


def _label(entry_writer: str) -> str:
    return entry_writer.rsplit(".", 1)[-1].replace("_", " ")


def enqueue(ws: Workspace, name: str, kwargs: dict[str, Any], *, op_id: str,
            error: str) -> Entry:
    """Append a write to the outbox (a retry with the same op_id keeps the first entry)."""
    connection = _connect(create=True)
    assert connection is not None
    try:
        connection.execute(
            "INSERT INTO entry (workspace, op_id, writer, kwargs, actor, queued_at, "
            "last_error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (op_id) DO UPDATE SET "
            "attempts = attempts + 1, last_error = excluded.last_error",
            (ws.path, op_id, name, json.dumps(kwargs), ws.user, utc_now(), error))
        row = connection.execute("SELECT * FROM entry WHERE op_id = ?", (op_id,)).fetchone()
        return _entry(row)
    finally:
        connection.close()


def pending(workspace: str | None = None, *, include_failed: bool = True) -> list[Entry]:
    """Entries in the order they will be replayed (all workspaces when None)."""
    connection = _connect(create=False)
    if connection is None:
        return []
    try:
        sql = "SELECT * FROM entry WHERE (? IS NULL OR workspace = ?)"
        if not include_failed:
            sql += " AND state = 'waiting'"
        rows = connection.execute(sql + " ORDER BY seq", (workspace, workspace)).fetchall()
        return [_entry(row) for row in rows]
    finally:
        connection.close()


def drop(seq: int) -> Entry | None:
    """Discard one entry deliberately; return it (None if there was none)."""
    connection = _connect(create=False)
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT * FROM entry WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            return None
        connection.execute("DELETE FROM entry WHERE seq = ?", (seq,))
        return _entry(row)
    finally:
        connection.close()


def _settle(entry: Entry, *, landed: bool, error: str | None = None,
            failed: bool = False) -> None:
    connection = _connect(create=True)
    assert connection is not None
    try:
        if landed:
            connection.execute("DELETE FROM entry WHERE seq = ?", (entry.seq,))
        else:
            connection.execute(
                "UPDATE entry SET attempts = attempts + 1, last_error = ?, state = ? "
                "WHERE seq = ?", (error, "failed" if failed else "waiting", entry.seq))
    finally:
        connection.close()


def _as(ws: Workspace, actor: str) -> Workspace:
    # A queued write is replayed as the person who made it.
    return ws.as_user(actor)


def replay(ws: Workspace, *, retry_failed: bool = False) -> list[Replayed]:
    """Run this workspace's waiting writes in order; stop at the first that cannot land.

    An entry that lands (or had landed: same op_id) is removed.  If the share is still
    unavailable the rest keep waiting, in order.  An entry the workspace rejects for
    good (a conflict, a deleted item) is marked ``failed`` and skipped: it stays listed
    until the user drops it, or retries it with ``retry_failed``.
    """
    if retry_failed:
        connection = _connect(create=False)
        if connection is not None:
            with connection:
                connection.execute("UPDATE entry SET state = 'waiting' WHERE workspace = ? "
                                   "AND state = 'failed'", (ws.path,))
            connection.close()
    results: list[Replayed] = []
    entries = pending(ws.path, include_failed=False)
    for index, entry in enumerate(entries):
        try:
            writer = resolve(entry.writer)
            result = writer(_as(ws, entry.actor), op_id=entry.op_id, **entry.kwargs)
        except Unavailable as exc:
            _settle(entry, landed=False, error=str(exc))
            results.append(Replayed(entry, "waiting", error=str(exc)))
            results.extend(Replayed(rest, "waiting") for rest in entries[index + 1:])
            return results
        except (TeamspaceError, ValueError, TypeError) as exc:
            # Will never land as it is: keep it for the user, go on with the next.
            _settle(entry, landed=False, error=str(exc), failed=True)
            results.append(Replayed(entry, "failed", error=str(exc)))
            continue
        _settle(entry, landed=True)
        results.append(Replayed(entry, "landed", result=result))
    return results


def submit(ws: Workspace, name: str, kwargs: dict[str, Any], *,
           op_id: str | None = None, failed: str | None = None) -> Any:
    """Run a replayable writer for a CLI command, queueing it if the share is unavailable.

    Writes queued earlier for this workspace go first, so they land in order.  If one
    of them still cannot land, this write is queued behind it without being tried.
    Raises :class:`Queued` (exit 75, one line containing QUEUED) when the write waits.
    ``failed``: the caller already tried this write (with ``op_id``) and the share was
    unavailable for this reason; queue it without trying again.
    """
    json.dumps(kwargs)  # fail now (a bug) rather than at replay time
    op_id = op_id or new_op_id()
    writer = resolve(name)
    blocked: str | None = failed
    if blocked is None and pending(ws.path, include_failed=False):
        earlier = replay(ws)
        waiting = [r for r in earlier if r.status == "waiting"]
        if waiting:
            blocked = waiting[0].error or "earlier writes are still waiting"
    if blocked is None:
        try:
            return writer(ws, op_id=op_id, **kwargs)
        except Unavailable as exc:
            blocked = str(exc)
    entry = enqueue(ws, name, kwargs, op_id=op_id, error=blocked)
    ahead = len(pending(ws.path, include_failed=False)) - 1
    raise Queued(
        f"QUEUED: your {_label(name)} was not written yet — {blocked.rstrip('.')}. It waits "
        f"in the local outbox as #{entry.seq}{f' behind {ahead} earlier' if ahead else ''}"
        " and is sent by the next teamspace command or 'teamspace sync' "
        "('teamspace outbox' lists it)")
