"""The Microblog pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _microblog(session: Session) -> None:
    from teamspace.store.microblog import schema

    create_tables(session, schema.MICROBLOG_TABLES)


# The first name predates per-pane migrations and is kept as recorded in workspaces.
MIGRATIONS: list[Step] = [
    ("0002_microblog", _microblog),
]
