"""The Tasks pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tasks(session: Session) -> None:
    from teamspace.store.tasks import schema

    create_tables(session, schema.TASK_TABLES)


def add_missing_columns(session: Session, model: Any) -> list[str]:
    """ALTER TABLE … ADD COLUMN for each column the SQLModel ``model`` declares and the
    table lacks (compiled from the declaration, so an upgraded workspace ends with the
    same columns as a new one); existing rows keep their values.  Returns the names."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateColumn

    table = model.__table__
    have = {str(r["name"]) for r in session.all(f"PRAGMA table_info({table.name})")}
    added = []
    for column in table.columns:
        if column.name not in have:
            ddl = str(CreateColumn(column).compile(dialect=sqlite.dialect()))
            session.execute(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")
            added.append(column.name)
    return added


def _taskwarrior_fields(session: Session) -> None:
    """Taskwarrior's wait/scheduled/until/start, the project as written, extras; tags
    keep their case (``key`` is the lowercase form filters match)."""
    from teamspace.store.tasks import schema

    add_missing_columns(session, schema.Task)
    add_missing_columns(session, schema.TaskTag)
    # Tags were stored lowercased until now, so each is its own key.
    session.execute("UPDATE task_tag SET key = tag WHERE key IS NULL")
    create_tables(session, [schema.Task, schema.TaskTag])  # the new indexes


# The first name predates per-pane migrations and is kept as recorded in workspaces.
MIGRATIONS: list[Step] = [
    ("0003_tasks", _tasks),
    ("tasks.0002_taskwarrior_fields", _taskwarrior_fields),
]
