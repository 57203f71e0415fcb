"""The schema, declared once as SQLModel tables: the single source of truth.

These classes are used to CREATE and MIGRATE tables (store/migrations.py compiles
them to DDL for SQLite or PostgreSQL) and by the PostgreSQL path.  The embedded
SQLite path never imports this module for ordinary reads and writes: it runs the
same column names through plain parameterised SQL (docs/architecture.md).

Timestamps are UTC.  On SQLite they are stored as text in SQLAlchemy's own format
(``YYYY-MM-DD HH:MM:SS.ffffff``) so either path can read what the other wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class ItemBase(SQLModel):
    """Columns every item row carries (posts, tasks, notes, links, time entries...)."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    updated_at: datetime
    author: str = Field(index=True, max_length=32)
    # Optimistic concurrency: updates say WHERE version = :seen and bump it.
    version: int = Field(default=1)
    # Soft delete: a deleted item sits in the trash until purged.
    deleted_at: datetime | None = Field(default=None)
    # The client-made id of the operation that created the row (see Operation).
    op_id: str = Field(index=True, max_length=40)


class LinkBase(SQLModel):
    """Columns of a row that records one person's act on an item (reaction, membership,
    mute...): such rows are added and removed, never edited, so they need no version."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    author: str = Field(max_length=32)
    op_id: str = Field(max_length=40)


class Meta(SQLModel, table=True):
    """Workspace-wide key/value facts: id, name, schema version and who set it."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class Migration(SQLModel, table=True):
    """One row per applied migration, in order (forward-only)."""

    __tablename__ = "migration"
    id: int = Field(primary_key=True)
    name: str = Field(unique=True, max_length=100)
    applied_at: datetime
    applied_by: str = Field(max_length=32)
    app_version: str = Field(max_length=32)


class Operation(SQLModel, table=True):
    """Every write, keyed by its client-made id: a retried write finds it and is a no-op.

    ``result`` keeps what the write returned (JSON), so the retry returns the same.
    """

    __tablename__ = "operation"
    op_id: str = Field(primary_key=True, max_length=40)
    at: datetime
    actor: str = Field(max_length=32)
    kind: str = Field(max_length=64)
    result: str


class Activity(SQLModel, table=True):
    """Append-only log of every change: who, which item, what, when, before/after.

    Powers history, undo, trash, notifications and timesheet suggestions.  A trigger
    makes UPDATE and DELETE on this table fail.
    """

    __tablename__ = "activity"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(index=True, max_length=32)
    op_id: str = Field(index=True, max_length=40)
    item_type: str = Field(max_length=32)
    item_id: int
    action: str = Field(max_length=32)
    # JSON object {field: [before, after]}; "{}" when nothing field-level changed.
    changes: str = Field(default="{}")


class Person(ItemBase, table=True):
    """A member of the workspace, known from their first write (or ``init``)."""

    __tablename__ = "person"
    username: str = Field(unique=True, max_length=32)
    display_name: str | None = Field(default=None, max_length=100)


class TeamGroup(ItemBase, table=True):
    """A group: open (anyone reads and joins) or closed (members only, by invitation)."""

    __tablename__ = "team_group"
    name: str = Field(unique=True, max_length=32)
    description: str = Field(default="")
    closed: bool = Field(default=False)


class GroupMember(LinkBase, table=True):
    """A member of a group, or an invitation to a closed group (status 'invited')."""

    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "username"),
                      Index("ix_group_member_user", "username"))
    group_id: int
    username: str = Field(max_length=32)
    status: str = Field(default="member", max_length=10)


class Project(ItemBase, table=True):
    """A project: it holds to-do lists and tasks; archived ones drop out of the views."""

    __tablename__ = "project"
    name: str = Field(max_length=64)
    # The lowercased name: "Website" and "website" are one project.
    key: str = Field(unique=True, max_length=64)
    description: str = Field(default="")
    archived_at: datetime | None = Field(default=None)


FOUNDATION_TABLES: list[type[SQLModel]] = [Meta, Migration, Operation, Activity, Person]
# Shared by several panes: groups (visibility) and projects (tasks, time, notes).
SHARED_TABLES: list[type[SQLModel]] = [TeamGroup, GroupMember, Project]
