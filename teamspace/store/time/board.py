"""What the Time pane shows on each refresh, read in ONE unit of work: my running timer
and everyone's, my entries of the week (with flags), the week as a person × day grid,
hours by project, a day × hour heat map, my week's timesheet state, the project names.

Everything comes from one range query over the week's entries (store/time/query.py),
so a refresh costs the same whatever the years of history before it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.time import clock
from teamspace.store.time.entries import Entry
from teamspace.store.time.query import entry_flags, overlaps, select_entries, utc_range
from teamspace.store.time.report import pieces


class TimeBoard(Record):
    """One week of time, as the pane shows it."""

    person: str
    week: date  # its Monday
    today: date
    running: Entry | None  # mine
    timers: list[Entry]  # everyone's running timers
    entries: list[Entry]  # mine, this week, oldest first
    flags: dict[int, list[str]]
    grid: list[tuple[str, list[float]]]  # (person, seconds Monday..Sunday)
    projects: list[tuple[str, float]]  # (project, seconds), most first
    heat: list[list[float]]  # [day][hour] seconds
    sheet: str  # my week's timesheet: open | submitted | approved | returned
    project_names: list[str]


def heat_map(found: list[Entry], week: date, now: datetime) -> list[list[float]]:
    """Seconds logged in each local hour of each day of the week."""
    heat = [[0.0] * 24 for _ in range(7)]
    lo, hi = clock.day_bounds(week)[0], clock.day_bounds(week + timedelta(days=6))[1]
    for entry in found:
        start, end = max(entry.start(), lo), min(entry.end(now), hi)
        while start < end:
            local = start.astimezone()
            next_hour = (local.replace(minute=0, second=0, microsecond=0)
                         + timedelta(hours=1)).astimezone(UTC)
            cut = min(next_hour, end)
            day = (local.date() - week).days
            if 0 <= day < 7:
                heat[day][local.hour] += (cut - start).total_seconds()
            start = cut
    return heat


def select_board(session: Session, person: str, week: date, *, mine_only: bool = False,
                 now: datetime | None = None) -> TimeBoard:
    """The pane's view of ``week`` for ``person`` (charts: everyone, or only the person)."""
    from teamspace.store.time.sheets import select_sheet

    now = now or datetime.now(UTC)
    last = week + timedelta(days=6)
    start, end = utc_range(week, last)
    found = select_entries(session, start=start, end=end)
    timers = session_timers(session)
    mine = [e for e in found if e.person == person]
    marks = overlaps(mine, now)
    lo, hi = clock.day_bounds(week)[0], clock.day_bounds(last)[1]
    charted = mine if mine_only else found
    people: dict[str, list[float]] = {}
    by_project: dict[str, float] = {}
    for entry in found:
        row = people.setdefault(entry.person, [0.0] * 7)
        for day, seconds in pieces(entry.start(), entry.end(now), lo, hi, by_day=True):
            row[(day - week).days] += seconds
    for entry in charted:
        for _day, seconds in pieces(entry.start(), entry.end(now), lo, hi, by_day=False):
            by_project[entry.project] = by_project.get(entry.project, 0.0) + seconds
    members = [r["username"] for r in session.all(
        "SELECT username FROM person WHERE deleted_at IS NULL ORDER BY username")]
    for name in members:
        people.setdefault(name, [0.0] * 7)
    names = [r["name"] for r in session.all(
        "SELECT name FROM project WHERE deleted_at IS NULL AND archived_at IS NULL "
        "ORDER BY key")]
    running = next((e for e in timers if e.person == person), None)
    return TimeBoard(
        person, week, clock.local_now().date(), running, timers, mine,
        {e.id: entry_flags(e, now, marks) for e in mine},
        sorted(people.items(), key=lambda kv: (kv[0] != person, kv[0])),
        sorted(by_project.items(), key=lambda kv: (-kv[1], kv[0].lower())),
        heat_map(charted, week, now), select_sheet(session, person, week).status, names)


def session_timers(session: Session) -> list[Entry]:
    """Everyone's running timers."""
    from teamspace.store.time.query import select_timers

    return select_timers(session)


def board(ws: Workspace, week: date, *, mine_only: bool = False) -> TimeBoard:
    """:func:`select_board` for the workspace's user, in its own unit of work."""
    return ws.read(lambda session: select_board(session, ws.user, week, mine_only=mine_only))
