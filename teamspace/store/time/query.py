"""Reading entries: a person's (or everyone's) entries in a range of local days, who
has a timer running, overlaps and flags for the views.

A range of local days becomes one UTC range (store/time/clock.py).  Entries are found
by their start through an index, from the range's start minus the longest entry ever
stored, so the cost depends on the range, not on the years of history before it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from teamspace.dates import to_text
from teamspace.errors import InvalidInput
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.time import clock, timers
from teamspace.store.time.entries import Entry, entries_from, longest

SPANS = ("day", "week", "month")


def day_range(span: str = "day", on: date | None = None, first: date | None = None,
              last: date | None = None) -> tuple[date, date]:
    """(first, last) local days, inclusive: the ``span`` around ``on`` (default today),
    or ``first``..``last`` when given."""
    today = clock.local_now().date()
    if first is not None or last is not None:
        first, last = first or last or today, last or today
        if last < first:
            raise InvalidInput("the range ends before it starts")
        return first, last
    on = on or today
    if span == "day":
        return on, on
    if span == "week":
        monday = clock.week_start(on)
        return monday, monday + timedelta(days=6)
    if span == "month":
        start = on.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    raise InvalidInput(f"a range is one of {', '.join(SPANS)}")


def utc_range(first: date, last: date) -> tuple[str, str]:
    """Stored UTC text of [first 00:00, (last + 1) 00:00) local."""
    return (to_text(clock.day_bounds(first)[0]), to_text(clock.day_bounds(last)[1]))


def range_filter(session: Session, *, start: str, end: str, person: str | None,
                 project: str | None, include_deleted: bool = False
                 ) -> tuple[str, str, dict[str, Any]]:
    """(WHERE clause, WHERE clause of older running timers, parameters) selecting the
    entries that overlap [start, end): by their start through the index, from ``start``
    minus the longest entry ever stored; a timer started before that and still running
    is in range too."""
    where = ["started_at >= :low", "started_at < :end",
             "(ended_at > :start OR ended_at IS NULL)"]
    running = ["ended_at IS NULL", "deleted_at IS NULL", "started_at < :low"]
    params: dict[str, Any] = {"start": start, "end": end}
    if not include_deleted:
        where.append("deleted_at IS NULL")
    if person is not None:
        where.append("person = :person")
        running.append("person = :person")
        params["person"] = person
    if project is not None:
        where.append("project_id = :project")
        running.append("project_id = :project")
        params["project"] = int(projects.find(session, project)["id"])
    params["low"] = to_text(datetime.fromisoformat(start).replace(tzinfo=UTC)
                            - timedelta(seconds=longest(session)))
    return " AND ".join(where), " AND ".join(running), params


def select_entries(session: Session, *, start: str, end: str, person: str | None = None,
                   project: str | None = None, limit: int = 100_000,
                   include_deleted: bool = False) -> list[Entry]:
    """Entries overlapping [start, end) (stored UTC text), oldest first; running timers
    included.  ``person`` None means everyone."""
    where, running, params = range_filter(session, start=start, end=end, person=person,
                                          project=project, include_deleted=include_deleted)
    rows = session.all(f"SELECT * FROM time_entry WHERE {where} ORDER BY started_at, id "
                       "LIMIT :limit", {**params, "limit": limit})
    older = session.all(f"SELECT * FROM time_entry WHERE {running}", params)
    return entries_from(session, [*older, *rows])


def list_entries(ws: Workspace, **kwargs: Any) -> list[Entry]:
    """:func:`select_entries` in its own unit of work."""
    return ws.read(lambda session: select_entries(session, **kwargs))


def select_timers(session: Session, people: list[str] | None = None) -> list[Entry]:
    """Everyone's running timers (or those of ``people``), longest running first."""
    rows = session.all("SELECT * FROM time_entry WHERE ended_at IS NULL AND "
                       "deleted_at IS NULL ORDER BY started_at, id")
    if people is not None:
        rows = [r for r in rows if r["person"] in people]
    return entries_from(session, rows)


def overlaps(found: list[Entry], now: datetime) -> dict[int, list[int]]:
    """{entry id: ids of the same person's entries it overlaps} among ``found``."""
    out: dict[int, list[int]] = {}
    by_person: dict[str, list[Entry]] = {}
    for entry in found:
        by_person.setdefault(entry.person, []).append(entry)
    for mine in by_person.values():
        mine.sort(key=lambda e: e.started_at)
        for index, entry in enumerate(mine):
            end = entry.end(now)
            for other in mine[index + 1:]:
                if other.start() >= end:
                    break
                out.setdefault(entry.id, []).append(other.id)
                out.setdefault(other.id, []).append(entry.id)
    return out


def entry_flags(entry: Entry, now: datetime, overlapping: dict[int, list[int]]) -> list[str]:
    """What the views mark: a forgotten timer's flags and overlaps."""
    found = timers.flags(entry.started_at, entry.ended_at, now) if (
        entry.running or entry.source == "timer") else []
    others = sorted(set(overlapping.get(entry.id, [])))
    if others:
        found.append("overlaps " + ", ".join(f"#{other}" for other in others))
    return found


class DayEntries(Record):
    """Entries of a range with everything a list view marks."""

    first: date
    last: date
    entries: list[Entry]
    flags: dict[int, list[str]]
    total: float


def select_listing(session: Session, *, first: date, last: date, person: str | None,
                   project: str | None = None, now: datetime | None = None) -> DayEntries:
    """The entries of local days first..last with flags and the total in range."""
    now = now or datetime.now(UTC)
    start, end = utc_range(first, last)
    found = select_entries(session, start=start, end=end, person=person, project=project)
    marks = overlaps(found, now)
    lo, hi = clock.day_bounds(first)[0], clock.day_bounds(last)[1]
    total = sum(max((min(e.end(now), hi) - max(e.start(), lo)).total_seconds(), 0)
                for e in found)
    return DayEntries(first, last, found, {e.id: entry_flags(e, now, marks) for e in found},
                      total)
