"""Searching the stream: ranked full-text matches among the posts the reader may see,
through the core's search seam (store/core/search.py: the same query language and
engine as the other panes, and PostgreSQL's when the workspace moves there)."""

from __future__ import annotations

from teamspace.store.core import search
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.microblog.feed import VISIBLE, PostView, _views, read_upto

INDEX = "post_fts"


class Found(Record):
    """A post that matched, best first, with where it matched (marked snippet)."""

    post: PostView
    snippet: str

    def to_json(self) -> dict[str, object]:
        """The post's JSON plus the snippet (matches between U+E000 and U+E001)."""
        return {**self.post.to_json(), "snippet": self.snippet}


def create_index(session: Session) -> None:
    """The index over post texts (a migration step)."""
    search.create_index(session, index=INDEX, table="post", columns=["text"])


def upgrade_index(session: Session) -> None:
    """The index made by an older teamspace brought up to date (a migration step)."""
    search.upgrade_index(session, index=INDEX, table="post", columns=["text"])


def select_found(session: Session, text: str, *, limit: int = 50) -> list[Found]:
    """Posts matching ``text`` that the session's user may read, best first."""
    query = search.parse(text)
    hits = search.hits(session, index=INDEX, table="post", query=query, limit=limit,
                       table_alias="p", where=f"p.deleted_at IS NULL AND {VISIBLE}",
                       params={"me": session.actor})
    if not hits:
        return []
    from teamspace.store.core.session import placeholders

    marks, params = placeholders("h", [hit.id for hit in hits])
    rows = session.all(f"SELECT p.* FROM post p WHERE p.id IN ({marks})", params)
    views = {view.id: view for view in _views(session, rows, read_upto(session,
                                                                       session.actor))}
    return [Found(views[hit.id], hit.snippet) for hit in hits if hit.id in views]


def search_posts(ws: Workspace, text: str, *, limit: int = 50) -> list[Found]:
    """:func:`select_found` in one unit of work."""
    return ws.read(lambda session: select_found(session, text, limit=limit))
