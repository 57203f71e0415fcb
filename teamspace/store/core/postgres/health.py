"""What ``doctor`` and ``version`` say about a server workspace.

There is no lock, journal or filesystem to inspect: the questions are whether the
server answers (and how fast), who we are on it, the schema version, row-level
security, whether search strips accents and live updates are delivered, and the row
counts.  Repair is an upgrade of an older schema (by a role allowed to change it).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from teamspace import __version__
from teamspace.errors import TeamspaceError, WorkspaceError
from teamspace.store.core.migrations import schema_version
from teamspace.store.core.postgres.dialect import CHANNEL
from teamspace.store.core.postgres.workspace import ServerWorkspace
from teamspace.store.core.session import Session


def server_version(ws: ServerWorkspace) -> str:
    """'PostgreSQL 15.18' (what the server says of itself)."""
    row = ws.read_raw("SELECT current_setting('server_version') AS v")
    return f"PostgreSQL {str(row['v']).split()[0]}"


def _facts(session: Session) -> dict[str, Any]:
    tables = session.dialect.tables(session)
    rows = {name: int(session.scalar(
        'SELECT count(*) FROM "{}"'.format(name.replace('"', '""')))) for name in tables}
    meta = {str(r["key"]): str(r["value"]) for r in session.all(
        "SELECT key, value FROM meta")}
    secured = [str(r["relname"]) for r in session.all(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relrowsecurity ORDER BY c.relname")]
    return {
        "role": session.scalar("SELECT session_user"),
        "database": session.scalar("SELECT current_database()"),
        "size_bytes": int(session.scalar("SELECT pg_database_size(current_database())")),
        "schema": {"workspace": int(meta.get("schema_version", 0)),
                   "client": schema_version(),
                   "upgraded_by": meta.get("schema_app_version")},
        "workspace_id": meta.get("workspace_id"),
        "row_level_security": secured,
        # Installed with the first search index; what matters is whether it can be.
        "accent_folding": bool(session.scalar(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'")),
        "rows": rows,
    }


def diagnose(ws: ServerWorkspace) -> dict[str, Any]:
    """Everything ``doctor`` reports about a server workspace; ``problems`` lists what
    is wrong (empty: all is well)."""
    problems: list[str] = []
    report: dict[str, Any] = {
        "backend": "postgresql", "teamspace": __version__,
        "python": sys.version.split()[0], "workspace": ws.path, "user": ws.user,
        "driver": f"psycopg {_psycopg_version()}",
        "transactions": "SERIALIZABLE writes (retried on conflicts), REPEATABLE READ "
                        "reads, op-id idempotency; no file lock",
        "change_detection": f"LISTEN/NOTIFY on channel '{CHANNEL}'",
    }
    started = time.monotonic()
    try:
        report["server"] = server_version(ws)
        report["round_trip_ms"] = round((time.monotonic() - started) * 1000, 1)
        report["exists"] = ws.exists()
    except TeamspaceError as exc:
        report["exists"] = None
        problems.append(str(exc))
        report["problems"] = problems
        return report
    if not report["exists"]:
        problems.append(f"no workspace in {ws.path} yet; 'teamspace init {ws.path}' "
                        "creates it")
        report["problems"] = problems
        return report
    try:
        report.update(ws.raw(lambda c: _inspect(ws, c), purpose="checking (doctor)"))
    except TeamspaceError as exc:
        problems.append(str(exc))
    from teamspace.store.core.health import schema_problems

    problems += schema_problems(report.get("schema") or {})
    if report.get("row_level_security") and report.get("role") != ws.user:
        problems.append(f"row-level security is on, but you connect as role "
                        f"'{report['role']}' while teamspace knows you as '{ws.user}'")
    report["problems"] = problems
    return report


def _inspect(ws: ServerWorkspace, connection: Any) -> dict[str, Any]:
    from teamspace.store.core.postgres.driver import Adapter

    with connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        session = Session(Adapter(connection), actor=ws.user, op_id=None, now="",
                          write=False, dialect=ws.dialect)
        return _facts(session)


def _psycopg_version() -> str:
    import psycopg

    return str(psycopg.__version__)


def repair(ws: ServerWorkspace) -> list[str]:
    """Upgrade an older schema (nothing else on a server needs repairing by us)."""
    if not ws.exists():
        return []
    applied = ws.upgrade()
    return ["applied migrations: " + ", ".join(applied)] if applied else []


def describe_for_version(ws: ServerWorkspace) -> dict[str, Any]:
    """The server and workspace schema for ``teamspace version --db URL``."""
    return {"server": server_version(ws),
            "workspace_schema": ws.read(lambda s: s.dialect.schema_version(s))}


def backup(ws: ServerWorkspace, dest: str, *, overwrite: bool = False) -> dict[str, Any]:
    """A server's backup: a complete, verified SQLite workspace file (open it with
    ``--db``, or bring it back with ``migrate-to``).  For the whole database cluster,
    use the server's own tools (pg_dump, base backups): docs/postgresql.md."""
    from teamspace.store.core import transfer
    from teamspace.store.core.connection import Workspace
    if not ws.exists():
        raise WorkspaceError(f"no workspace in {ws.path} to back up")
    dest = _destination(ws.path, dest, overwrite=overwrite)
    partial = dest + ".partial"
    if os.path.exists(partial):
        os.unlink(partial)
    started = time.monotonic()
    copy = Workspace.open(partial, user=ws.user, force=True)
    try:
        result = transfer.copy(ws, copy)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    if not result["verified"]:
        os.unlink(partial)
        bad = [name for name, t in result["tables"].items() if not t["verified"]]
        raise WorkspaceError(f"the backup copy failed verification ({', '.join(bad)}); "
                             f"nothing was written to {dest}")
    os.replace(partial, dest)
    return {"path": dest, "bytes": os.path.getsize(dest), "integrity": "ok",
            "rows": {name: t["rows"] for name, t in result["tables"].items()},
            "seconds": round(time.monotonic() - started, 3)}


def _destination(source: str, dest: str, *, overwrite: bool) -> str:
    """The backup file for ``dest`` (a file, or a folder to put a dated copy in)."""
    from teamspace.errors import InvalidInput

    dest = os.path.abspath(os.path.expanduser(dest))
    if os.path.isdir(dest):
        stem = source.rstrip("/").rsplit("/", 1)[-1] or "team"
        dest = os.path.join(dest, f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.db")
    if os.path.exists(dest) and not overwrite:
        raise InvalidInput(f"{dest} exists; choose another name or pass --overwrite")
    if not os.path.isdir(os.path.dirname(dest)):
        raise InvalidInput(f"folder {os.path.dirname(dest)} does not exist")
    return dest
