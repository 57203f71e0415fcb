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


def _search_words(session: Session) -> None:
    # A server's index moves from an expression to a stored column (faster ranking).
    from teamspace.store.core.search import upgrade_index

    upgrade_index(session, index="note_fts", table="note", columns=["title", "body"])


def _row_security(session: Session) -> None:
    # A secured server gets the notes' set-based read policy (store/notes/policies.py);
    # a file or an open server: nothing to do.
    from teamspace.store.core.postgres.security import renew

    renew(session, "notes")


MIGRATIONS: list[Step] = [
    ("notes.0001_tables", _tables),
    ("notes.0002_search", _search),
    ("notes.0003_search_words", _search_words),
    ("notes.0004_row_security", _row_security),
]
