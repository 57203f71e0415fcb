"""Due dates in zones with daylight saving (America/Denver, Europe/Helsinki) and without
(Asia/Tokyo), on both sides of each change: a date-only due carries the offset its
own date has, whatever today's is; typed times, display, Taskwarrior and ICS agree.

Each test sets TZ for this process (``time.tzset``), so "today" stays the machine's
real date: the dates below are chosen on both sides of each zone's changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from taskwarrior_support import local_zone

from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.tasks.dates import (
    as_local,
    check_due,
    describe_due,
    due_input_text,
    next_due,
    resolve_due,
)

# zone: (summer offset, winter offset) in hours; Tokyo has no daylight saving.
ZONES = {"America/Denver": (-6, -7), "Europe/Helsinki": (3, 2), "Asia/Tokyo": (9, 9)}
SUMMER, WINTER = "2026-07-01", "2026-12-01"


@pytest.fixture(params=sorted(ZONES))
def zone(request: pytest.FixtureRequest) -> Iterator[tuple[str, int, int]]:
    with local_zone(request.param):
        yield (request.param, *ZONES[request.param])


def hours(moment: datetime) -> float:
    offset = moment.utcoffset()
    assert offset is not None
    return offset / timedelta(hours=1)


def test_a_date_carries_the_offset_of_that_date(zone: tuple[str, int, int]) -> None:
    _, summer, winter = zone
    for day, offset in ((SUMMER, summer), (WINTER, winter)):
        stored, has_time = check_due(day)
        local = as_local(str(stored), has_time)
        assert (local.date().isoformat(), local.hour, hours(local)) == (day, 0, offset)
        assert due_input_text(stored, has_time) == day


def test_a_typed_time_gets_the_offset_of_its_day(zone: tuple[str, int, int]) -> None:
    _, summer, winter = zone
    for day, offset in ((SUMMER, summer), (WINTER, winter)):
        value = resolve_due(f"{day} 15:00")
        assert hours(datetime.fromisoformat(value)) == offset, value
        stored, has_time = check_due(value)
        # Shown back as typed, on either side of the change.
        assert due_input_text(stored, has_time) == f"{day} 15:00"
        assert describe_due(stored, has_time).endswith("15:00")
    # A moment counted from now keeps its instant.
    before = datetime.now().astimezone()
    moment = datetime.fromisoformat(resolve_due("2h"))
    assert timedelta(hours=1, minutes=58) < moment - before < timedelta(hours=2, minutes=2)


def test_a_weekly_time_keeps_its_wall_clock_across_the_change(
        zone: tuple[str, int, int]) -> None:
    # 15:00 local on a Saturday in October, repeated weekly into November and December.
    stored, _ = check_due(resolve_due("2026-10-17 15:00"))
    assert stored is not None
    for _week in range(8):
        stored = next_due(stored, True, "week", today=datetime(2026, 1, 1).date())
        local = as_local(stored, True)
        assert (local.hour, local.minute) == (15, 0), (zone, stored)


def test_taskwarrior_export_writes_each_dates_own_midnight(workspace: Workspace,
                                                            zone: tuple[str, int, int]) -> None:
    from teamspace.store.tasks.taskwarrior import export_taskwarrior

    _, summer, winter = zone
    for day in (SUMMER, WINTER):
        tasks.add_task(workspace, title=day, due=day)
    dues = {r["description"]: r["due"] for r in export_taskwarrior(workspace)}
    for day, offset in ((SUMMER, summer), (WINTER, winter)):
        midnight = datetime.fromisoformat(day) - timedelta(hours=offset)
        assert dues[day] == midnight.strftime("%Y%m%dT%H%M%SZ")


def test_a_taskwarrior_date_comes_back_as_that_day(workspace: Workspace,
                                                   zone: tuple[str, int, int]) -> None:
    """Local midnight (Taskwarrior's date) is a date here, in summer and in winter."""
    from teamspace.store.tasks.taskwarrior import import_taskwarrior

    _, summer, winter = zone
    records = []
    for n, (day, offset) in enumerate(((SUMMER, summer), (WINTER, winter))):
        midnight = datetime.fromisoformat(day) - timedelta(hours=offset)
        records.append({"uuid": f"00000000-0000-4000-8000-00000000000{n}", "description": day,
                        "status": "pending", "due": midnight.strftime("%Y%m%dT%H%M%SZ")})
    import_taskwarrior(workspace, records=records)
    for task in taskquery.list_tasks(workspace):
        assert (task.due_time, task.due) == (False, f"{task.title} 00:00:00.000000")
        assert describe_due(task.due, task.due_time) not in ("", "01:00")


def test_ics_dates_and_times_on_both_sides(workspace: Workspace,
                                           zone: tuple[str, int, int]) -> None:
    from teamspace.store.tasks.ics import calendar

    _, summer, winter = zone
    for day in (SUMMER, WINTER):
        tasks.add_task(workspace, title=f"date {day}", due=day)
        tasks.add_task(workspace, title=f"time {day}", due=resolve_due(f"{day} 15:00"))
    text = calendar(taskquery.list_tasks(workspace), events=True)
    for day, offset in ((SUMMER, summer), (WINTER, winter)):
        compact = day.replace("-", "")
        assert f"DUE;VALUE=DATE:{compact}\r\n" in text
        assert f"DTSTART;VALUE=DATE:{compact}\r\n" in text
        utc = datetime.fromisoformat(f"{day}T15:00") - timedelta(hours=offset)
        assert f"DUE:{utc:%Y%m%dT%H%M%S}Z\r\n" in text
