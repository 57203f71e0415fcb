"""Note writes: create, save (based on a revision, merged three ways when someone saved
in between), append, change title/tags/pin/notebook, delete/restore, restore a version.

Every save of the text is a new revision in ``note_version``; nothing is overwritten.
A save based on an older revision is merged with what was saved since
(store/notes/merge.py): a clean merge is saved and reported; a conflict changes nothing
and raises :class:`MergeConflict` carrying the text with conflict markers and the
revision to base the resolution on.  Writers are keyword-only and replayable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from teamspace.errors import ConflictError, InvalidInput, NotFound
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.notes import notebooks
from teamspace.store.notes.access import (
    check_body,
    check_tags,
    check_title,
    fetch_note,
    set_tags,
    writable_note,
)

EDITABLE = ("title", "tags", "pinned", "notebook")


class MergeConflict(ConflictError):
    """Someone saved the note since the edit began and the changes overlap.

    ``text`` holds the merged text with conflict markers, ``theirs`` the text saved
    meanwhile (at ``revision``); a resolution is saved with ``base_revision=revision``.
    Nothing was written.
    """

    def __init__(self, message: str, *, text: str, revision: int, title: str,
                 changed_by: str, theirs: str = "") -> None:
        super().__init__(message, changed_by=changed_by)
        self.text = text
        self.revision = revision
        self.title = title
        self.theirs = theirs


def new_uid() -> str:
    """A random identity for a new note (kept in exports' front matter)."""
    return os.urandom(12).hex()


def add_version(session: Session, note_id: int, revision: int, title: str, body: str,
                action: str, at: str | None = None) -> None:
    """Keep one saved text of a note (inside a write)."""
    session.execute(
        "INSERT INTO note_version (note_id, revision, title, body, created_at, author, "
        "op_id, action) VALUES (:n, :r, :t, :b, :at, :actor, :op, :a)",
        {"n": note_id, "r": revision, "t": title, "b": body, "at": at or session.now,
         "actor": session.actor, "op": session.op_id, "a": action})


def insert_note(session: Session, *, notebook_id: int, title: str, body: str,
                tags: Sequence[str] = (), pinned: bool = False, kind: str = "note",
                uid: str | None = None, source: str = "", created_at: str | None = None,
                updated_at: str | None = None) -> int:
    """Insert a note and its first version from checked values (inside a write)."""
    values: dict[str, Any] = {
              "now": updated_at or session.now, "created": created_at or session.now,
              "actor": session.actor, "op": session.op_id, "uid": uid or new_uid(),
              "nb": notebook_id, "title": title, "body": body, "pinned": pinned,
              "kind": kind, "source": source}
    note_id = session.insert(
        "INSERT INTO note (created_at, updated_at, author, version, op_id, uid, notebook_id, "
        "title, body, pinned, kind, revision, source) VALUES (:created, :now, :actor, 1, :op, "
        ":uid, :nb, :title, :body, :pinned, :kind, 1, :source) RETURNING id", values)
    set_tags(session, note_id, list(tags))
    add_version(session, note_id, 1, title, body, "create" if not source else "import",
                at=str(values["now"]))
    session.record("note", note_id, "create", {"title": [None, title]})
    return note_id


@replayable
def create_note(ws: Workspace, *, title: str, body: str = "", notebook: str | None = None,
                tags: Sequence[str] = (), pinned: bool = False, kind: str = "note",
                op_id: str | None = None) -> int:
    """Add a note (to the default notebook unless one is named); returns its id."""
    title, body, tag_list = check_title(title), check_body(body), check_tags(tags)

    def run(session: Session) -> int:
        book = notebooks.resolve(session, notebook)
        return insert_note(session, notebook_id=int(book["id"]), title=title, body=body,
                           tags=tag_list, pinned=pinned, kind=kind)

    return ws.write(run, kind="note.create", op_id=op_id)


def _version(session: Session, note_id: int, revision: int) -> Row:
    row = session.one("SELECT * FROM note_version WHERE note_id = :n AND revision = :r",
                      {"n": note_id, "r": revision})
    if row is None:
        raise NotFound(f"note {note_id} has no version {revision} ('note history "
                       f"{note_id}' lists them)")
    return row


def store_text(session: Session, row: Row, title: str, body: str, action: str) -> int:
    """Save a new revision of a note's title and text; returns the revision."""
    revision = int(row["revision"]) + 1
    session.execute(
        "UPDATE note SET title = :t, body = :b, revision = :r, version = version + 1, "
        "updated_at = :now WHERE id = :id",
        {"t": title, "b": body, "r": revision, "now": session.now, "id": row["id"]})
    add_version(session, int(row["id"]), revision, title, body, action)
    changes: dict[str, list[Any]] = {"revision": [revision - 1, revision]}
    if title != row["title"]:
        changes["title"] = [row["title"], title]
    session.record("note", int(row["id"]), action.split()[0], changes)
    return revision


def _merge(session: Session, row: Row, base_revision: int, title: str | None,
           body: str) -> tuple[str, str, list[str]]:
    """(title, body, who saved since) after merging an edit based on an old revision."""
    from teamspace.store.notes.merge import merge3

    note_id, current = int(row["id"]), int(row["revision"])
    base = _version(session, note_id, base_revision)
    others = [r["author"] for r in session.all(
        "SELECT author FROM note_version WHERE note_id = :n AND revision > :b "
        "GROUP BY author ORDER BY min(revision)", {"n": note_id, "b": base_revision})]
    who = ", ".join(others) or "someone"
    merged = merge3(base["body"], body, row["body"],
                    theirs_label=f"{who} (revision {current})")
    mine_title = title if title is not None else base["title"]
    if mine_title == base["title"] or mine_title == row["title"]:
        new_title = row["title"]
    elif row["title"] == base["title"]:
        new_title = mine_title
    else:
        merged.conflicts += 1
        new_title = mine_title
    if merged.conflicts:
        raise MergeConflict(
            f"note {note_id} was changed by {who} since you began (you started from "
            f"revision {base_revision}, it is now {current}) and {merged.conflicts} "
            "place(s) overlap: nothing was saved — resolve the conflict markers and save "
            "again", text=merged.text, revision=current, title=new_title, changed_by=who,
            theirs=row["body"])
    return new_title, merged.text, others


@replayable
def save_note(ws: Workspace, *, note_id: int, body: str, base_revision: int,
              title: str | None = None, op_id: str | None = None) -> dict[str, Any]:
    """Save an edit of a note's text (and title) made from ``base_revision``.

    Returns ``revision`` (the new one; unchanged if nothing changed), ``changed``,
    ``merged`` (someone saved in between and the changes were merged cleanly) and
    ``with`` (who saved in between).  Overlapping changes raise MergeConflict.
    """
    body = check_body(body)
    checked_title = check_title(title) if title is not None else None

    def run(session: Session) -> dict[str, Any]:
        row = writable_note(session, note_id)
        others: list[str] = []
        if base_revision == row["revision"]:
            new_title, new_body = checked_title or row["title"], body
        else:
            if base_revision > row["revision"] or base_revision < 1:
                raise InvalidInput(f"note {note_id} has no revision {base_revision}")
            new_title, new_body, others = _merge(session, row, base_revision,
                                                 checked_title, body)
        if new_title == row["title"] and new_body == row["body"]:
            return {"revision": int(row["revision"]), "changed": False,
                    "merged": bool(others), "with": others}
        revision = store_text(session, row, new_title, new_body,
                              "merge" if others else "save")
        return {"revision": revision, "changed": True, "merged": bool(others),
                "with": others}

    return ws.write(run, kind="note.save", op_id=op_id)


@replayable
def append_note(ws: Workspace, *, note_id: int, text: str, op_id: str | None = None) -> int:
    """Add a line (or lines) at the end of a note, whatever was saved meanwhile;
    returns the new revision."""
    text = text.strip("\n")
    if not text.strip():
        raise InvalidInput("nothing to append")

    def run(session: Session) -> int:
        row = writable_note(session, note_id)
        body = row["body"]
        if body and not body.endswith("\n"):
            body += "\n"
        return store_text(session, row, row["title"], check_body(body + text + "\n"),
                          "append")

    return ws.write(run, kind="note.append", op_id=op_id)


@replayable
def edit_note(ws: Workspace, *, note_id: int, changes: Mapping[str, Any],
              version: int | None = None, op_id: str | None = None) -> int:
    """Change the title, tags, pin or notebook of a note; returns its new version.

    ``version`` is the one the user saw: a change since raises ConflictError.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))} of a note")
    tags = check_tags(changes["tags"] or []) if "tags" in changes else None
    title = check_title(str(changes["title"] or "")) if "title" in changes else None

    def run(session: Session) -> int:
        row = writable_note(session, note_id)
        if version is not None and row["version"] != version:
            raise items.conflict(session, "note", note_id, version, int(row["version"]))
        if title is not None and title != row["title"]:
            store_text(session, row, title, row["body"], "rename")
        columns: dict[str, Any] = {}
        if "pinned" in changes:
            columns["pinned"] = bool(changes["pinned"])
        if changes.get("notebook"):
            book = notebooks.find(session, str(changes["notebook"]), include_archived=False)
            columns["notebook_id"] = int(book["id"])
        new_version = items.update(session, "note", note_id, columns, item_type="note")
        if tags is not None:
            old = set_tags(session, note_id, tags)
            if old != tags:
                session.record("note", note_id, "tag", {"tags": [old, tags]})
                session.execute("UPDATE note SET version = version + 1, updated_at = :now "
                                "WHERE id = :id", {"now": session.now, "id": note_id})
                new_version += 1
        return new_version

    return ws.write(run, kind="note.edit", op_id=op_id)


@replayable
def delete_note(ws: Workspace, *, note_id: int, op_id: str | None = None) -> None:
    """Move a note to the trash (with its versions, comments and files)."""
    def run(session: Session) -> None:
        writable_note(session, note_id)
        items.soft_delete(session, "note", note_id, item_type="note")

    ws.write(run, kind="note.delete", op_id=op_id)


@replayable
def restore_note(ws: Workspace, *, note_id: int, op_id: str | None = None) -> None:
    """Take a note out of the trash."""
    def run(session: Session) -> None:
        fetch_note(session, note_id, include_deleted=True)
        items.restore(session, "note", note_id, item_type="note")

    ws.write(run, kind="note.restore", op_id=op_id)


@replayable
def restore_version(ws: Workspace, *, note_id: int, revision: int,
                    op_id: str | None = None) -> int:
    """Make the note's text what it was at ``revision``, as a NEW revision (nothing is
    overwritten); returns it."""
    def run(session: Session) -> int:
        row = writable_note(session, note_id)
        old = _version(session, note_id, revision)
        if old["title"] == row["title"] and old["body"] == row["body"]:
            return int(row["revision"])
        return store_text(session, row, old["title"], old["body"], f"restore {revision}")

    return ws.write(run, kind="note.restore_version", op_id=op_id)
