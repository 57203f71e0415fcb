"""The Microblog pane's migrations (ordered, named; see store/core/migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.store.core.migrations import Step, add_columns, create_tables

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


def _microblog(session: Session) -> None:
    from teamspace.store.microblog import schema

    create_tables(session, schema.MICROBLOG_TABLES)


def _edited_at(session: Session) -> None:
    from teamspace.store.microblog import schema

    if add_columns(session, schema.Post, ["edited_at"]):
        # Posts edited before the column existed: their last edit is in the activity log.
        session.execute(
            "UPDATE post SET edited_at = (SELECT max(a.at) FROM activity a WHERE "
            "a.item_type = 'post' AND a.item_id = post.id AND a.action = 'edit') "
            "WHERE edited_at IS NULL")


def _search(session: Session) -> None:
    from teamspace.store.microblog.search import create_index

    create_index(session)


def _search_words(session: Session) -> None:
    # A server's index moves from an expression to a stored column (faster ranking).
    from teamspace.store.microblog.search import upgrade_index

    upgrade_index(session)


# The first name predates per-pane migrations and is kept as recorded in workspaces.
MIGRATIONS: list[Step] = [
    ("0002_microblog", _microblog),
    ("microblog.0002_edited_at", _edited_at),
    ("microblog.0003_search", _search),
    ("microblog.0004_search_words", _search_words),
]
