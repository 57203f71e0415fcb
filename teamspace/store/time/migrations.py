"""The Time pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tables(session: Session) -> None:
    from teamspace.store.time import schema

    create_tables(session, schema.TIME_TABLES)


MIGRATIONS: list[Step] = [
    ("time.0001_tables", _tables),
]
