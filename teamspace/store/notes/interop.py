"""Importing notes, whatever they came from: one replayable writer that creates or
updates notes recognised by their ``uid``, so importing the same thing twice changes
nothing; and helpers shared by the readers (folder.py, jrnl.py, enex.py).

A note to import is plain data (JSON-friendly, so a queued import replays):
``uid, title, body, tags, pinned, created_at, updated_at, source`` and ``files``
(``name, content_b64, mime``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.notes import notebooks
from teamspace.store.notes.access import VISIBLE, check_body, set_tags, tags_of
from teamspace.store.notes.files import add_file, check_file_name, decode
from teamspace.store.notes.notes import insert_note, new_uid, store_text

BATCH_BYTES = 4 * 1024 * 1024
BATCH_NOTES = 100
FILE_LIMIT = 20 * 1024 * 1024


def lenient_tags(raw: Iterable[Any]) -> list[str]:
    """Tags from other programs made valid: lowercased, '#'/'@' dropped, other
    characters (``a/b``, spaces) turned into '-'; empty ones skipped."""
    found: list[str] = []
    for value in raw:
        for part in str(value).replace(",", " ").split():
            tag = re.sub(r"[^\w-]+", "-", part.lower().lstrip("#@+")).strip("-_")[:50]
            if tag and tag not in found:
                found.append(tag)
    return found


def title_from(title: str | None, body: str, fallback: str) -> str:
    """A title: the given one, else the first heading or line of the text, else
    ``fallback``; one line, at most 300 characters."""
    if not title or not str(title).strip():
        first = next((line.lstrip("# ").strip() for line in body.split("\n")
                      if line.strip()), "")
        title = first or fallback
    title = " ".join(str(title).split()) or fallback
    return title[:300]


def batches(notes: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Notes in groups small enough for one short write each."""
    batch: list[dict[str, Any]] = []
    size = 0
    for note in notes:
        weight = len(note.get("body", "")) + sum(len(f.get("content_b64", ""))
                                                  for f in note.get("files", []))
        if batch and (size + weight > BATCH_BYTES or len(batch) >= BATCH_NOTES):
            yield batch
            batch, size = [], 0
        batch.append(note)
        size += weight
    if batch:
        yield batch


def _one(session: Session, notebook_id: int, note: dict[str, Any]) -> str:
    uid = str(note.get("uid") or new_uid())
    title = title_from(note.get("title"), note.get("body", ""), "Untitled")
    body = check_body(str(note.get("body", "")))
    tags = lenient_tags(note.get("tags") or [])
    row = session.one("SELECT id FROM note WHERE uid = :u", {"u": uid})
    visible = row is not None and session.one(
        f"SELECT n.* FROM note n JOIN notebook nb ON nb.id = n.notebook_id WHERE n.id = :id "
        f"AND {VISIBLE}", {"id": row["id"], "me": session.actor})
    files = [(check_file_name(f["name"]), decode(f["content_b64"], FILE_LIMIT),
              str(f.get("mime") or "")) for f in note.get("files") or []]
    if row is not None and not visible:
        uid = new_uid()  # someone else's note we may not see: ours is a new one
    if not visible:
        note_id = insert_note(session, notebook_id=notebook_id, title=title, body=body,
                              tags=tags, pinned=bool(note.get("pinned")), uid=uid,
                              source=str(note.get("source") or "import")[:200],
                              created_at=note.get("created_at"),
                              updated_at=note.get("updated_at") or note.get("created_at"))
        for name, data, mime in files:
            add_file(session, note_id, name, data, mime)
        return "created"
    current = visible
    note_id = int(current["id"])
    changed = False
    if current["title"] != title or current["body"] != body:
        store_text(session, current, title, body, "import")
        changed = True
    if tags_of(session, note_id) != tags:
        set_tags(session, note_id, tags)
        changed = True
    if bool(current["pinned"]) != bool(note.get("pinned")):
        session.execute("UPDATE note SET pinned = :p, version = version + 1 WHERE id = :id",
                        {"p": bool(note.get("pinned")), "id": note_id})
        changed = True
    for name, data, mime in files:
        changed = bool(add_file(session, note_id, name, data, mime)["changed"]) or changed
    return "updated" if changed else "unchanged"


@replayable
def import_notes(ws: Workspace, *, notes: Sequence[dict[str, Any]],
                 notebook: str | None = None, op_id: str | None = None) -> dict[str, int]:
    """Create or update ``notes`` in a notebook (the default one unless named); returns
    how many were ``created``, ``updated`` and ``unchanged``."""
    def run(session: Session) -> dict[str, int]:
        book = notebooks.resolve(session, notebook)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for note in notes:
            counts[_one(session, int(book["id"]), dict(note))] += 1
        return counts

    return ws.write(run, kind="note.import", op_id=op_id)


def stored_time(value: Any) -> str | None:
    """An ISO time from a file (``2026-11-30T10:55:54Z``, a date) as stored UTC text."""
    if value is None or not str(value).strip():
        return None
    from datetime import datetime

    from teamspace.dates import to_text

    text = str(value).strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a time without zone is the writer's local time
    return to_text(moment)
