"""Attachments: files kept in the workspace beside a note, with versions and checksums.

Contents are stored once per SHA-256 (``note_blob``); each attach of a name adds a
version, so nothing is overwritten; a detached file goes to the trash and can be
brought back.  Any bytes are fine (binary, not UTF-8).  The size limit defaults to
20 MB and is set per user with ``attachment_limit_mb`` under ``[notes]`` in the config
file; over it the write is refused with a clear message.  Contents travel to the
writer as base64 text, so a write queued in the outbox (JSON) keeps them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.notes.access import fetch_note, writable_note

DEFAULT_LIMIT = 20 * 1024 * 1024
MAX_NAME = 255


def check_file_name(name: str) -> str:
    """A file name as stored: the last path component, without NUL, at most 255 chars."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if name in ("", ".", ".."):
        raise InvalidInput("an attachment needs a file name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a file name can have at most {MAX_NAME} characters")
    return name


def safe_file_name(name: str) -> str:
    """A name fit to create on disk: control characters, separators and leading dots
    replaced (attachment names come from other people)."""
    cleaned = "".join("_" if ord(ch) < 32 or ch in "/\\\x7f" else ch for ch in name)
    cleaned = cleaned.lstrip(".") or "attachment"
    return cleaned[:MAX_NAME]


def encode(data: bytes) -> str:
    """File bytes as the writers take them."""
    return base64.b64encode(data).decode("ascii")


def limit_text(limit: int) -> str:
    """'20 MB' for a limit in bytes."""
    return f"{round(limit / (1024 * 1024), 2):g} MB"


def store_blob(session: Session, data: bytes) -> str:
    """Keep ``data`` once; return its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    session.execute("INSERT INTO note_blob (sha256, size, data) VALUES (:h, :s, :d) "
                    "ON CONFLICT (sha256) DO NOTHING", {"h": digest, "s": len(data), "d": data})
    return digest


def add_file(session: Session, note_id: int, name: str, data: bytes, mime: str = ""
             ) -> dict[str, Any]:
    """Attach ``data`` as ``name`` to a note (inside a write): a new file, or a new
    version of the file with that name (brought back from the trash if it was there).
    Attaching the same bytes again changes nothing."""
    digest = store_blob(session, data)
    row = session.one("SELECT * FROM note_file WHERE note_id = :n AND name = :name",
                      {"n": note_id, "name": name})
    if row is None:
        file_id = session.insert(
            "INSERT INTO note_file (created_at, updated_at, author, version, op_id, note_id, "
            "name, revision, sha256, size, mime) VALUES (:now, :now, :actor, 1, :op, :n, "
            ":name, 1, :h, :size, :mime) RETURNING id",
            {"now": session.now, "actor": session.actor, "op": session.op_id, "n": note_id,
             "name": name, "h": digest, "size": len(data), "mime": mime})
        revision = 1
    elif row["sha256"] == digest and row["deleted_at"] is None:
        return {"file": int(row["id"]), "revision": int(row["revision"]), "sha256": digest,
                "size": len(data), "changed": False}
    else:
        file_id, revision = int(row["id"]), int(row["revision"]) + 1
        session.execute(
            "UPDATE note_file SET revision = :r, sha256 = :h, size = :size, mime = :mime, "
            "deleted_at = NULL, updated_at = :now, version = version + 1 WHERE id = :id",
            {"r": revision, "h": digest, "size": len(data), "mime": mime or row["mime"],
             "now": session.now, "id": file_id})
    session.execute(
        "INSERT INTO note_file_version (file_id, revision, sha256, size, created_at, author, "
        "op_id) VALUES (:f, :r, :h, :size, :now, :actor, :op)",
        {"f": file_id, "r": revision, "h": digest, "size": len(data), "now": session.now,
         "actor": session.actor, "op": session.op_id})
    session.record("note", note_id, "attach", {"file": [None, f"{name} v{revision}"]})
    return {"file": file_id, "revision": revision, "sha256": digest, "size": len(data),
            "changed": True}


def decode(content_b64: str, limit: int) -> bytes:
    """Base64 text back to bytes, within ``limit`` (InvalidInput otherwise)."""
    if len(content_b64) * 3 // 4 > limit + 3:
        raise InvalidInput(f"the file is larger than the attachment limit of "
                           f"{limit_text(limit)} (set attachment_limit_mb under [notes] in "
                           "the config file to change it)")
    try:
        data = base64.b64decode(content_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(f"the file's contents are not valid base64: {exc}") from None
    if len(data) > limit:
        raise InvalidInput(f"the file is {limit_text(len(data))}, over the attachment limit "
                           f"of {limit_text(limit)} (set attachment_limit_mb under [notes] "
                           "in the config file to change it)")
    return data


@replayable
def attach_file(ws: Workspace, *, note_id: int, name: str, content_b64: str,
                mime: str = "", limit: int = DEFAULT_LIMIT,
                op_id: str | None = None) -> dict[str, Any]:
    """Attach a file (base64 contents) to a note; returns ``file``, ``revision``,
    ``sha256``, ``size`` and ``changed``."""
    name = check_file_name(name)
    data = decode(content_b64, limit)

    def run(session: Session) -> dict[str, Any]:
        writable_note(session, note_id)
        return add_file(session, note_id, name, data, mime)

    return ws.write(run, kind="note.attach", op_id=op_id)


def _file(session: Session, note_id: int, name: str) -> Row:
    row = session.one("SELECT * FROM note_file WHERE note_id = :n AND name = :name",
                      {"n": note_id, "name": check_file_name(name)})
    if row is None:
        raise NotFound(f"note {note_id} has no file '{check_file_name(name)}' "
                       f"('note files {note_id}' lists them)")
    return row


@replayable
def detach_file(ws: Workspace, *, note_id: int, name: str, restore: bool = False,
                op_id: str | None = None) -> None:
    """Move an attached file to the trash (``restore``: bring it back)."""
    def run(session: Session) -> None:
        writable_note(session, note_id)
        row = _file(session, note_id, name)
        if restore:
            items.restore(session, "note_file", int(row["id"]), item_type="file")
        else:
            items.soft_delete(session, "note_file", int(row["id"]), item_type="file")

    ws.write(run, kind="note.detach", op_id=op_id)


class FileVersion(Record):
    """One version of an attached file."""

    TIMES = ("at",)
    revision: int
    sha256: str
    size: int
    author: str
    at: str


def versions(ws: Workspace, note_id: int, name: str) -> list[FileVersion]:
    """Every version of one attached file, oldest first."""
    def run(session: Session) -> list[FileVersion]:
        fetch_note(session, note_id, include_deleted=True)
        row = _file(session, note_id, name)
        return [FileVersion(int(r["revision"]), r["sha256"], int(r["size"]), r["author"],
                            str(r["created_at"])) for r in session.all(
            "SELECT * FROM note_file_version WHERE file_id = :f ORDER BY revision",
            {"f": row["id"]})]

    return ws.read(run)


def read_file(ws: Workspace, note_id: int, name: str, *, revision: int | None = None
              ) -> tuple[str, bytes, str, int]:
    """(name, bytes, sha256, revision) of an attached file (the newest version by
    default; files in the trash too).  The bytes are checked against the checksum."""
    def run(session: Session) -> tuple[str, bytes, str, int]:
        fetch_note(session, note_id, include_deleted=True)
        row = _file(session, note_id, name)
        wanted = int(row["revision"]) if revision is None else revision
        version = session.one("SELECT sha256 FROM note_file_version WHERE file_id = :f AND "
                              "revision = :r", {"f": row["id"], "r": wanted})
        if version is None:
            raise NotFound(f"file '{row['name']}' has no version {wanted}")
        data = session.scalar("SELECT data FROM note_blob WHERE sha256 = :h",
                              {"h": version["sha256"]})
        if data is None or hashlib.sha256(bytes(data)).hexdigest() != version["sha256"]:
            from teamspace.errors import WorkspaceError

            raise WorkspaceError(f"the stored contents of '{row['name']}' version {wanted} "
                                 "do not match their checksum: run 'teamspace doctor'")
        return str(row["name"]), bytes(data), str(version["sha256"]), wanted

    return ws.read(run)
