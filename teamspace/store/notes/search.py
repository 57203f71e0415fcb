"""``note search``: ranked full-text search over titles and text, through the core's
search seam (store/core/search.py: the query language, FTS5 bm25 on SQLite), limited
to notes the reader may see, with a snippet whose matches are marked."""

from __future__ import annotations

from typing import Any

from teamspace.store.core import search as seam
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session, placeholders
from teamspace.store.notes.access import VISIBLE
from teamspace.store.notes.query import _COLUMNS, NoteSummary, summaries


class SearchHit(Record):
    """A note that matched, best first: its summary, rank and marked snippet."""

    note: NoteSummary
    rank: float
    snippet: str

    def spans(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces."""
        return seam.marked_spans(self.snippet)


def select_hits(session: Session, text: str, *, notebook: str | None = None,
                tag: str | None = None, author: str | None = None, limit: int = 20
                ) -> list[SearchHit]:
    """The best matches of the query ``text`` (InvalidInput for a query with nothing
    to find), inside an open unit of work."""
    query = seam.parse(text)
    where = ["t.deleted_at IS NULL", "EXISTS (SELECT 1 FROM notebook nb WHERE nb.id = "
             f"t.notebook_id AND nb.archived_at IS NULL AND {VISIBLE})"]
    params: dict[str, Any] = {"me": session.actor}
    if notebook:
        from teamspace.store.notes.notebooks import find

        params["nb"] = find(session, notebook)["id"]
        where[1] = f"EXISTS (SELECT 1 FROM notebook nb WHERE nb.id = t.notebook_id AND {VISIBLE})"
        where.append("t.notebook_id = :nb")
    if tag:
        params["tag"] = tag.strip().lower().lstrip("#")
        where.append("t.id IN (SELECT note_id FROM note_tag WHERE tag = :tag)")
    if author:
        params["author"] = author.strip().lower().lstrip("@")
        where.append("t.author = :author")
    found = seam.hits(session, index="note_fts", table="note", query=query, limit=limit,
                      snippet_column=-1, where=" AND ".join(where), params=params)
    if not found:
        return []
    marks, ids = placeholders("i", [h.id for h in found])
    rows = session.all(f"SELECT {_COLUMNS} FROM note n JOIN notebook nb ON nb.id = "
                       f"n.notebook_id WHERE n.id IN ({marks})", ids)
    by_id = {s.id: s for s in summaries(session, rows)}
    return [SearchHit(by_id[h.id], h.rank, h.snippet) for h in found if h.id in by_id]


def search(ws: Workspace, text: str, **filters: Any) -> list[SearchHit]:
    """:func:`select_hits` in its own unit of work."""
    return ws.read(lambda s: select_hits(s, text, **filters))
