"""Ordered, named, forward-only migrations, owned by the core and by each pane.

The core's steps come first, then each built pane's ``store/<key>/migrations.py``
(``MIGRATIONS``) in tab order; within a pane, steps run in their listed order.  What
has been applied is recorded by name in the ``migration`` table.

:func:`schema_version` is the number of steps this client knows.  Each unit of work
compares it with the workspace's version (SQLite: ``PRAGMA user_version``, one header
read; PostgreSQL: the ``schema_version`` row of ``meta``; see store/core/dialect.py).
Older workspace: the steps it lacks (by name) run, under the workspace lock (on a
server: in one SERIALIZABLE transaction).  Newer workspace: reads still work (every
step only adds), writes are refused with "upgrade teamspace".  Clients only ever gain
steps, so a count is enough to tell older from newer.

Step bodies compile SQLModel tables into DDL for the session's database
(:func:`create_tables`), so the schema is declared once; SQLModel is imported only
inside those bodies.  Each step is safe to
re-run (CREATE … IF NOT EXISTS), so a migration interrupted by a crash runs again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from teamspace import __version__

if TYPE_CHECKING:
    from teamspace.store.core.session import Session

Step = tuple[str, Callable[["Session"], None]]


def create_tables(session: Session, tables: list[Any]) -> None:
    """CREATE TABLE/INDEX IF NOT EXISTS for SQLModel ``tables`` (the pane steps' tool),
    compiled for the session's database (SQLite or PostgreSQL)."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = session.dialect.sqlalchemy_dialect()
    for model in tables:
        table = model.__table__
        ddl = str(CreateTable(table, if_not_exists=True).compile(dialect=dialect))
        session.execute(ddl)
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            session.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))


def add_columns(session: Session, model: Any, names: list[str]) -> list[str]:
    """ALTER TABLE … ADD COLUMN for those of ``model``'s columns ``names`` that the table
    lacks (a step that adds columns to a pane's table; safe to run again).  Returns the
    names added.  The column DDL is compiled from the SQLModel declaration, so a new
    workspace (CREATE TABLE) and an upgraded one end with the same columns."""
    from sqlalchemy.schema import CreateColumn

    table = model.__table__
    have = {name for name, _type, _key in session.dialect.columns(session, table.name)}
    added = []
    for name in names:
        if name in have:
            continue
        column = str(CreateColumn(table.columns[name]).compile(
            dialect=session.dialect.sqlalchemy_dialect()))
        session.execute(f"ALTER TABLE {table.name} ADD COLUMN {column}")
        added.append(name)
    return added


def _foundation(session: Session) -> None:
    from teamspace.store.core import schema

    create_tables(session, schema.FOUNDATION_TABLES)
    # The activity log is append-only: history and undo depend on it never changing.
    session.dialect.append_only(session, "activity", "the activity log is append-only")
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('workspace_id', :id) "
        "ON CONFLICT (key) DO NOTHING",
        {"id": os.urandom(16).hex()},
    )
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('created_at', :now) ON CONFLICT (key) DO NOTHING",
        {"now": session.now},
    )


def _shared(session: Session) -> None:
    # Groups and projects were created by the microblog and tasks steps before they
    # became the core's; on such workspaces this step finds them and adds nothing.
    from teamspace.store.core import schema

    create_tables(session, schema.SHARED_TABLES)


# The first name predates per-pane migrations and is kept as recorded in workspaces.
CORE_MIGRATIONS: list[Step] = [
    ("0001_foundation", _foundation),
    ("core.shared_tables", _shared),
]


@cache
def all_migrations() -> tuple[Step, ...]:
    """Every step this client knows: the core's, then each built pane's, in order."""
    from teamspace.store.core.registry import pane_modules

    steps = list(CORE_MIGRATIONS)
    for _key, module in pane_modules("migrations"):
        steps.extend(module.MIGRATIONS)
    names = [name for name, _step in steps]
    if len(set(names)) != len(names):
        raise RuntimeError(f"migration names must be unique: {names}")
    return tuple(steps)


def schema_version() -> int:
    """The schema version of this client: how many migration steps it knows."""
    return len(all_migrations())


def current_version(session: Session) -> int:
    """The workspace's schema version (0 = empty file or database)."""
    if not session.dialect.has_table(session, "meta"):
        return 0
    return session.dialect.schema_version(session)


def upgrade(session: Session) -> list[str]:
    """Apply every step the workspace lacks; return their names.  Call in a write."""
    have = current_version(session)
    known = schema_version()
    if have >= known:
        return []
    done: set[str] = set()
    if have:
        done = {str(r["name"]) for r in session.all("SELECT name FROM migration")}
    applied: list[str] = []
    for name, step in all_migrations():
        if name in done:
            continue
        step(session)
        session.execute(
            "INSERT INTO migration (id, name, applied_at, applied_by, app_version) "
            "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM migration), :name, :at, :by, "
            ":version) ON CONFLICT (name) DO NOTHING",
            {"name": name, "at": session.now, "by": session.actor, "version": __version__},
        )
        applied.append(name)
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_app_version', :v) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"v": __version__},
    )
    session.dialect.set_schema_version(session, known)
    return applied
