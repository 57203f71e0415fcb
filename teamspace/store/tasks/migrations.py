"""The Tasks pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teamspace.store.core.migrations import Step, add_columns, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tasks(session: Session) -> None:
    from teamspace.store.tasks import schema

    create_tables(session, schema.TASK_TABLES)


def add_missing_columns(session: Session, model: Any) -> list[str]:
    """ADD COLUMN for every column the SQLModel ``model`` declares and the table lacks
    (core's ``add_columns``: compiled from the declaration, on either database)."""
    return add_columns(session, model, [column.name for column in model.__table__.columns])


def _taskwarrior_fields(session: Session) -> None:
    """Taskwarrior's wait/scheduled/until/start, the project as written, extras; tags
    keep their case (``key`` is the lowercase form filters match)."""
    from teamspace.store.tasks import schema

    add_missing_columns(session, schema.Task)
    add_missing_columns(session, schema.TaskTag)
    # Tags were stored lowercased until now, so each is its own key.
    session.execute("UPDATE task_tag SET key = tag WHERE key IS NULL")
    create_tables(session, [schema.Task, schema.TaskTag])  # the new indexes


def _alert_seen(session: Session) -> None:
    """Each member's mark of the newest task alert seen (workspaces made before it)."""
    from teamspace.store.tasks import schema

    create_tables(session, [schema.TaskAlertSeen])


# The first name predates per-pane migrations and is kept as recorded in workspaces.
MIGRATIONS: list[Step] = [
    ("0003_tasks", _tasks),
    ("tasks.0002_taskwarrior_fields", _taskwarrior_fields),
    ("tasks.0003_alert_seen", _alert_seen),
]
