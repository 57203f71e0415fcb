"""Time entries: one person's time on a project, maybe on a task; writers and the checks
every write shares (project, task, tags, timesheet locks, overlaps).

An entry without an end is a running timer (store/time/timers.py).  Times arrive as
stored UTC text, resolved by the caller before the write, so a write queued in the
outbox and replayed later still means the same moments.  Overlapping entries of one
person are allowed and reported (``overlaps`` in every writer's result), never merged.
Only the entry's person changes it; an entry inside a submitted or approved timesheet
week is locked (store/time/sheets.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from teamspace.dates import from_text, to_text
from teamspace.errors import InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import items, projects, registry
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session

MAX_ENTRY = 24 * 3600  # a typed entry longer than a day is a typo: split it into days
MAX_TAG = 50
MAX_NOTE = 2000
LONGEST_KEY = "time.longest_seconds"
EDITABLE = ("project", "started_at", "ended_at", "note", "tags", "task_id")


class Entry(Record):
    """A time entry as the views show it (times are stored UTC text)."""

    id: int
    person: str
    project: str
    project_id: int
    task_id: int | None
    started_at: str
    ended_at: str | None  # None: a running timer
    note: str
    tags: list[str]
    source: str
    version: int
    deleted: bool = False

    @property
    def running(self) -> bool:
        """True for a timer that has not been stopped."""
        return self.ended_at is None

    def start(self) -> datetime:
        """The start as an aware UTC datetime."""
        moment = from_text(self.started_at)
        assert moment is not None
        return moment

    def end(self, now: datetime) -> datetime:
        """The end, or ``now`` for a running timer."""
        return from_text(self.ended_at) or now

    def seconds(self, now: datetime) -> float:
        """How long it lasted (a running timer: until ``now``)."""
        return max((self.end(now) - self.start()).total_seconds(), 0.0)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json (ISO UTC times, seconds)."""
        from datetime import UTC

        from teamspace.dates import iso_utc

        now = datetime.now(UTC)
        return {"id": self.id, "person": self.person, "project": self.project,
                "task_id": self.task_id, "start": iso_utc(self.started_at),
                "end": iso_utc(self.ended_at), "seconds": round(self.seconds(now)),
                "running": self.running, "tags": self.tags, "note": self.note,
                "source": self.source, "version": self.version, "deleted": self.deleted}


def split_tags(text: str) -> list[str]:
    """Stored tags (one per line) as a list."""
    return text.split("\n") if text else []


def entries_from(session: Session, rows: Sequence[Row]) -> list[Entry]:
    """Entries for ``time_entry`` rows (project names fetched once)."""
    if not rows:
        return []
    ids = sorted({int(r["project_id"]) for r in rows})
    from teamspace.store.core.session import placeholders

    marks, params = placeholders("p", ids)
    names = {int(r["id"]): str(r["name"]) for r in session.all(
        f"SELECT id, name FROM project WHERE id IN ({marks})", params)}
    return [Entry(int(r["id"]), r["person"], names.get(int(r["project_id"]), "?"),
                  int(r["project_id"]), r["task_id"], str(r["started_at"]),
                  None if r["ended_at"] is None else str(r["ended_at"]), r["note"],
                  split_tags(r["tags"]), r["source"], int(r["version"]),
                  r["deleted_at"] is not None) for r in rows]


# ---------------------------------------------------------------------- checks
def check_tags(tags: Sequence[str]) -> str:
    """Tags as stored: trimmed, a leading + dropped, no duplicates, one per line."""
    out: list[str] = []
    for tag in tags:
        tag = " ".join(tag.split()).removeprefix("+").strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise InvalidInput(f"a tag can have at most {MAX_TAG} characters")
        if tag not in out:
            out.append(tag)
    return "\n".join(out)


def check_note(note: str) -> str:
    """A note, trimmed (at most MAX_NOTE characters)."""
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"a note can have at most {MAX_NOTE} characters")
    return note


def project_id(session: Session, name: str, *, create: bool = False) -> int:
    """The id of active project ``name``; with ``create``, a new project if unknown."""
    try:
        return int(projects.find(session, name, include_archived=False)["id"])
    except NotFound as exc:
        if session.one("SELECT id FROM project WHERE key = :k",
                       {"k": projects.check_name(name).lower()}):
            raise  # archived
        if not create:
            raise NotFound(f"{exc} (or add --new to create it here)") from None
        return projects.insert_project(session, name)


def check_task(session: Session, task_id: int | None) -> int | None:
    """``task_id`` if such a task exists (asked through the ``tasks.states`` capability:
    the Time pane never imports the Tasks pane)."""
    if task_id is None:
        return None
    states = registry.provided("tasks.states")
    if states is None:
        raise InvalidInput("no pane offers tasks in this version: leave out --task")
    found = states(session, [int(task_id)]).get(int(task_id))
    if found is None or found.get("deleted"):
        raise NotFound(f"task {task_id} does not exist")
    return int(task_id)


def check_span(started_at: str, ended_at: str | None, *, now: str) -> None:
    """A start before its end, neither in the future."""
    if started_at > now:
        raise InvalidInput("an entry cannot start in the future")
    if ended_at is not None:
        if ended_at <= started_at:
            raise InvalidInput("an entry must end after it starts")
        if ended_at > now:
            raise InvalidInput("an entry cannot end in the future")


def check_unlocked(session: Session, person: str, project: int, started_at: str) -> None:
    """PermissionDenied if the entry falls in a timesheet week awaiting or past review
    for this project (reopening the week unlocks it, see store/time/sheets.py)."""
    row = session.one(
        "SELECT s.week, s.status, r.decision, r.author FROM time_sheet s LEFT JOIN "
        "time_sheet_review r ON r.sheet_id = s.id AND r.project_id = :project "
        "WHERE s.person = :person AND s.starts_at <= :start AND s.ends_at > :start "
        "AND s.deleted_at IS NULL", {"person": person, "project": project,
                                     "start": started_at})
    if row is None:
        return
    if row["decision"] == "approved":
        raise PermissionDenied(
            f"{person}'s week of {row['week']} is approved by {row['author']} and locked; "
            f"{row['author']} can reopen it ('teamspace time reopen {person} --week "
            f"{row['week']}')")
    if row["status"] == "submitted" and row["decision"] is None:
        raise PermissionDenied(
            f"{person}'s week of {row['week']} is submitted and awaits review; take it "
            f"back first with 'teamspace time reopen --week {row['week']}'")


def longest(session: Session) -> int:
    """The longest stopped entry ever stored, in seconds (bounds range queries)."""
    value = session.scalar("SELECT value FROM meta WHERE key = :k", {"k": LONGEST_KEY})
    return int(value) if value else 0


def note_length(session: Session, started_at: str, ended_at: str | None) -> None:
    """Keep ``longest`` true after storing an entry from ``started_at`` to ``ended_at``."""
    if ended_at is None:
        return
    seconds = int((parse_stored(ended_at) - parse_stored(started_at)).total_seconds()) + 1
    if seconds > longest(session):
        session.execute("INSERT INTO meta (key, value) VALUES (:k, :v) ON CONFLICT (key) "
                        "DO UPDATE SET value = excluded.value", {"k": LONGEST_KEY,
                                                                  "v": str(seconds)})


def lower_bound(session: Session, start: str) -> str:
    """The earliest start an entry overlapping ``start`` onwards can have."""
    from datetime import timedelta

    return to_text(parse_stored(start) - timedelta(seconds=longest(session)))


def overlapping(session: Session, person: str, started_at: str, ended_at: str | None,
                *, skip: int | None = None) -> list[int]:
    """Ids of ``person``'s other entries that overlap the span (running ones included)."""
    end = ended_at or session.now
    rows = session.all(
        "SELECT id FROM time_entry WHERE person = :p AND deleted_at IS NULL AND "
        "started_at >= :low AND started_at < :end AND ended_at > :start "
        "UNION SELECT id FROM time_entry WHERE person = :p AND ended_at IS NULL AND "
        "deleted_at IS NULL AND started_at < :end ORDER BY id",
        {"p": person, "low": lower_bound(session, started_at), "start": started_at,
         "end": end})
    return [int(r["id"]) for r in rows if int(r["id"]) != skip]


def parse_stored(stored: str) -> datetime:
    """Stored UTC text as an aware datetime."""
    moment = from_text(stored)
    assert moment is not None
    return moment


def fetch_own(session: Session, entry_id: int, *, include_deleted: bool = False) -> Row:
    """The entry, if it is the actor's (PermissionDenied for someone else's)."""
    row = items.fetch(session, "time_entry", entry_id, item_type="time entry",
                      include_deleted=include_deleted)
    if row["person"] != session.actor:
        raise PermissionDenied(f"time entry {entry_id} is {row['person']}'s; only they "
                               "can change it")
    return row


# ---------------------------------------------------------------------- writers
def insert_entry(session: Session, *, project: int, started_at: str, ended_at: str | None,
                 tags: str = "", task_id: int | None = None, note: str = "",
                 source: str = "manual", source_key: str | None = None) -> int:
    """Store one entry of the actor (checks done by the caller, locks here)."""
    check_unlocked(session, session.actor, project, started_at)
    entry_id = session.insert(
        "INSERT INTO time_entry (created_at, updated_at, author, version, op_id, person, "
        "project_id, task_id, started_at, ended_at, note, tags, source, source_key) VALUES "
        "(:now, :now, :actor, 1, :op, :actor, :project, :task, :start, :end, :note, :tags, "
        ":source, :key) RETURNING id",
        {"now": session.now, "actor": session.actor, "op": session.op_id,
         "project": project, "task": task_id, "start": started_at, "end": ended_at,
         "note": note, "tags": tags, "source": source, "key": source_key})
    note_length(session, started_at, ended_at)
    session.record("time_entry", entry_id, "start" if ended_at is None else "create",
                   {"project_id": [None, project], "started_at": [None, started_at],
                    "ended_at": [None, ended_at]})
    return entry_id


@replayable
def add_entry(ws: Workspace, *, project: str, started_at: str, ended_at: str,
              tags: Sequence[str] = (), task_id: int | None = None, note: str = "",
              create_project: bool = False, op_id: str | None = None) -> dict[str, Any]:
    """Log time after the fact; returns ``{"id", "overlaps"}``."""
    if (parse_stored(ended_at) - parse_stored(started_at)).total_seconds() > MAX_ENTRY:
        raise InvalidInput("an entry can last at most 24 hours; add one per day")

    def body(session: Session) -> dict[str, Any]:
        check_span(started_at, ended_at, now=session.now)
        entry_id = insert_entry(
            session, project=project_id(session, project, create=create_project),
            started_at=started_at, ended_at=ended_at, tags=check_tags(tags),
            task_id=check_task(session, task_id), note=check_note(note))
        return {"id": entry_id,
                "overlaps": overlapping(session, session.actor, started_at, ended_at,
                                        skip=entry_id)}

    return ws.write(body, kind="time.add", op_id=op_id)


def change_entry(session: Session, entry_id: int, changes: Mapping[str, Any], *,
                 version: int | None = None, action: str = "update",
                 stopping: bool = False) -> dict[str, Any]:
    """Apply ``changes`` (keys of EDITABLE) to the actor's entry inside a write
    (``stopping``: the timer commands may give a running entry its end)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a time entry")
    row = fetch_own(session, entry_id)
    check_unlocked(session, row["person"], int(row["project_id"]), str(row["started_at"]))
    columns: dict[str, Any] = {}
    if "project" in changes:
        columns["project_id"] = project_id(session, str(changes["project"]))
    if "note" in changes:
        columns["note"] = check_note(str(changes["note"] or ""))
    if "tags" in changes:
        columns["tags"] = check_tags(list(changes["tags"] or []))
    if "task_id" in changes:
        columns["task_id"] = check_task(session, changes["task_id"] or None)
    start = str(changes.get("started_at") or row["started_at"])
    end = changes["ended_at"] if "ended_at" in changes else row["ended_at"]
    end = None if end is None else str(end)
    if row["ended_at"] is None and end is not None and not stopping:
        raise InvalidInput("stop a running timer with 'teamspace timer stop'")
    if row["ended_at"] is not None and end is None:
        raise InvalidInput("a stopped entry needs an end")
    check_span(start, end, now=session.now)
    columns.update(started_at=start, ended_at=end)
    check_unlocked(session, row["person"],
                   int(columns.get("project_id") or row["project_id"]), start)
    new_version = items.update(session, "time_entry", entry_id, columns,
                               item_type="time_entry", version=version, action=action)
    note_length(session, start, end)
    return {"id": entry_id, "version": new_version,
            "overlaps": overlapping(session, row["person"], start, end, skip=entry_id)}


@replayable
def edit_entry(ws: Workspace, *, entry_id: int, changes: Mapping[str, Any],
               version: int | None = None, op_id: str | None = None) -> dict[str, Any]:
    """Change an entry (project, start, end, note, tags, task), version-checked when
    ``version`` is given; returns ``{"id", "version", "overlaps"}``."""
    return ws.write(lambda s: change_entry(s, entry_id, changes, version=version),
                    kind="time.edit", op_id=op_id)


@replayable
def split_entry(ws: Workspace, *, entry_id: int, at: str,
                op_id: str | None = None) -> dict[str, Any]:
    """Cut a stopped entry in two at ``at``; returns ``{"first", "second"}`` ids."""
    def body(session: Session) -> dict[str, Any]:
        row = fetch_own(session, entry_id)
        if row["ended_at"] is None:
            raise InvalidInput("stop the timer before splitting it")
        if not str(row["started_at"]) < at < str(row["ended_at"]):
            raise InvalidInput(f"the split time must fall inside entry {entry_id}")
        change_entry(session, entry_id, {"ended_at": at}, action="split")
        second = insert_entry(
            session, project=int(row["project_id"]), started_at=at,
            ended_at=str(row["ended_at"]), tags=row["tags"], task_id=row["task_id"],
            note=row["note"], source="split")
        return {"first": entry_id, "second": second}

    return ws.write(body, kind="time.split", op_id=op_id)


@replayable
def delete_entries(ws: Workspace, *, entry_ids: Sequence[int],
                   op_id: str | None = None) -> list[int]:
    """Move entries to the trash (``restore_entries`` brings them back)."""
    def body(session: Session) -> list[int]:
        for entry_id in entry_ids:
            row = fetch_own(session, entry_id)
            check_unlocked(session, row["person"], int(row["project_id"]),
                           str(row["started_at"]))
            items.soft_delete(session, "time_entry", entry_id, item_type="time_entry")
        return list(entry_ids)

    return ws.write(body, kind="time.delete", op_id=op_id)


@replayable
def restore_entries(ws: Workspace, *, entry_ids: Sequence[int],
                    op_id: str | None = None) -> list[int]:
    """Take entries out of the trash."""
    def body(session: Session) -> list[int]:
        for entry_id in entry_ids:
            row = fetch_own(session, entry_id, include_deleted=True)
            check_unlocked(session, row["person"], int(row["project_id"]),
                           str(row["started_at"]))
            if row["ended_at"] is None and row["deleted_at"] is not None and session.one(
                    "SELECT id FROM time_entry WHERE person = :p AND ended_at IS NULL AND "
                    "deleted_at IS NULL", {"p": row["person"]}):
                raise InvalidInput(f"entry {entry_id} is a cancelled timer and another "
                                   "timer is running: stop that one first")
            items.restore(session, "time_entry", entry_id, item_type="time_entry")
        return list(entry_ids)

    return ws.write(body, kind="time.restore", op_id=op_id)
