"""The timer: start, stop, continue, cancel, status — the hottest path of all (shell
prompts call ``teamspace timer status`` on every prompt).

One running timer per person: starting another stops the first at the same moment
(the result says so).  A timer that ran over local midnight or for more than 12 hours
is flagged, because it was most likely forgotten.  Moments arrive as stored UTC text
(resolved before the write, so a queued write keeps its meaning); None means "now",
the moment of the write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from teamspace.dates import from_text
from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.time import entries

LONG_HOURS = 12


def flags(started_at: str, ended_at: str | None, now: datetime | None = None) -> list[str]:
    """``["over 12h", "over midnight"]`` for a timer that was probably forgotten."""
    start = from_text(started_at)
    end = from_text(ended_at) or now or datetime.now(UTC)
    assert start is not None
    found = []
    if (end - start).total_seconds() > LONG_HOURS * 3600:
        found.append(f"over {LONG_HOURS}h")
    if start.astimezone().date() != end.astimezone().date():
        found.append("over midnight")
    return found


def running_row(session: Session, person: str) -> Row | None:
    """The person's running timer (the newest, should a replay ever have made two)."""
    return session.one(
        "SELECT * FROM time_entry WHERE person = :p AND ended_at IS NULL AND "
        "deleted_at IS NULL ORDER BY started_at DESC LIMIT 1", {"p": person})


def _stop(session: Session, row: Row, at: str) -> dict[str, Any]:
    if at <= str(row["started_at"]):
        from teamspace.store.time.clock import shown

        raise InvalidInput(f"the running timer started at {shown(str(row['started_at']))}, "
                           f"after {shown(at)}: stop it earlier or fix it with 'teamspace "
                           f"time edit {row['id']}'")
    entries.change_entry(session, int(row["id"]), {"ended_at": at}, action="stop",
                         stopping=True)
    name = session.scalar("SELECT name FROM project WHERE id = :id", {"id": row["project_id"]})
    seconds = (from_text(at) - from_text(str(row["started_at"]))).total_seconds()  # type: ignore[operator]
    return {"id": int(row["id"]), "project": name, "seconds": int(seconds),
            "started_at": str(row["started_at"]), "ended_at": at,
            "flags": flags(str(row["started_at"]), at)}


def _begin(session: Session, *, project: int, tags: str, task_id: int | None, note: str,
           at: str | None) -> dict[str, Any]:
    at = at or session.now
    if at > session.now:
        raise InvalidInput("a timer cannot start in the future")
    stopped = None
    current = running_row(session, session.actor)
    if current is not None:
        stopped = _stop(session, current, at)
    entry_id = entries.insert_entry(session, project=project, started_at=at, ended_at=None,
                                    tags=tags, task_id=task_id, note=note, source="timer")
    return {"id": entry_id, "started_at": at, "stopped": stopped,
            "overlaps": entries.overlapping(session, session.actor, at, None, skip=entry_id)}


@replayable
def start_timer(ws: Workspace, *, project: str, tags: Sequence[str] = (),
                task_id: int | None = None, note: str = "", at: str | None = None,
                create_project: bool = False, op_id: str | None = None) -> dict[str, Any]:
    """Start a timer (stopping the one running); returns ``{"id", "started_at",
    "stopped": None or what was stopped, "overlaps"}``."""
    def body(session: Session) -> dict[str, Any]:
        return _begin(session, project=entries.project_id(session, project,
                                                           create=create_project),
                      tags=entries.check_tags(tags), task_id=entries.check_task(session, task_id),
                      note=entries.check_note(note), at=at)

    return ws.write(body, kind="time.start", op_id=op_id)


@replayable
def stop_timer(ws: Workspace, *, at: str | None = None,
               op_id: str | None = None) -> dict[str, Any]:
    """Stop my running timer; returns its id, project, seconds, times and flags."""
    def body(session: Session) -> dict[str, Any]:
        row = running_row(session, session.actor)
        if row is None:
            raise NotFound("no timer is running")
        return _stop(session, row, at or session.now)

    return ws.write(body, kind="time.stop", op_id=op_id)


@replayable
def continue_timer(ws: Workspace, *, at: str | None = None,
                   op_id: str | None = None) -> dict[str, Any]:
    """Start again what I did last (project, tags, task, note); like ``start_timer``."""
    def body(session: Session) -> dict[str, Any]:
        last = session.one(
            "SELECT * FROM time_entry WHERE person = :p AND deleted_at IS NULL AND "
            "ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1",
            {"p": session.actor})
        if last is None:
            raise NotFound("nothing to continue: no stopped entry yet")
        current = running_row(session, session.actor)
        if current is not None and int(current["project_id"]) == int(last["project_id"]) \
                and current["tags"] == last["tags"]:
            raise InvalidInput("that timer is running already")
        result = _begin(session, project=int(last["project_id"]), tags=last["tags"],
                        task_id=last["task_id"], note=last["note"], at=at)
        result["project"] = session.scalar("SELECT name FROM project WHERE id = :id",
                                           {"id": last["project_id"]})
        result["tags"] = entries.split_tags(last["tags"])
        return result

    return ws.write(body, kind="time.continue", op_id=op_id)


@replayable
def cancel_timer(ws: Workspace, *, op_id: str | None = None) -> dict[str, Any]:
    """Throw my running timer away (to the trash: ``time restore ID`` brings it back)."""
    def body(session: Session) -> dict[str, Any]:
        row = running_row(session, session.actor)
        if row is None:
            raise NotFound("no timer is running")
        entries.check_unlocked(session, session.actor, int(row["project_id"]),
                               str(row["started_at"]))
        items.soft_delete(session, "time_entry", int(row["id"]), item_type="time_entry")
        name = session.scalar("SELECT name FROM project WHERE id = :id",
                              {"id": row["project_id"]})
        return {"id": int(row["id"]), "project": name, "started_at": str(row["started_at"])}

    return ws.write(body, kind="time.cancel", op_id=op_id)


def select_running(session: Session, person: str) -> entries.Entry | None:
    """The person's running timer as an Entry, or None."""
    row = running_row(session, person)
    return entries.entries_from(session, [row])[0] if row is not None else None


def running(ws: Workspace, person: str) -> entries.Entry | None:
    """:func:`select_running` in its own unit of work (``timer status``)."""
    return ws.read(lambda session: select_running(session, person))
