"""The Tasks pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tasks(session: Session) -> None:
    from teamspace.store.tasks import schema

    create_tables(session, schema.TASK_TABLES)


# The first name predates per-pane migrations and is kept as recorded in workspaces.
MIGRATIONS: list[Step] = [
    ("0003_tasks", _tasks),
]
