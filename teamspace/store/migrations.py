"""Ordered, named, forward-only migrations, recorded in the database.

``SCHEMA_VERSION`` is the number of migrations this client knows.  Each unit of work
compares it with the workspace's version (``PRAGMA user_version`` on SQLite: one
header read, no schema introspection).  Older workspace: run the missing
migrations, under the workspace lock.  Newer workspace: reads still work (every
migration only adds), writes are refused with "upgrade teamspace".

Migration bodies compile the SQLModel tables of store/schema.py into DDL, so the
schema is declared once; this module imports SQLModel only inside those bodies.
Each step is written to be safe to re-run (CREATE … IF NOT EXISTS semantics), so a
migration interrupted by a crash simply runs again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from teamspace import __version__

if TYPE_CHECKING:
    from teamspace.store.session import Session


def _create_tables(session: Session, tables: list[Any]) -> None:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    for model in tables:
        table = model.__table__
        ddl = str(CreateTable(table, if_not_exists=True).compile(dialect=dialect))
        session.execute(ddl)
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            session.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))


def _foundation(session: Session) -> None:
    from teamspace.store import schema

    _create_tables(session, schema.FOUNDATION_TABLES)
    # The activity log is append-only: history and undo depend on it never changing.
    for verb in ("UPDATE", "DELETE"):
        session.execute(
            f"CREATE TRIGGER IF NOT EXISTS activity_no_{verb.lower()} BEFORE {verb} ON activity "
            "BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END"
        )
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('workspace_id', :id) "
        "ON CONFLICT (key) DO NOTHING",
        {"id": os.urandom(16).hex()},
    )
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('created_at', :now) ON CONFLICT (key) DO NOTHING",
        {"now": session.now},
    )


def _microblog(session: Session) -> None:
    from teamspace.store import schema

    _create_tables(session, schema.MICROBLOG_TABLES)


def _tasks(session: Session) -> None:
    from teamspace.store import schema

    _create_tables(session, schema.TASK_TABLES)


MIGRATIONS: list[tuple[str, Callable[[Session], None]]] = [
    ("0001_foundation", _foundation),
    ("0002_microblog", _microblog),
    ("0003_tasks", _tasks),
]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(session: Session) -> int:
    """The workspace's schema version (0 = empty file)."""
    return int(session.scalar("PRAGMA user_version") or 0)


def upgrade(session: Session) -> list[str]:
    """Apply every migration the workspace lacks; return their names.  Call in a write."""
    have = current_version(session)
    applied: list[str] = []
    for number, (name, step) in enumerate(MIGRATIONS, start=1):
        if number <= have:
            continue
        step(session)
        session.execute(
            "INSERT INTO migration (id, name, applied_at, applied_by, app_version) "
            "VALUES (:id, :name, :at, :by, :version) ON CONFLICT (id) DO NOTHING",
            {"id": number, "name": name, "at": session.now, "by": session.actor,
             "version": __version__},
        )
        applied.append(name)
    if applied:
        session.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_app_version', :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"v": __version__},
        )
        # PRAGMA takes no bound parameters; SCHEMA_VERSION is our own integer.
        session.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
    return applied
