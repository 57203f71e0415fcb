"""The Time pane's sample entries for ``teamspace demo`` (fixed op ids): last week's
hours of the team on the demo projects, one submitted week, and bob's running timer."""

from __future__ import annotations

from datetime import time, timedelta

from teamspace.dates import to_text
from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.time import clock, entries, sheets, timers

# (person, weekday, start hour, hours, project, tags, note)
WEEK = [
    ("anna", 0, 9, 3.5, "Website relaunch", ["copy"], "landing page draft"),
    ("anna", 0, 13, 2, "Release 2.4", ["qa"], ""),
    ("anna", 1, 9, 4, "Website relaunch", ["copy"], ""),
    ("anna", 2, 10, 2.5, "Offsite", [], "agenda"),
    ("anna", 3, 9, 6, "Release 2.4", ["qa"], "smoke tests"),
    ("anna", 4, 9, 3, "Website relaunch", [], ""),
    ("bob", 0, 8, 4, "Website relaunch", ["ops"], "DNS plan"),
    ("bob", 1, 8, 5, "Release 2.4", [], ""),
    ("bob", 3, 9, 7, "Website relaunch", ["ops"], "redirects"),
    ("chen", 1, 10, 3, "Release 2.4", ["ci"], "flaky login test"),
    ("chen", 2, 9, 6, "Offsite", ["travel"], ""),
    ("dana", 4, 9, 2, "Offsite", [], "venue calls"),
]


def seed(as_user: dict[str, Workspace]) -> None:
    """Last week's entries, anna's week submitted, bob's timer running (idempotent)."""
    monday = clock.week_start(clock.local_now().date()) - timedelta(days=7)
    for number, (person, weekday, hour, hours, project, tags, note) in enumerate(WEEK):
        start = clock.at_local(monday + timedelta(days=weekday), time(hour))
        end = start + timedelta(hours=hours)
        try:
            entries.add_entry(as_user[person], project=project, started_at=to_text(start),
                              ended_at=to_text(end), tags=tags, note=note,
                              create_project=True, op_id=f"demo-time-{number}")
        except TeamspaceError:
            pass  # locked by the submitted week of an earlier seeding
    first, last = monday, monday + timedelta(days=6)
    from teamspace.store.time.query import utc_range

    starts, ends = utc_range(first, last)
    try:
        sheets.submit_week(as_user["anna"], week=monday.isoformat(), starts_at=starts,
                           ends_at=ends, op_id="demo-time-sheet-anna")
    except TeamspaceError:
        pass
    if timers.running(as_user["bob"], "bob") is None:
        at = to_text(clock.local_now() - timedelta(minutes=75))
        timers.start_timer(as_user["bob"], project="Release 2.4", tags=["review"], at=at,
                           op_id=f"demo-time-timer-{at[:10]}")
