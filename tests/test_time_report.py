"""Reports over local days, around daylight-saving changes: a day on which the clocks
change has 23 or 25 hours, in America/Denver and in Europe/Helsinki; entries are cut at
local midnights; sub-totals; tags count for each; the range is clipped."""

from __future__ import annotations

import time as systime
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from teamspace.dates import to_text
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.time import clock, interop, query, report

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    systime.tzset()
    yield request.param
    monkeypatch.undo()
    systime.tzset()


def local(text: str) -> str:
    """A local wall-clock time in the zone under test, as stored UTC text."""
    return to_text(datetime.fromisoformat(text).astimezone())


def put(ws: Workspace, records: list[tuple[str, str, str, list[str]]]) -> None:
    """Entries (project, local start, local end, tags) through the importer (no 24 h cap)."""
    interop.import_records(ws, records=[
        {"key": f"test:{n}", "project": project, "start": local(start), "end": local(end),
         "tags": tags, "note": ""} for n, (project, start, end, tags) in enumerate(records)])


def hours(found: report.Report) -> dict[str, float]:
    return {g.key: g.seconds / 3600 for g in found.groups}


# (zone, the day the clocks change, its length in hours)
DST_DAYS = [("America/Denver", "2026-03-08", 23), ("America/Denver", "2026-11-01", 25),
            ("Europe/Helsinki", "2026-03-29", 23), ("Europe/Helsinki", "2026-10-25", 25)]


@pytest.mark.parametrize(("zone", "day", "length"), DST_DAYS, indirect=["zone"],
                         ids=[f"{z}-{d}" for z, d, _ in DST_DAYS])
def test_a_dst_day_has_its_own_length(workspace: Workspace, zone: str, day: str,
                                      length: int) -> None:
    the_day = date.fromisoformat(day)
    lo, hi = clock.day_bounds(the_day)
    assert (hi - lo).total_seconds() == length * 3600
    before, after = f"{the_day.toordinal() - 1}", f"{the_day.toordinal() + 1}"
    prev = date.fromordinal(int(before)).isoformat()
    following = date.fromordinal(int(after)).isoformat()
    # Two entries from 22:00 the evening before to 02:00 the morning after, cut at noon.
    put(workspace, [("acme", f"{prev}T22:00", f"{day}T12:00", ["dev"]),
                    ("acme", f"{day}T12:00", f"{following}T02:00", [])])
    by_day = report.report(workspace, by="day", first=date.fromordinal(int(before)),
                           last=date.fromordinal(int(after)))
    assert hours(by_day) == {prev: 2, day: length, following: 2}
    assert by_day.total == (length + 4) * 3600
    assert by_day.groups[1].sub == [("acme", length * 3600)]
    only_day = report.report(workspace, by="project", first=the_day, last=the_day)
    assert hours(only_day) == {"acme": length}  # clipped to the day
    by_week = report.report(workspace, by="week", first=date.fromordinal(int(before)),
                            last=date.fromordinal(int(after)))
    assert sum(g.seconds for g in by_week.groups) == (length + 4) * 3600
    assert all(g.key == clock.week_start(date.fromisoformat(g.key)).isoformat()
               for g in by_week.groups)
    listing = workspace.read(lambda s: query.select_listing(
        s, first=the_day, last=the_day, person="anna"))
    assert listing.total == length * 3600 and len(listing.entries) == 2


@pytest.mark.parametrize("zone", ["Europe/Helsinki"], indirect=True)
def test_report_groups_and_subtotals(workspace: Workspace, zone: str) -> None:
    bob = Workspace.open(workspace.path, user="bob")
    projects.create_project(workspace, name="Beta")
    put(workspace, [("acme", "2026-11-23T09:00", "2026-11-23T11:00", ["dev", "review"]),
                    ("Beta", "2026-11-24T09:00", "2026-11-24T10:30", []),
                    ("acme", "2026-11-30T09:00", "2026-11-30T10:00", ["dev"])])
    put(bob, [("acme", "2026-11-25T23:00", "2026-11-26T01:00", ["ops"])])
    week = {"first": date(2026, 11, 23), "last": date(2026, 11, 29)}
    by_project = report.report(workspace, by="project", **week)
    assert [(g.key, g.seconds / 3600, g.sub) for g in by_project.groups] == [
        ("acme", 4, [("anna", 7200), ("bob", 7200)]), ("Beta", 1.5, [("anna", 5400)])]
    by_person = report.report(workspace, by="person", **week)
    assert hours(by_person) == {"anna": 3.5, "bob": 2}
    by_tag = report.report(workspace, by="tag", **week)
    assert hours(by_tag) == {"dev": 2, "review": 2, "ops": 2, "(no tag)": 1.5}
    assert by_tag.total == 5.5 * 3600  # each entry once
    by_day = report.report(workspace, by="day", **week)
    assert hours(by_day) == {"2026-11-23": 2, "2026-11-24": 1.5, "2026-11-25": 1,
                             "2026-11-26": 1}
    mine = report.report(workspace, by="project", person="anna", **week)
    assert hours(mine) == {"acme": 2, "Beta": 1.5}
    only = report.report(workspace, by="person", project="beta", **week)
    assert hours(only) == {"anna": 1.5}
    months = report.report(workspace, by="week", first=date(2026, 11, 1),
                           last=date(2026, 11, 30))
    assert hours(months) == {"2026-11-23": 5.5, "2026-11-30": 1}
    assert report.report(workspace, by="project", first=date(2026, 11, 2),
                         last=date(2026, 11, 8)).groups == []


@pytest.mark.parametrize("zone", ["America/Denver"], indirect=True)
def test_ranges_of_local_days(zone: str) -> None:
    assert query.day_range("week", date(2026, 11, 25)) == (date(2026, 11, 23),
                                                           date(2026, 11, 29))
    assert query.day_range("month", date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    start, end = query.utc_range(date(2026, 3, 8), date(2026, 3, 8))
    assert (start, end) == ("2026-03-08 07:00:00.000000", "2026-03-09 06:00:00.000000")
    assert datetime.fromisoformat(end).replace(tzinfo=UTC) > datetime.fromisoformat(
        start).replace(tzinfo=UTC)
