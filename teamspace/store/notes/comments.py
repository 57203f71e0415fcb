"""Comments beside a note (the chat next to a shared document) and the presence hint
("anna is editing since 10:02")."""

from __future__ import annotations

from teamspace.errors import InvalidInput, PermissionDenied
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.notes.access import MAX_COMMENT, fetch_note


@replayable
def add_comment(ws: Workspace, *, note_id: int, text: str, op_id: str | None = None) -> int:
    """Comment on a note; returns the comment's id."""
    text = text.strip()
    if not text:
        raise InvalidInput("a comment cannot be empty")
    if len(text) > MAX_COMMENT:
        raise InvalidInput(f"a comment can have at most {MAX_COMMENT} characters")

    def run(session: Session) -> int:
        fetch_note(session, note_id)
        comment_id = session.insert(
            "INSERT INTO note_comment (created_at, updated_at, author, version, op_id, "
            "note_id, text) VALUES (:now, :now, :actor, 1, :op, :n, :text) RETURNING id",
            {"now": session.now, "actor": session.actor, "op": session.op_id, "n": note_id,
             "text": text})
        session.record("note", note_id, "comment", {"comment": [None, comment_id]})
        return comment_id

    return ws.write(run, kind="note.comment", op_id=op_id)


@replayable
def delete_comment(ws: Workspace, *, comment_id: int, op_id: str | None = None) -> None:
    """Remove one of my comments (to the trash)."""
    def run(session: Session) -> None:
        row = items.fetch(session, "note_comment", comment_id, item_type="comment")
        fetch_note(session, int(row["note_id"]))
        if row["author"] != session.actor:
            raise PermissionDenied("only its author can remove a comment")
        items.soft_delete(session, "note_comment", comment_id, item_type="comment")

    ws.write(run, kind="note.uncomment", op_id=op_id)


def heartbeat(ws: Workspace, *, note_id: int, leaving: bool = False) -> None:
    """Say "I have this note open" (call every ~20 s while editing), or that I closed it.

    Deliberately not replayable and not queued: presence is only worth something now,
    so a heartbeat that cannot reach the share is dropped, not kept for later.
    """
    def run(session: Session) -> None:
        fetch_note(session, note_id)
        if leaving:
            session.execute("DELETE FROM note_presence WHERE note_id = :n AND username = :u",
                            {"n": note_id, "u": session.actor})
            return
        session.execute(
            "INSERT INTO note_presence (note_id, username, since, seen_at) VALUES "
            "(:n, :u, :now, :now) ON CONFLICT (note_id, username) DO UPDATE SET "
            "seen_at = excluded.seen_at, since = CASE WHEN note_presence.seen_at < "
            ":stale THEN excluded.since ELSE note_presence.since END",
            {"n": note_id, "u": session.actor, "now": session.now,
             "stale": _minute_before(session.now)})

    ws.write(run, kind="note.presence")


def _minute_before(stored: str) -> str:
    from datetime import timedelta

    from teamspace.dates import from_text, to_text

    moment = from_text(stored)
    return to_text(moment - timedelta(seconds=60)) if moment else stored
