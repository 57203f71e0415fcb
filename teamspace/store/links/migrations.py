"""The Links pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _tables(session: Session) -> None:
    from teamspace.store.links import schema

    create_tables(session, schema.LINK_TABLES)


COLUMNS = ["url", "title", "note", "tags"]


def _search(session: Session) -> None:
    from teamspace.store.core import search

    search.create_index(session, index="link_save_fts", table="link_save", columns=COLUMNS)


def _search_words(session: Session) -> None:
    # A server's index moves from an expression to a stored column (faster ranking).
    from teamspace.store.core import search

    search.upgrade_index(session, index="link_save_fts", table="link_save",
                         columns=COLUMNS)


MIGRATIONS: list[Step] = [
    ("links.0001_tables", _tables),
    ("links.0002_search", _search),
    ("links.0003_search_words", _search_words),
]
