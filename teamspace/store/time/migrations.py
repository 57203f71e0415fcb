"""The Time pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tables(session: Session) -> None:
    from teamspace.store.time import schema

    create_tables(session, schema.TIME_TABLES)


def _row_security(session: Session) -> None:
    # A server secured before the Time pane had policies (store/time/policies.py) gets
    # them now; a file or an open server: nothing to do.
    from teamspace.store.core.postgres.security import renew

    renew(session, "time")


MIGRATIONS: list[Step] = [
    ("time.0001_tables", _tables),
    ("time.0002_row_security", _row_security),
]
