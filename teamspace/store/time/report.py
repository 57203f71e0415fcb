"""Reports: hours by project, person, tag, day or week over a range of local days, with
sub-totals (project → person, person → project, tag → project, day → project,
week → project).

Each entry counts only for the part inside the range, and for day and week reports
it is cut at every local midnight, so each day gets what happened in it — a day on
which the clocks change has 23 or 25 hours (tests/test_time_report.py runs this in
America/Denver and Europe/Helsinki).  A running timer counts up to now.  An entry with
two tags counts for both in a tag report; the total is the time itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.time import clock
from teamspace.store.time.entries import Entry
from teamspace.store.time.query import select_entries, utc_range

BY = ("project", "person", "tag", "day", "week")
SUB = {"project": "person", "person": "project", "tag": "project", "day": "project",
       "week": "project"}
NO_TAG = "(no tag)"


class Group(Record):
    """One row of a report with its sub-totals."""

    key: str
    seconds: float
    sub: list[tuple[str, float]]

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json."""
        return {"key": self.key, "seconds": round(self.seconds),
                "sub": [{"key": k, "seconds": round(s)} for k, s in self.sub]}


class Report(Record):
    """A whole report."""

    by: str
    first: date
    last: date
    person: str | None
    groups: list[Group]
    total: float

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json."""
        return {"by": self.by, "from": self.first.isoformat(), "to": self.last.isoformat(),
                "person": self.person, "groups": [g.to_json() for g in self.groups],
                "total_seconds": round(self.total)}


def pieces(entry: Entry, lo: datetime, hi: datetime, now: datetime, *, by_day: bool
           ) -> list[tuple[date, float]]:
    """(local day, seconds) of the entry's time inside [lo, hi), cut at local midnights
    when ``by_day`` (else one piece, dated by its start)."""
    start, end = max(entry.start(), lo), min(entry.end(now), hi)
    if end <= start:
        return []
    if not by_day:
        return [(clock.local_day(start), (end - start).total_seconds())]
    out = []
    day = clock.local_day(start)
    while start < end:
        midnight = clock.day_bounds(day)[1]
        cut = min(midnight, end)
        out.append((day, (cut - start).total_seconds()))
        start, day = cut, day + timedelta(days=1)
    return out


def keys(entry: Entry, by: str, day: date) -> list[str]:
    """The group keys an entry's piece on ``day`` counts for."""
    if by == "project":
        return [entry.project]
    if by == "person":
        return [entry.person]
    if by == "tag":
        return entry.tags or [NO_TAG]
    if by == "day":
        return [day.isoformat()]
    return [clock.week_start(day).isoformat()]


def build(found: list[Entry], *, by: str, first: date, last: date, person: str | None,
          now: datetime) -> Report:
    """Aggregate entries into a report over local days first..last."""
    if by not in BY:
        raise InvalidInput(f"report --by one of {', '.join(BY)}")
    lo, hi = clock.day_bounds(first)[0], clock.day_bounds(last)[1]
    totals: dict[str, float] = {}
    subs: dict[str, dict[str, float]] = {}
    total = 0.0
    sub_by = SUB[by]
    for entry in found:
        for day, seconds in pieces(entry, lo, hi, now, by_day=by in ("day", "week")):
            total += seconds
            sub_key = keys(entry, sub_by, day)[0]
            for key in keys(entry, by, day):
                totals[key] = totals.get(key, 0.0) + seconds
                inner = subs.setdefault(key, {})
                inner[sub_key] = inner.get(sub_key, 0.0) + seconds
    if by in ("day", "week"):
        order = sorted(totals)
    else:
        order = sorted(totals, key=lambda k: (k == NO_TAG, -totals[k], k.lower()))
    groups = [Group(key, totals[key], sorted(subs[key].items(),
                                             key=lambda kv: (-kv[1], kv[0].lower())))
              for key in order]
    return Report(by, first, last, person, groups, total)


def select_report(session: Session, *, by: str, first: date, last: date,
                  person: str | None = None, project: str | None = None,
                  now: datetime | None = None) -> Report:
    """A report in the caller's unit of work (``person`` None: everyone)."""
    if by not in BY:
        raise InvalidInput(f"report --by one of {', '.join(BY)}")
    start, end = utc_range(first, last)
    found = select_entries(session, start=start, end=end, person=person, project=project,
                           limit=10_000_000)
    return build(found, by=by, first=first, last=last, person=person,
                 now=now or datetime.now(UTC))


def report(ws: Workspace, **kwargs: Any) -> Report:
    """:func:`select_report` in its own unit of work."""
    return ws.read(lambda session: select_report(session, **kwargs))
