"""Notes tables: notebooks, notes, their versions and tags, comments, attachments (with
versions and content-addressed blobs), presence heartbeats.

Who may read a note is decided by its notebook (``visibility``: everyone, a group, or
private to its owner) and enforced in SQL on every read (store/notes/access.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from teamspace.store.core.schema import ItemBase


class Notebook(ItemBase, table=True):
    """A notebook: who may read its notes, and the project its action items go to."""

    __tablename__ = "notebook"
    name: str = Field(max_length=64)
    # The lowercased name: "Ops" and "ops" are one notebook.
    key: str = Field(unique=True, max_length=64)
    description: str = Field(default="")
    visibility: str = Field(default="everyone", max_length=10)  # everyone | group | private
    group_id: int | None = Field(default=None)
    project_id: int | None = Field(default=None)
    archived_at: datetime | None = Field(default=None)


class Note(ItemBase, table=True):
    """A Markdown note; ``revision`` counts its saved texts (note_version)."""

    __tablename__ = "note"
    __table_args__ = (
        Index("ix_note_notebook", "notebook_id", "deleted_at", "updated_at"),
        Index("ix_note_updated", "deleted_at", "updated_at"),
        {"sqlite_autoincrement": True},
    )
    # Stable identity across exports and imports (front matter ``uid``).
    uid: str = Field(unique=True, max_length=64)
    notebook_id: int
    title: str
    body: str = Field(default="")
    pinned: bool = Field(default=False)
    kind: str = Field(default="note", max_length=10)  # note | meeting
    revision: int = Field(default=1)
    # How the note began (import source), for the record.
    source: str = Field(default="", max_length=200)


class NoteVersion(SQLModel, table=True):
    """One saved text of a note (every save is a version; nothing is overwritten)."""

    __tablename__ = "note_version"
    __table_args__ = (UniqueConstraint("note_id", "revision"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int
    revision: int
    title: str
    body: str
    created_at: datetime
    author: str = Field(max_length=32)
    op_id: str = Field(max_length=40)
    # "save", "merge", "restore 3", "append", "import"…
    action: str = Field(default="save", max_length=32)


class NoteTag(SQLModel, table=True):
    """A tag on a note (lowercase)."""

    __tablename__ = "note_tag"
    __table_args__ = (UniqueConstraint("tag", "note_id"), Index("ix_note_tag_note", "note_id"))
    id: int | None = Field(default=None, primary_key=True)
    note_id: int
    tag: str = Field(max_length=50)


class NoteComment(ItemBase, table=True):
    """A comment beside a note (the chat next to a shared document)."""

    __tablename__ = "note_comment"
    __table_args__ = (Index("ix_note_comment_note", "note_id", "id"),)
    note_id: int
    text: str


class NoteFile(ItemBase, table=True):
    """A file attached to a note; attaching the same name again adds a version."""

    __tablename__ = "note_file"
    __table_args__ = (UniqueConstraint("note_id", "name"),)
    note_id: int
    name: str = Field(max_length=255)
    revision: int = Field(default=1)
    sha256: str = Field(max_length=64)
    size: int
    mime: str = Field(default="", max_length=100)


class NoteFileVersion(SQLModel, table=True):
    """One version of an attached file (its bytes are in note_blob)."""

    __tablename__ = "note_file_version"
    __table_args__ = (UniqueConstraint("file_id", "revision"),)
    id: int | None = Field(default=None, primary_key=True)
    file_id: int
    revision: int
    sha256: str = Field(max_length=64)
    size: int
    created_at: datetime
    author: str = Field(max_length=32)
    op_id: str = Field(max_length=40)


class NoteBlob(SQLModel, table=True):
    """File contents, stored once per checksum (a file attached twice costs nothing)."""

    __tablename__ = "note_blob"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class NotePresence(SQLModel, table=True):
    """Who has a note open in an editor: a heartbeat row, stale after a minute."""

    __tablename__ = "note_presence"
    __table_args__ = (UniqueConstraint("note_id", "username"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int
    username: str = Field(max_length=32)
    since: datetime
    seen_at: datetime


NOTES_TABLES: list[type[SQLModel]] = [Notebook, Note, NoteVersion, NoteTag, NoteComment,
                                      NoteFile, NoteFileVersion, NoteBlob, NotePresence]
