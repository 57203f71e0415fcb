"""Time tables: entries (a running timer is an entry without an end), week timesheets
with their per-project reviews, and dismissed suggestions.

Times are UTC instants (text in the core's stored format).  The indexes serve the
everyday reads: a person's running timer (``person, ended_at``), a person's entries in
a range (``person, deleted_at, started_at``) and everyone's entries in a range
(``started_at``): a report walks only the range it covers, so its cost does not grow
with the years of history before it (benchmarks/timelog.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from teamspace.store.core.schema import ItemBase, LinkBase


class TimeEntry(ItemBase, table=True):
    """Time one person spent on a project (and maybe a task); no end = a running timer."""

    __tablename__ = "time_entry"
    __table_args__ = (
        Index("ix_time_entry_person_start", "person", "deleted_at", "started_at"),
        Index("ix_time_entry_running", "person", "ended_at"),
        Index("ix_time_entry_start", "started_at"),
        Index("ix_time_entry_task", "task_id"),
        {"sqlite_autoincrement": True},
    )
    person: str = Field(max_length=32)
    project_id: int
    task_id: int | None = Field(default=None)
    started_at: datetime
    ended_at: datetime | None = Field(default=None)
    note: str = Field(default="")
    # Tags as typed (Timewarrior's may hold spaces), one per line; "" for none.
    tags: str = Field(default="")
    # timer | manual | suggest | split | watson | timew: where the entry came from.
    source: str = Field(default="manual", max_length=16)
    # An imported frame's identity ("watson:<id>", "timew:<start>/<end>/<tags>"), so
    # importing the same file again changes nothing.
    source_key: str | None = Field(default=None, unique=True, max_length=200)


class TimeSheet(ItemBase, table=True):
    """One person's week, submitted for review.  ``starts_at``/``ends_at`` are the UTC
    bounds of the local week the submitter saw: an entry belongs to the sheet when it
    starts inside them, whatever the reader's time zone."""

    __tablename__ = "time_sheet"
    __table_args__ = (UniqueConstraint("person", "week"),)
    person: str = Field(max_length=32)
    week: str = Field(max_length=10)  # the Monday, YYYY-MM-DD
    starts_at: datetime
    ends_at: datetime
    status: str = Field(default="open", max_length=10)  # open | submitted
    submitted_at: datetime | None = Field(default=None)


class TimeSheetReview(LinkBase, table=True):
    """A project owner's decision on the part of a submitted sheet on their project."""

    __tablename__ = "time_sheet_review"
    __table_args__ = (UniqueConstraint("sheet_id", "project_id"),)
    sheet_id: int
    project_id: int
    decision: str = Field(max_length=10)  # approved | returned
    comment: str = Field(default="")


class TimeDismissed(LinkBase, table=True):
    """A suggested block its person rejected (so it is not suggested again)."""

    __tablename__ = "time_dismissed"
    __table_args__ = (UniqueConstraint("author", "key"),)
    key: str = Field(max_length=40)


TIME_TABLES: list[type[SQLModel]] = [TimeEntry, TimeSheet, TimeSheetReview, TimeDismissed]
