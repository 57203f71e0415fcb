"""Diagnose, repair and back up a workspace (``teamspace doctor`` / ``backup``)."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from typing import Any

from teamspace import __version__
from teamspace.errors import InvalidInput, TeamspaceError, WorkspaceError
from teamspace.store.core import fs
from teamspace.store.core.connection import LOCK_PROTOCOL, Workspace
from teamspace.store.core.migrations import schema_version

# SQLite before 3.47 ignores a hot journal under the dotfile VFS after a crash; our own
# lock + unix-none VFS does not depend on that fix (docs/storage.md, rule 2).
SQLITE_DOTFILE_FIXED = (3, 47, 0)
LOW_DISK = 16 * 1024 * 1024  # bytes free below which doctor warns


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall()
    return [str(row[0]) for row in rows]


def _count_rows(connection: sqlite3.Connection) -> dict[str, int]:
    # Table names come from sqlite_master of this very file, quoted as identifiers.
    return {name: int(connection.execute(
        'SELECT count(*) FROM "{}"'.format(name.replace('"', '""'))).fetchone()[0])
        for name in _tables(connection)}


def diagnose(ws: Workspace) -> dict[str, Any]:
    """Everything ``doctor`` reports, as plain data; ``problems`` lists what is wrong."""
    problems: list[str] = []
    report: dict[str, Any] = {
        "teamspace": __version__,
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "lock_protocol": LOCK_PROTOCOL,
        "workspace": ws.path,
        "user": ws.user,
    }
    mount = ws.mount or fs.mount_of(os.path.dirname(ws.path))
    report["filesystem"] = {
        "type": mount.fs_type if mount else "unknown",
        "mount_point": mount.mount_point if mount else None,
        "options": mount.options if mount else None,
        "network": bool(mount and mount.is_network),
        "change_detection": "header poll" if mount and mount.is_network else "inotify",
        "sync_folder": fs.sync_folder_reason(ws.path, mount),
    }
    if report["filesystem"]["sync_folder"]:
        problems.append(f"the workspace looks like a sync folder: "
                        f"{report['filesystem']['sync_folder']}")
    state = ws.lock.state()
    report["lock"] = {
        "held": state.held,
        "holder": state.owner.describe() if state.owner else None,
        "host": state.owner.host if state.owner else None,
        "pid": state.owner.pid if state.owner else None,
        "since": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(state.owner.since))
        if state.owner else None,
        "stale": state.stale,
        "status": state.reason,
    }
    if state.stale:
        problems.append(f"the lock is stale ({state.reason}); 'teamspace doctor --repair' "
                        "removes it")
    journal = ws.path + "-journal"
    report["journal_bytes"] = os.path.getsize(journal) if os.path.exists(journal) else None
    report["exists"] = ws.exists()
    if not report["exists"]:
        problems.append(f"no workspace at {ws.path}; 'teamspace init' creates it")
        report["problems"] = problems
        return report
    report["size_bytes"] = os.path.getsize(ws.path)
    problem = ws.access_problem()
    if problem:
        problems.append(problem)
    report["free_bytes"] = _free_bytes(ws.path)
    if report["free_bytes"] is not None and report["free_bytes"] < LOW_DISK:
        problems.append(f"the disk holding the workspace is (nearly) full: "
                        f"{report['free_bytes']} bytes free; writes will fail")
    if state.held:
        # Checking would take the lock (and break a stale one): leave that to --repair.
        report["schema"] = report["integrity_check"] = None
        if not state.stale:
            problems.append(f"the workspace is busy ({state.reason}); skipped the checks")
        report["problems"] = problems
        return report
    try:
        report.update(ws.raw(_inspect, purpose="checking (doctor)"))
    except TeamspaceError as exc:
        problems.append(str(exc))
    except (sqlite3.DatabaseError, OSError) as exc:
        problems.append(f"cannot read the workspace: {exc}")
    schema = report.get("schema") or {}
    if report.get("integrity_check") not in (None, "ok"):
        from teamspace.store.core.repair import mark_damaged

        try:
            mark_damaged(ws, True)
        except (TeamspaceError, sqlite3.Error):
            pass  # too damaged to mark: every write fails on its own anyway
        problems.append(f"the workspace is damaged: {report['integrity_check']}; writes "
                        "are refused until 'teamspace doctor --repair' (rebuilds indexes; "
                        "'--from BACKUP.db' restores a backup)")
    elif schema.get("damaged"):
        problems.append("the workspace is marked damaged (by an earlier doctor); "
                        "'teamspace doctor --repair' checks it again and clears the mark")
    problems += schema_problems(schema)
    report["problems"] = problems
    return report


def schema_problems(schema: dict[str, Any]) -> list[str]:
    """What doctor says about the workspace's schema version against this client's."""
    have = schema.get("workspace", schema_version())
    if have > schema_version():
        return [f"the workspace schema ({have}) is newer than this teamspace knows "
                f"({schema_version()}); upgrade teamspace to write"]
    if have < schema_version():
        return ["the workspace schema is older than this client; any write (or "
                "'teamspace doctor --repair') upgrades it"]
    return []


def _free_bytes(path: str) -> int | None:
    try:
        info = os.statvfs(os.path.dirname(path))
    except (OSError, AttributeError):
        return None
    return int(info.f_bavail * info.f_frsize)


def _inspect(connection: sqlite3.Connection) -> dict[str, Any]:
    # The FULL check: quick_check skips index contents, and missed a damaged index (the
    # one that makes retries idempotent) in 4 of 60 random bit-flip runs.
    from teamspace.store.core.repair import describe_schema, integrity

    checks = integrity(connection)
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    meta: dict[str, str] = {}
    if "meta" in _tables(connection):
        meta = {str(k): str(v) for k, v in connection.execute("SELECT key, value FROM meta")}
    schema = describe_schema(version)
    schema["upgraded_by"] = meta.get("schema_app_version")
    return {
        "integrity_check": "ok" if checks == ["ok"] else "; ".join(checks[:5]),
        "schema": schema,
        "workspace_id": meta.get("workspace_id"),
        "rows": _count_rows(connection),
    }


def backup(ws: Workspace, dest: str, *, overwrite: bool = False) -> dict[str, Any]:
    """Copy the workspace online with SQLite's backup API, then verify the copy."""
    if not ws.exists():
        raise WorkspaceError(f"no workspace at {ws.path} to back up")
    dest = os.path.abspath(os.path.expanduser(dest))
    if os.path.isdir(dest):
        stem = os.path.splitext(os.path.basename(ws.path))[0]
        dest = os.path.join(dest, f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.db")
    own = {os.path.realpath(p) for p in (ws.path, ws.path + "-journal", ws.lock.path,
                                          ws.lock.breaker_path)}
    if os.path.realpath(dest) in own or os.path.realpath(dest).startswith(
            os.path.realpath(ws.lock.path) + os.sep):
        raise InvalidInput("the backup must not be one of the workspace's own files")
    if os.path.exists(dest) and not os.path.isfile(dest):
        raise InvalidInput(f"{dest} is not a regular file; give a file name or a folder")
    if os.path.exists(dest) and not overwrite:
        raise InvalidInput(f"{dest} exists; choose another name or pass --overwrite")
    if not os.path.isdir(os.path.dirname(dest)):
        raise InvalidInput(f"folder {os.path.dirname(dest)} does not exist")
    partial = dest + ".partial"

    def copy(connection: sqlite3.Connection) -> dict[str, int]:
        if os.path.exists(partial):
            os.unlink(partial)
        target = sqlite3.connect(partial)
        try:
            connection.backup(target)
        finally:
            target.close()
        return _count_rows(connection)

    started = time.monotonic()
    source_rows = ws.raw(copy, purpose="backing up")
    target = sqlite3.connect(partial)
    try:
        integrity = [str(r[0]) for r in target.execute("PRAGMA integrity_check").fetchall()]
        copied_rows = _count_rows(target)
    finally:
        target.close()
    if integrity != ["ok"] or copied_rows != source_rows:
        os.unlink(partial)
        raise WorkspaceError(f"the backup copy failed verification (integrity: "
                             f"{'; '.join(integrity[:3])}); nothing was written to {dest}")
    os.replace(partial, dest)
    return {"path": dest, "bytes": os.path.getsize(dest), "integrity": "ok",
            "rows": source_rows, "seconds": round(time.monotonic() - started, 3)}
