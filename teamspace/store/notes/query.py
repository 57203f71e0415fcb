"""Notes reads: lists with filters, one note in full (comments, files, who is editing,
the state of its action items' tasks), history and diffs, the trash.

Every query joins the note's notebook and applies :data:`access.VISIBLE`, so visibility
holds whatever the command.  Lists walk ``ix_note_updated`` newest first with a LIMIT,
so a page costs the same at ten thousand notes or a million.
"""

from __future__ import annotations

from typing import Any

from teamspace.errors import NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Row, Session, placeholders
from teamspace.store.notes.access import VISIBLE, fetch_note

PRESENCE_SECONDS = 60
PREVIEW = 160


class NoteSummary(Record):
    """A note in a list."""

    TIMES = ("created_at", "updated_at")
    id: int
    title: str
    notebook: str
    author: str
    created_at: str
    updated_at: str
    revision: int
    version: int
    pinned: bool
    kind: str
    preview: str
    tags: list[str] = []
    deleted: bool = False


class FileView(Record):
    """An attached file (its newest version)."""

    TIMES = ("updated_at",)
    id: int
    name: str
    revision: int
    size: int
    sha256: str
    mime: str
    author: str
    updated_at: str
    deleted: bool = False


class NoteView(Record):
    """A note in full, as one reader sees it."""

    note: NoteSummary
    uid: str
    body: str
    comments: list[dict[str, Any]]
    files: list[FileView]
    editing: list[dict[str, str]]  # others with the note open: user, since
    tasks: dict[int, dict[str, Any]]  # states of the tasks its action items became
    project: str | None = None

    def shown_body(self) -> str:
        """The text with items whose task is done ticked (store/notes/actions.py)."""
        if not self.tasks:
            return self.body
        from teamspace.store.notes.actions import ticked

        return ticked(self.body, self.tasks)


_COLUMNS = ("n.id, n.title, nb.name AS notebook, n.author, n.created_at, n.updated_at, "
            f"n.revision, n.version, n.pinned, n.kind, substr(n.body, 1, {PREVIEW}) AS preview,"
            " n.deleted_at")


def summaries(session: Session, rows: list[Row]) -> list[NoteSummary]:
    """Rows selected with the list columns as NoteSummary, with their tags."""
    ids = [int(r["id"]) for r in rows]
    tags: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        marks, params = placeholders("i", ids)
        for r in session.all(f"SELECT note_id, tag FROM note_tag WHERE note_id IN ({marks}) "
                             "ORDER BY id", params):
            tags[int(r["note_id"])].append(r["tag"])
    return [NoteSummary(int(r["id"]), r["title"], r["notebook"], r["author"],
                        str(r["created_at"]), str(r["updated_at"]), int(r["revision"]),
                        int(r["version"]), bool(r["pinned"]), r["kind"], r["preview"] or "",
                        tags[int(r["id"])], r["deleted_at"] is not None) for r in rows]


def select_notes(session: Session, *, notebook: str | None = None, tag: str | None = None,
                 author: str | None = None, since: str | None = None,
                 pinned: bool = False, limit: int = 100) -> list[NoteSummary]:
    """Visible notes, pinned ones first, then the most recently changed."""
    where = ["n.deleted_at IS NULL", VISIBLE]
    params: dict[str, Any] = {"me": session.actor, "limit": max(1, min(limit, 10_000))}
    if notebook:
        from teamspace.store.notes.notebooks import find

        params["nb"] = find(session, notebook)["id"]
        where.append("n.notebook_id = :nb")
    else:
        where.append("nb.archived_at IS NULL")
    if tag:
        params["tag"] = tag.strip().lower().lstrip("#")
        where.append("n.id IN (SELECT note_id FROM note_tag WHERE tag = :tag)")
    if author:
        params["author"] = author.strip().lower().lstrip("@")
        where.append("n.author = :author")
    if since:
        params["since"] = since
        where.append("n.updated_at >= :since")
    base = (f"SELECT {_COLUMNS} FROM note n JOIN notebook nb ON nb.id = n.notebook_id "
            f"WHERE {' AND '.join(where)}")
    # Two walks of the index instead of one sort of every visible note: the pinned
    # few, then a page of the rest.
    pinned_rows = session.all(f"{base} AND n.pinned ORDER BY n.updated_at DESC, n.id DESC "
                              "LIMIT :limit", params)
    rows = list(pinned_rows)
    if not pinned and len(rows) < params["limit"]:
        params["rest"] = params["limit"] - len(rows)
        rows += session.all(f"{base} AND NOT n.pinned ORDER BY n.updated_at DESC, "
                            "n.id DESC LIMIT :rest", params)
    return summaries(session, rows)


def known_tags(ws: Workspace, *, prefix: str = "", limit: int = 60) -> list[tuple[str, int]]:
    """(tag, how many notes carry it) over the notes this user may read, most used
    first: a tag used only in a private or closed notebook is never offered to others."""
    key = prefix.strip().lower().lstrip("#")
    return ws.read(lambda session: [(str(r["tag"]), int(r["n"])) for r in session.all(
        "SELECT t.tag, count(*) AS n FROM note_tag t JOIN note n ON n.id = t.note_id "
        "JOIN notebook nb ON nb.id = n.notebook_id WHERE n.deleted_at IS NULL AND "
        f"{VISIBLE} AND substr(t.tag, 1, :n) = :p GROUP BY t.tag ORDER BY n DESC, t.tag "
        "LIMIT :limit", {"p": key, "n": len(key), "limit": limit, "me": session.actor})])


def list_notes(ws: Workspace, **filters: Any) -> list[NoteSummary]:
    """:func:`select_notes` in its own unit of work."""
    return ws.read(lambda s: select_notes(s, **filters))


def select_files(session: Session, note_id: int, *, deleted: bool = False) -> list[FileView]:
    """A note's files by name (``deleted``: the ones in the trash instead)."""
    rows = session.all(
        "SELECT * FROM note_file WHERE note_id = :n AND deleted_at IS "
        f"{'NOT NULL' if deleted else 'NULL'} ORDER BY name", {"n": note_id})
    return [FileView(int(r["id"]), r["name"], int(r["revision"]), int(r["size"]),
                     r["sha256"], r["mime"], r["author"], str(r["updated_at"]),
                     r["deleted_at"] is not None) for r in rows]


def select_editing(session: Session, note_id: int) -> list[dict[str, str]]:
    """Others whose editor has this note open (a heartbeat within the last minute)."""
    from datetime import timedelta

    from teamspace.dates import from_text, to_text

    now = from_text(session.now)
    fresh = to_text(now - timedelta(seconds=PRESENCE_SECONDS)) if now else session.now
    return [{"user": r["username"], "since": str(r["since"])} for r in session.all(
        "SELECT username, since FROM note_presence WHERE note_id = :n AND seen_at >= :fresh "
        "AND username <> :me ORDER BY since", {"n": note_id, "fresh": fresh,
                                               "me": session.actor})]


def task_states(session: Session, body: str) -> dict[int, dict[str, Any]]:
    """States of the tasks the body's action items became, through the registry (the
    Tasks pane offers ``tasks.states``; without it, none)."""
    from teamspace.store.notes.actions import parse

    ids = [item.task_id for item in parse(body) if item.task_id is not None]
    if not ids:
        return {}
    from teamspace.store.core.registry import provided

    states = provided("tasks.states")
    return {} if states is None else dict(states(session, ids))


def select_note(session: Session, note_id: int, *, include_deleted: bool = False
                ) -> NoteView:
    """One note in full."""
    row = fetch_note(session, note_id, include_deleted=include_deleted)
    summary = summaries(session, [{**dict(row), "notebook": row["notebook_name"],
                                   "preview": ""}])[0]
    comments = [{"id": int(r["id"]), "author": r["author"], "at": str(r["created_at"]),
                 "text": r["text"]} for r in session.all(
        "SELECT id, author, created_at, text FROM note_comment WHERE note_id = :n AND "
        "deleted_at IS NULL ORDER BY id", {"n": note_id})]
    project = None
    if row["notebook_project"] is not None:
        project = session.scalar("SELECT name FROM project WHERE id = :p",
                                 {"p": row["notebook_project"]})
    return NoteView(summary, row["uid"], row["body"], comments, select_files(session, note_id),
                    select_editing(session, note_id), task_states(session, row["body"]),
                    project)


def get_note(ws: Workspace, note_id: int, *, include_deleted: bool = False) -> NoteView:
    """:func:`select_note` in its own unit of work."""
    return ws.read(lambda s: select_note(s, note_id, include_deleted=include_deleted))


class Version(Record):
    """One saved text of a note, without the text."""

    TIMES = ("at",)
    revision: int
    author: str
    at: str
    action: str
    title: str
    size: int


def history(ws: Workspace, note_id: int) -> list[Version]:
    """Every saved version of a note, oldest first."""
    def body(session: Session) -> list[Version]:
        fetch_note(session, note_id, include_deleted=True)
        return [Version(int(r["revision"]), r["author"], str(r["created_at"]), r["action"],
                        r["title"], int(r["size"])) for r in session.all(
            "SELECT revision, author, created_at, action, title, "
            f"{session.dialect.byte_length('body')} AS size FROM note_version "
            "WHERE note_id = :n ORDER BY revision", {"n": note_id})]

    return ws.read(body)


def version_text(session: Session, note_id: int, revision: int) -> Row:
    """The saved title and text of one revision (NotFound if there is none)."""
    row = session.one("SELECT * FROM note_version WHERE note_id = :n AND revision = :r",
                      {"n": note_id, "r": revision})
    if row is None:
        raise NotFound(f"note {note_id} has no version {revision} ('note history "
                       f"{note_id}' lists them)")
    return row


def diff(ws: Workspace, note_id: int, old: int | None = None, new: int | None = None
         ) -> tuple[int, int, list[str]]:
    """(old, new, unified diff lines) between two revisions; by default the newest
    against the one before it (or ``old`` against the newest)."""
    import difflib

    def body(session: Session) -> tuple[int, int, list[str]]:
        row = fetch_note(session, note_id, include_deleted=True)
        last = int(row["revision"])
        b = new if new is not None else last
        a = old if old is not None else max(1, b - 1)
        first, second = version_text(session, note_id, a), version_text(session, note_id, b)
        lines = list(difflib.unified_diff(
            first["body"].splitlines(keepends=True), second["body"].splitlines(keepends=True),
            fromfile=f"revision {a} ({first['author']})",
            tofile=f"revision {b} ({second['author']})"))
        if first["title"] != second["title"]:
            lines = [f"title: {first['title']} → {second['title']}\n", *lines]
        return a, b, lines

    return ws.read(body)


def trash(ws: Workspace, *, limit: int = 200) -> tuple[list[NoteSummary], list[dict[str, Any]]]:
    """Deleted notes the reader may see, and deleted files of visible notes, most
    recently deleted first."""
    def body(session: Session) -> tuple[list[NoteSummary], list[dict[str, Any]]]:
        params = {"me": session.actor, "limit": limit}
        rows = session.all(
            f"SELECT {_COLUMNS} FROM note n JOIN notebook nb ON nb.id = n.notebook_id "
            f"WHERE n.deleted_at IS NOT NULL AND {VISIBLE} ORDER BY n.deleted_at DESC "
            "LIMIT :limit", params)
        files = [{"note": int(r["note_id"]), "title": r["title"], "name": r["name"],
                  "size": int(r["size"]), "deleted_at": str(r["deleted_at"])}
                 for r in session.all(
            "SELECT f.note_id, n.title, f.name, f.size, f.deleted_at FROM note_file f "
            "JOIN note n ON n.id = f.note_id JOIN notebook nb ON nb.id = n.notebook_id "
            f"WHERE f.deleted_at IS NOT NULL AND {VISIBLE} ORDER BY f.deleted_at DESC "
            "LIMIT :limit", params)]
        return summaries(session, rows), files

    return ws.read(body)


def files_of(ws: Workspace, note_id: int, *, deleted: bool = False) -> list[FileView]:
    """A visible note's files (``deleted``: those in the trash)."""
    def body(session: Session) -> list[FileView]:
        fetch_note(session, note_id, include_deleted=True)
        return select_files(session, note_id, deleted=deleted)

    return ws.read(body)
