"""``teamspace doctor --repair``: fix what can be fixed safely, and say what cannot.

- a provably stale lock is removed (store/core/lock.py decides what is provable);
- an older schema is upgraded;
- a workspace file or lock folder that the group cannot write, in a shared folder, is
  made group-writable (only its owner can do that: the others are told whom to ask);
- a damaged file: its indexes are rebuilt (REINDEX), then checked again in full; if it
  is still damaged, ``--from BACKUP`` puts a verified backup in its place, keeping the
  damaged file beside it.  While damaged (``doctor`` marks it), every client refuses to
  write to it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any

from teamspace.errors import InvalidInput, WorkspaceError
from teamspace.store.core import fs
from teamspace.store.core.connection import DAMAGED_MARK, Workspace
from teamspace.store.core.migrations import schema_version


def integrity(connection: sqlite3.Connection, limit: int = 20) -> list[str]:
    """The full integrity check (tables, every index, constraints): ["ok"] when sound."""
    return [str(row[0]) for row in connection.execute(f"PRAGMA integrity_check({limit})")]


def mark_damaged(ws: Workspace, damaged: bool) -> None:
    """Set (or clear) the damaged mark in the header, which makes every client refuse
    writes (connection.DAMAGED_MARK)."""
    def flip(connection: sqlite3.Connection) -> None:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        base = version - DAMAGED_MARK if version >= DAMAGED_MARK else version
        new = base + DAMAGED_MARK if damaged else base
        if new != version:
            connection.execute(f"PRAGMA user_version = {int(new)}")

    ws.raw(flip, purpose="marking the workspace (doctor)")


def repair(ws: Workspace, *, source: str | None = None) -> list[str]:
    """Fix what can be fixed safely; return what was done (one line each)."""
    actions: list[str] = []
    reason = ws.lock.break_stale()
    if reason:
        actions.append(f"removed a stale lock: {reason}")
    actions.extend(_share_modes(ws))
    if not ws.exists():
        return actions
    if source is not None:
        actions.append(restore_from(ws, source))
    else:
        actions.extend(_reindex(ws))
    if source is not None or not _damaged(ws):
        applied = ws.upgrade()
        if applied:
            actions.append("applied migrations: " + ", ".join(applied))
    return actions


def _damaged(ws: Workspace) -> bool:
    return bool(ws.raw(lambda c: int(c.execute("PRAGMA user_version").fetchone()[0])
                       >= DAMAGED_MARK, purpose="checking (doctor)"))


def _reindex(ws: Workspace) -> list[str]:
    def check(connection: sqlite3.Connection) -> list[str]:
        return integrity(connection)

    found = ws.raw(check, purpose="checking (doctor)")
    if found == ["ok"]:
        if _damaged(ws):
            mark_damaged(ws, False)
            return ["the workspace checks out whole again: writes are allowed"]
        return []

    def rebuild(connection: sqlite3.Connection) -> list[str]:
        connection.execute("REINDEX")
        return integrity(connection)

    after = ws.raw(rebuild, purpose="rebuilding indexes (doctor)")
    if after == ["ok"]:
        mark_damaged(ws, False)
        return [f"rebuilt the indexes: {'; '.join(found[:3])} — the file checks out whole "
                "again; writes are allowed"]
    mark_damaged(ws, True)
    raise WorkspaceError(f"the workspace is still damaged after rebuilding its indexes "
                         f"({'; '.join(after[:3])}); restore a backup with 'teamspace "
                         "doctor --repair --from BACKUP.db' (writes stay refused until then)")


def restore_from(ws: Workspace, source: str) -> str:
    """Put the verified backup ``source`` in place of the workspace; the damaged file is
    kept beside it (``<name>.damaged-<time>``).  Returns what was done."""
    source = os.path.abspath(os.path.expanduser(source))
    if not os.path.isfile(source):
        raise InvalidInput(f"{source} is not a backup file")
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        checked = integrity(backup)
        if checked != ["ok"]:
            raise InvalidInput(f"the backup {source} is damaged too ({checked[0]})")
        names = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
        if "meta" not in names or "operation" not in names:
            raise InvalidInput(f"{source} is not a teamspace workspace backup")
        rows = int(backup.execute("SELECT count(*) FROM operation").fetchone()[0])
        aside = f"{ws.path}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"

        def put_back(connection: sqlite3.Connection) -> None:
            damaged = sqlite3.connect(aside)
            try:
                connection.backup(damaged)  # keep what was there, as it was
            except sqlite3.DatabaseError:
                damaged.close()
                with open(ws.path, "rb") as raw, open(aside, "wb") as out:
                    out.write(raw.read())
            else:
                damaged.close()
            backup.backup(connection)
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version >= DAMAGED_MARK:
                connection.execute(f"PRAGMA user_version = {version - DAMAGED_MARK}")

        ws.raw(put_back, purpose="restoring a backup (doctor)")
    finally:
        backup.close()
    fs.share_with_group(aside, made=False)
    return (f"restored the workspace from {source} ({rows} writes in it; anything written "
            f"after that backup is lost); the damaged file is kept as {aside}")


def _share_modes(ws: Workspace) -> list[str]:
    """Make the workspace's files group-writable in a shared folder (owner only)."""
    actions: list[str] = []
    folder = os.path.dirname(ws.path)
    if not fs.shared_folder(folder):
        return actions
    for path in (ws.path, ws.path + "-journal", ws.lock.path):
        try:
            info = os.stat(path)
        except OSError:
            continue
        wanted = 0o060 | (0o010 if os.path.isdir(path) else 0)
        if info.st_mode & wanted == wanted or info.st_uid != os.getuid():
            continue
        os.chmod(path, (info.st_mode & 0o7777) | wanted)
        actions.append(f"made {path} writable for the group")
    return actions


def describe_schema(version: int) -> dict[str, Any]:
    """The schema part of doctor's report for a header value (damaged mark split off)."""
    damaged = version >= DAMAGED_MARK
    return {"workspace": version - DAMAGED_MARK if damaged else version,
            "client": schema_version(), "damaged": damaged}
