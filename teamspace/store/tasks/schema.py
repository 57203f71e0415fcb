"""Tasks tables: the to-do lists inside projects (projects are the core's: time entries
and notes name them too), tasks, tags, dependencies and comments.

Tasks are visible to every member (Basecamp's shared to-dos); who does what is the
``assignee``.  The indexes exist for the everyday reads in store/tasks/query.py: each
list view walks one of them in order with a LIMIT, so its cost depends on the page
size, not on how many tasks the workspace holds (benchmarks/tasklist.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from teamspace.store.core.schema import ItemBase

# Sort key of a task without a due date: after every real date (see Task.due_sort).
NO_DUE = "9999-12-31 23:59:59.999999"


class TaskList(ItemBase, table=True):
    """A to-do list inside a project (a task without one sits in the default list)."""

    __tablename__ = "task_list"
    __table_args__ = (UniqueConstraint("project_id", "key"),)
    project_id: int
    name: str = Field(max_length=64)
    key: str = Field(max_length=64)


class Task(ItemBase, table=True):
    """A to-do: who does it, by when, how important, in which project and list."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_status_due", "status", "due_sort", "id"),
        Index("ix_task_status_priority", "status", "priority", "due_sort", "id"),
        # deleted_at sits in the indexes so counts and lists never touch the table rows
        # of deleted (or, for counts, any) tasks: project counts at 100k tasks went from
        # ~0.4 s to milliseconds (benchmarks/tasklist.py).
        Index("ix_task_assignee", "assignee", "status", "deleted_at", "due_sort", "id"),
        Index("ix_task_project", "project_id", "status", "deleted_at", "due_sort", "id"),
        Index("ix_task_due", "due_sort", "id"),
        # Open tasks hidden until a later date, counted per project from the index
        # alone (store/tasks/projects.py), so the counts stay index-only.
        Index("ix_task_waiting", "project_id", "status", "deleted_at", "wait_until"),
        {"sqlite_autoincrement": True},
    )
    # Stable identity across systems (Taskwarrior's uuid is kept on import).
    uuid: str = Field(unique=True, max_length=36)
    title: str
    notes: str = Field(default="")
    project_id: int | None = Field(default=None)
    list_id: int | None = Field(default=None)
    assignee: str | None = Field(default=None, max_length=32)
    # A date-only due is stored as that calendar date at 00:00 (no time zone) with
    # due_time false; a due with a time of day is a UTC instant with due_time true.
    due: datetime | None = Field(default=None)
    due_time: bool = Field(default=False)
    # ``due`` or NO_DUE: lets one index order tasks by due date with undated ones last.
    due_sort: str = Field(default=NO_DUE, max_length=26)
    # 1 high, 2 medium, 3 low, 4 none: ascending order is most important first.
    priority: int = Field(default=4)
    # open | done | template (a Taskwarrior recurrence template: never listed, kept so
    # that its instances and a round trip to Taskwarrior keep their series)
    status: str = Field(default="open", max_length=10)
    done_at: datetime | None = Field(default=None)
    done_by: str | None = Field(default=None, max_length=32)
    # day | weekday | week | month | year | mon … sun (weekly on that day); see
    # store/recurrence.py.  Completing the task creates the next one (spawned_id).
    recur: str | None = Field(default=None, max_length=16)
    spawned_id: int | None = Field(default=None)
    # Added by tasks.0002_taskwarrior_fields (ALTER TABLE appends columns, so they stay
    # last here: a new workspace gets the same column order as an upgraded one).
    # Taskwarrior's dates that mean something here, as UTC times: hidden from the
    # lists until ``wait_until``; may start from ``scheduled_at``; expires at
    # ``until_at``; being worked on since ``started_at``.
    wait_until: datetime | None = Field(default=None)
    scheduled_at: datetime | None = Field(default=None)
    until_at: datetime | None = Field(default=None)
    started_at: datetime | None = Field(default=None)
    # The project's name as the task's source wrote it, when it differs from the
    # project's own (one project per name in any case: "home" lands in "Home").
    project_spelling: str | None = Field(default=None)
    # What another tool keeps that has no column here (Taskwarrior's UDAs, parent,
    # mask, imask, its recur…): a JSON object, written back on export.
    extras: str | None = Field(default=None)
    # The day of the month a monthly or yearly repetition was set on: the 31st falls
    # on the 30th or 28th in shorter months and comes back to the 31st after.
    recur_day: int | None = Field(default=None)


class TaskTag(SQLModel, table=True):
    """A tag on a task, as written ("SEM", "@home"); ``key`` is its lowercase form, which
    filters match (the tag is shown as written)."""

    __tablename__ = "task_tag"
    __table_args__ = (UniqueConstraint("tag", "task_id"), Index("ix_task_tag_task", "task_id"),
                      Index("ix_task_tag_key", "key", "task_id"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int
    tag: str = Field(max_length=50)
    # Added by tasks.0002_taskwarrior_fields (filled for older rows there).
    key: str | None = Field(default=None, max_length=50)


class TaskDependency(SQLModel, table=True):
    """``task_id`` waits for ``depends_on`` to be done."""

    __tablename__ = "task_dependency"
    __table_args__ = (UniqueConstraint("task_id", "depends_on"),
                      Index("ix_task_dependency_on", "depends_on"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int
    depends_on: int


class TaskComment(ItemBase, table=True):
    """A comment on a task (Taskwarrior's annotations are imported as comments)."""

    __tablename__ = "task_comment"
    __table_args__ = (Index("ix_task_comment_task", "task_id", "id"),)
    task_id: int
    text: str


class TaskAlertSeen(SQLModel, table=True):
    """Every task alert (activity id) up to ``upto`` has been seen by ``username``: kept
    in the workspace so that it follows the member from machine to machine."""

    __tablename__ = "task_alert_seen"
    username: str = Field(primary_key=True, max_length=32)
    upto: int = Field(default=0)
    updated_at: datetime


TASK_TABLES: list[type[SQLModel]] = [TaskList, Task, TaskTag, TaskDependency,
                                     TaskComment, TaskAlertSeen]
