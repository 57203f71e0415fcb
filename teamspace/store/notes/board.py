"""What the Notes pane shows on each refresh, read in ONE unit of work: the notebooks,
the notes listed (or the search hits), and the note under the cursor in full."""

from __future__ import annotations

from collections.abc import Callable

from teamspace.errors import NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.notes.notebooks import NotebookView, select_notebooks
from teamspace.store.notes.query import NoteSummary, NoteView, select_note, select_notes


class Board(Record):
    """The pane's view."""

    notebooks: list[NotebookView]
    notes: list[NoteSummary]
    snippets: dict[int, str]  # note id -> marked snippet (when searching)
    detail: NoteView | None
    partial: bool = False  # so many hits that only the newest were ranked


def board(ws: Workspace, *, notebook: str | None, text: str, limit: int,
          detail_of: Callable[[list[NoteSummary]], int | None]) -> Board:
    """Notebooks, the notes of ``notebook`` (all when None) or the hits of the search
    ``text``, and the note ``detail_of(notes)`` picks, in one unit of work."""
    def body(session: Session) -> Board:
        books = select_notebooks(session)
        snippets: dict[int, str] = {}
        partial = False
        if text.strip():
            from teamspace.store.notes.search import select_hits

            hits = select_hits(session, text, notebook=notebook, limit=limit)
            found = [h.note for h in hits]
            snippets = {h.note.id: h.snippet for h in hits}
            partial = hits.partial
        else:
            found = select_notes(session, notebook=notebook, limit=limit)
        chosen = detail_of(found)
        detail = None
        if chosen is not None:
            try:
                detail = select_note(session, chosen)
            except NotFound:
                detail = None
        return Board(books, found, snippets, detail, partial)

    return ws.read(body)
