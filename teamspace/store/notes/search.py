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
                tag: str | None = None, author: str | None = None, limit: int = 20,
                window: int | None = seam.RANK_WINDOW) -> seam.Ranked[SearchHit]:
    """The best matches of the query ``text`` (InvalidInput for a query with nothing
    to find), inside an open unit of work.  ``partial`` when more than ``window`` notes
    match, so only the newest ``window`` were ranked (store/core/search.py)."""
    query = seam.parse(text)
    # The notebooks the reader may see, found once (not once per matching note).
    books = f"SELECT nb.id FROM notebook nb WHERE {VISIBLE}"
    params: dict[str, Any] = {"me": session.actor}
    if notebook:
        from teamspace.store.notes.notebooks import find

        params["nb"] = find(session, notebook)["id"]
        books += " AND nb.id = :nb"
    else:
        books += " AND nb.archived_at IS NULL"
    where = ["t.deleted_at IS NULL", f"t.notebook_id IN ({books})"]
    if tag:
        params["tag"] = tag.strip().lower().lstrip("#")
        where.append("t.id IN (SELECT note_id FROM note_tag WHERE tag = :tag)")
    if author:
        params["author"] = author.strip().lower().lstrip("@")
        where.append("t.author = :author")
    found = seam.hits(session, index="note_fts", table="note", query=query, limit=limit,
                      snippet_column=-1, where=" AND ".join(where), params=params,
                      window=window)
    result: seam.Ranked[SearchHit] = seam.Ranked()
    result.partial = found.partial
    if not found:
        return result
    marks, ids = placeholders("i", [h.id for h in found])
    rows = session.all(f"SELECT {_COLUMNS} FROM note n JOIN notebook nb ON nb.id = "
                       f"n.notebook_id WHERE n.id IN ({marks})", ids)
    by_id = {s.id: s for s in summaries(session, rows)}
    result.extend(SearchHit(by_id[h.id], h.rank, h.snippet) for h in found if h.id in by_id)
    return result


def search(ws: Workspace, text: str, **filters: Any) -> seam.Ranked[SearchHit]:
    """:func:`select_hits` in its own unit of work."""
    return ws.read(lambda s: select_hits(s, text, **filters))
