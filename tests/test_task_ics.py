"""The iCalendar export read back by real readers: DTSTAMP is each task's last change
(exporting twice gives the same file), repeating tasks carry an RRULE whose
occurrences are exactly the ones the series makes here (checked with dateutil's
RRULE engine, which the icalendar package uses), ``--events`` adds VEVENTs that
calcurse puts on its calendar, repeated, at the same wall-clock time across daylight
saving."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from taskwarrior_support import local_zone, need

from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.tasks.dates import as_local, next_due
from teamspace.store.tasks.ics import calendar

icalendar = pytest.importorskip("icalendar")
rrule = pytest.importorskip("dateutil.rrule")


def export(ws: Workspace, *, events: bool = False) -> bytes:
    found = taskquery.list_tasks(ws, status="all", waiting="also", limit=1000)
    return calendar(found, events=events).encode("utf-8")


def components(raw: bytes, kind: str) -> dict[str, Any]:
    return {str(c["SUMMARY"]): c for c in icalendar.Calendar.from_ical(raw).walk(kind)}


def test_dtstamp_is_the_last_change_so_exports_are_stable(workspace: Workspace) -> None:
    first = tasks.add_task(workspace, title="one", due="2099-01-05")
    tasks.add_task(workspace, title="two")
    workspace.write(lambda s: s.execute("UPDATE task SET updated_at = '2026-01-02 "
                                        "03:04:05.000000'"), kind="test.older")
    raw = export(workspace)
    assert "DTSTAMP:20260102T030405Z" in raw.decode()
    assert export(workspace) == raw  # nothing changed: the same bytes
    tasks.edit_task(workspace, task_id=first, changes={"priority": "H"})
    stamps = {name: c.decoded("DTSTAMP") for name, c in components(
        export(workspace), "VTODO").items()}
    before = {name: c.decoded("DTSTAMP") for name, c in components(raw, "VTODO").items()}
    assert stamps["two"] == before["two"] and stamps["one"] > before["one"]
    task = taskquery.get_task(workspace, first)
    assert stamps["one"].strftime("%Y-%m-%d %H:%M:%S") == task.updated_at[:19]


# (repetition, first due, anchor day): the engine here and the RRULE must agree.
SERIES = [("day", "2026-12-30", None), ("weekday", "2026-12-31", None),
          ("week", "2026-12-29", None), ("fri", "2027-01-01", None),
          ("month", "2027-01-31", None), ("month", "2027-01-30", None),
          ("month", "2027-02-28", 31), ("month", "2027-01-15", None),
          ("year", "2028-02-29", None), ("year", "2027-07-14", None)]


@pytest.mark.parametrize(("recur", "due", "anchor"), SERIES)
def test_rrule_repeats_exactly_as_the_series(workspace: Workspace, recur: str, due: str,
                                             anchor: int | None) -> None:
    task_id = tasks.add_task(workspace, title="series", due=due, recur=recur)
    if anchor:  # a series set on the 31st, now at its February occurrence
        workspace.write(lambda s: s.execute("UPDATE task SET recur_day = :d WHERE id = :id",
                                            {"d": anchor, "id": task_id}), kind="test")
    todo = components(export(workspace), "VTODO")["series"]
    start = todo.decoded("DTSTART")
    assert start == todo.decoded("DUE") == date.fromisoformat(due)
    rule = rrule.rrulestr(todo["RRULE"].to_ical().decode(), dtstart=datetime.combine(
        start, datetime.min.time()))
    calendar_days = [d.date() for d in rule[:30]]
    ours, stored = [date.fromisoformat(due)], taskquery.get_task(workspace, task_id).due
    assert stored is not None
    for _ in range(29):
        stored = next_due(stored, False, recur, today=date(2000, 1, 1),
                          anchor=taskquery.get_task(workspace, task_id).recur_day)
        ours.append(as_local(stored, False).date())
    assert calendar_days == ours


def test_done_occurrences_follow_the_31st_through_short_months(workspace: Workspace) -> None:
    task_id = tasks.add_task(workspace, title="rent", due="2099-01-31", recur="month")
    dues = []
    for _ in range(4):
        task_id = tasks.complete_tasks(workspace, task_ids=[task_id])[0]["next_id"]
        dues.append(str(taskquery.get_task(workspace, task_id).due)[:10])
    assert dues == ["2099-02-28", "2099-03-31", "2099-04-30", "2099-05-31"]


def test_repeating_time_is_floating_local_and_one_off_time_is_utc(
        workspace: Workspace) -> None:
    with local_zone("Europe/Helsinki"):
        tasks.add_task(workspace, title="weekly", due="2027-03-26T15:00:00+02:00",
                       recur="week")
        tasks.add_task(workspace, title="summer call", due="2027-07-01T15:00:00+03:00")
        tasks.add_task(workspace, title="winter call", due="2027-12-01T15:00:00+02:00")
        raw = export(workspace)
    text = raw.decode()
    assert "DTSTART:20270326T150000\r\n" in text and "DUE:20270326T150000\r\n" in text
    assert "DUE:20270701T120000Z" in text and "DUE:20271201T130000Z" in text
    weekly = components(raw, "VTODO")["weekly"]
    rule = rrule.rrulestr(weekly["RRULE"].to_ical().decode(),
                          dtstart=weekly.decoded("DTSTART"))
    # Floating: 15:00 on both sides of the change on 28 March 2027.
    assert [d.hour for d in rule[:3]] == [15, 15, 15]


def test_events_are_written_for_open_dated_tasks_only(workspace: Workspace) -> None:
    tasks.add_task(workspace, title="dated", due="2099-01-05")
    tasks.add_task(workspace, title="timed", due="2099-01-06T14:30:00+00:00")
    tasks.add_task(workspace, title="undated")
    done = tasks.add_task(workspace, title="done", due="2099-01-07")
    tasks.complete_tasks(workspace, task_ids=[done])
    assert components(export(workspace), "VEVENT") == {}
    events = components(export(workspace, events=True), "VEVENT")
    assert set(events) == {"dated", "timed"}
    assert (events["dated"].decoded("DTSTART"), events["dated"].decoded("DTEND")) == (
        date(2099, 1, 5), date(2099, 1, 6))
    assert events["timed"].decoded("DTSTART").hour == 14
    todos = components(export(workspace, events=True), "VTODO")
    assert str(events["dated"]["UID"]) != str(todos["dated"]["UID"])


def test_calcurse_puts_the_events_on_its_calendar_repeated(workspace: Workspace,
                                                           tmp_path: Path) -> None:
    calcurse = need("calcurse")
    with local_zone("Europe/Helsinki"):
        tasks.add_task(workspace, title="Pay rent", due="2027-01-31", recur="month")
        tasks.add_task(workspace, title="Weekly report", due="2027-03-19T15:00:00+02:00",
                       recur="fri")
        tasks.add_task(workspace, title="Ship", due="2027-02-10")
        target = tmp_path / "tasks.ics"
        target.write_bytes(export(workspace, events=True))
        folder = tmp_path / "calcurse"
        folder.mkdir()
        env = {"TZ": "Europe/Helsinki", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
        run = subprocess.run([calcurse, "-D", str(folder), "-i", str(target)],
                             capture_output=True, text=True, timeout=60, env=env)
        assert run.returncode == 0, run.stderr
        assert "0 skipped" in run.stdout
        shown = subprocess.run([calcurse, "-D", str(folder), "-Q", "--from", "01/01/2027",
                                "--days", "120", "--filter-type", "cal"],
                               capture_output=True, text=True, timeout=60, env=env).stdout
    days: dict[str, list[str]] = {}
    current = ""
    for line in shown.splitlines():
        if line.endswith(":") and line[0].isdigit():
            current = line[:-1]
        elif line.strip():  # " * Ship" (all day), " - 15:00 -> 15:00" + "\tTitle"
            days.setdefault(current, []).append(line.strip().removeprefix("* "))
    rent = sorted(day for day, lines in days.items() if "Pay rent" in lines)
    assert rent == ["01/31/27", "02/28/27", "03/31/27", "04/30/27"]
    assert "Ship" in days["02/10/27"]
    # 15:00 on both sides of the change to summer time (28 March 2027).
    assert days["03/26/27"][0].startswith("- 15:00") and \
        days["04/02/27"][0].startswith("- 15:00")
    todo = subprocess.run([calcurse, "-D", str(folder), "-t"], capture_output=True,
                          text=True, timeout=60, env=env).stdout
    assert "Pay rent" in todo and "Ship" in todo
