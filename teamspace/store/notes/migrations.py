"""The Notes pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tables(session: Session) -> None:
    from teamspace.store.notes import schema

    create_tables(session, schema.NOTES_TABLES)


def _search(session: Session) -> None:
    from teamspace.store.core.search import create_index

    create_index(session, index="note_fts", table="note", columns=["title", "body"])


MIGRATIONS: list[Step] = [
    ("notes.0001_tables", _tables),
    ("notes.0002_search", _search),
]
