"""Who may read what: a note is visible when its notebook is.

A notebook is for everyone, for a group (an open group's notebooks are readable by
everyone, a closed group's by its members only — closed groups stay closed), or
private to its owner.  :data:`VISIBLE` is the SQL condition over a notebook aliased
``nb`` (with ``:me`` bound to the reader); every read in this pane includes it, so
no command or format can show a note its reader may not see.  A note that exists but
is not visible is reported as not existing (its existence does not leak).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core.session import Row, Session

VISIBLE = (
    "(nb.visibility = 'everyone'"
    " OR (nb.visibility = 'group' AND EXISTS (SELECT 1 FROM team_group g WHERE g.id = "
    "nb.group_id AND (NOT g.closed OR EXISTS (SELECT 1 FROM group_member gm WHERE "
    "gm.group_id = g.id AND gm.username = :me AND gm.status = 'member'))))"
    " OR (nb.visibility = 'private' AND nb.author = :me))"
)
MAX_TITLE = 300
MAX_BODY = 5 * 1024 * 1024  # bytes of UTF-8
MAX_COMMENT = 10_000
TAG = r"^[^\W_][\w-]{0,49}$"  # compiled on first use (re caches it), not at import


def check_title(title: str) -> str:
    """Trim and validate a note's title (one line)."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("a note needs a title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"a note title can have at most {MAX_TITLE} characters")
    return title


def check_body(body: str) -> str:
    """A note's Markdown text within the size limit (line ends made ``\\n``)."""
    body = body.replace("\r\n", "\n")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY:
        raise InvalidInput(f"a note can hold at most {MAX_BODY // (1024 * 1024)} MB of text "
                           f"(this one is {size / (1024 * 1024):.1f} MB): split it, or "
                           "attach the file instead ('note attach')")
    return body


def check_tags(tags: Sequence[str]) -> list[str]:
    """Lowercased tags without '#', each once, validated."""
    found: list[str] = []
    for raw in tags:
        for tag in raw.replace(",", " ").split():
            tag = tag.lower().lstrip("#@+")
            if not re.match(TAG, tag):
                raise InvalidInput(f"'{raw}' is not a tag: use letters, digits, '-' or '_'")
            if tag not in found:
                found.append(tag)
    return found


def fetch_note(session: Session, note_id: int, *, include_deleted: bool = False) -> Row:
    """The note row (with ``notebook_name`` and ``notebook_archived``) if the reader may
    see it; NotFound otherwise."""
    deleted = "" if include_deleted else " AND n.deleted_at IS NULL"
    row = session.one(
        "SELECT n.*, nb.name AS notebook_name, nb.archived_at AS notebook_archived, "
        "nb.project_id AS notebook_project FROM note n JOIN notebook nb ON nb.id = "
        f"n.notebook_id WHERE n.id = :id{deleted} AND {VISIBLE}",
        {"id": note_id, "me": session.actor})
    if row is None:
        raise NotFound(f"note {note_id} does not exist"
                       + ("" if include_deleted else " (or is in the trash: 'note trash')"))
    return row


def writable_note(session: Session, note_id: int) -> Row:
    """The note if the writer may change it: visible, and its notebook not archived."""
    row = fetch_note(session, note_id)
    if row["notebook_archived"] is not None:
        raise InvalidInput(f"note {note_id} is in the archived notebook "
                           f"'{row['notebook_name']}': unarchive it first "
                           f"(teamspace notebook archive \"{row['notebook_name']}\" --undo)")
    return row


def tags_of(session: Session, note_id: int) -> list[str]:
    """A note's tags in the order they were given."""
    return [r["tag"] for r in session.all(
        "SELECT tag FROM note_tag WHERE note_id = :n ORDER BY id", {"n": note_id})]


def set_tags(session: Session, note_id: int, tags: list[str]) -> list[str]:
    """Replace a note's tags; return the old ones."""
    old = tags_of(session, note_id)
    if old != tags:
        session.execute("DELETE FROM note_tag WHERE note_id = :n", {"n": note_id})
        session.many("INSERT INTO note_tag (note_id, tag) VALUES (:n, :t)",
                     [{"n": note_id, "t": tag} for tag in tags])
    return old
