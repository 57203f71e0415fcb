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

from teamspace.dates import to_text
from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.time import clock
from teamspace.store.time.query import utc_range

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


class Span(Record):
    """The part of an entry a report counts: who, which project and tags, when."""

    person: str
    project: str
    tags: list[str]
    start: datetime
    end: datetime


def pieces(start: datetime, end: datetime, lo: datetime, hi: datetime, *, by_day: bool
           ) -> list[tuple[date, float]]:
    """(local day, seconds) of the time from ``start`` to ``end`` inside [lo, hi), cut at
    local midnights when ``by_day`` (else one piece, dated by its start)."""
    start, end = max(start, lo), min(end, hi)
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


def cut(start: datetime, end: datetime, edges: list[datetime], first: date
        ) -> list[tuple[date, float]]:
    """(local day, seconds) of [start, end) within ``edges`` (the local midnights from
    ``first`` on, the last one closing the range)."""
    from bisect import bisect_right

    start, end = max(start, edges[0]), min(end, edges[-1])
    out = []
    index = bisect_right(edges, start) - 1
    while start < end:
        stop = min(edges[index + 1], end)
        out.append((first + timedelta(days=index), (stop - start).total_seconds()))
        start, index = stop, index + 1
    return out


def keys(span: Span, by: str, day: date) -> list[str]:
    """The group keys a span's piece on ``day`` counts for."""
    if by == "project":
        return [span.project]
    if by == "person":
        return [span.person]
    if by == "tag":
        return span.tags or [NO_TAG]
    if by == "day":
        return [day.isoformat()]
    return [clock.week_start(day).isoformat()]


def build(found: list[Span], *, by: str, first: date, last: date, person: str | None
          ) -> Report:
    """Aggregate spans into a report over local days first..last."""
    if by not in BY:
        raise InvalidInput(f"report --by one of {', '.join(BY)}")
    hi = clock.day_bounds(last)[1]
    totals: dict[str, float] = {}
    subs: dict[str, dict[str, float]] = {}
    total = 0.0
    sub_by = SUB[by]
    by_day = by in ("day", "week")
    # The range's local midnights, once: each span is cut at them by bisection rather
    # than by asking the time zone rules for every entry.
    days = (last - first).days + 1
    edges = [clock.day_bounds(first + timedelta(days=n))[0] for n in range(days)] + [hi]
    for span in found:
        if by_day:
            found_pieces = cut(span.start, span.end, edges, first)
        else:  # already clipped to the range; no local day needed
            found_pieces = [(first, (span.end - span.start).total_seconds())]
        for day, seconds in found_pieces:
            total += seconds
            sub_key = keys(span, sub_by, day)[0]
            for key in keys(span, by, day):
                totals[key] = totals.get(key, 0.0) + seconds
                inner = subs.setdefault(key, {})
                inner[sub_key] = inner.get(sub_key, 0.0) + seconds
    if by_day:
        order = sorted(totals)
    else:
        order = sorted(totals, key=lambda k: (k == NO_TAG, -totals[k], k.lower()))
    groups = [Group(key, totals[key], sorted(subs[key].items(),
                                             key=lambda kv: (-kv[1], kv[0].lower())))
              for key in order]
    return Report(by, first, last, person, groups, total)


def _moment(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def select_spans(session: Session, *, start: str, end: str, person: str | None,
                 project: str | None, by_day: bool, now: datetime) -> list[Span]:
    """What a report over [start, end) counts.  Without days to cut at, the database
    clips each entry to the range and sums per person, project and tags, so a month
    of a team's entries comes back as a few hundred rows."""
    from teamspace.store.time.entries import split_tags
    from teamspace.store.time.query import range_filter

    where, running_where, params = range_filter(session, start=start, end=end,
                                                person=person, project=project)
    params["now"] = to_text(now)
    names = {int(r["id"]): str(r["name"]) for r in session.all(
        "SELECT id, name FROM project")}
    running = f"SELECT * FROM time_entry WHERE {running_where}"
    if by_day:
        rows = session.all(f"SELECT person, project_id, tags, started_at, ended_at FROM "
                           f"time_entry WHERE {where} UNION ALL "
                           + running.replace("*", "person, project_id, tags, started_at, "
                                             "ended_at"), params)
        return [Span(r["person"], names.get(int(r["project_id"]), "?"),
                     split_tags(r["tags"]), _moment(str(r["started_at"])),
                     _moment(str(r["ended_at"])) if r["ended_at"] else now) for r in rows]
    # Each entry clipped to [start, end) (a running one ends now); CASE rather than the
    # two-argument min()/max() SQLite has and PostgreSQL spells least()/greatest().
    clipped = session.dialect.seconds_between(
        "CASE WHEN started_at > :start THEN started_at ELSE :start END",
        "CASE WHEN coalesce(ended_at, :now) < :end THEN coalesce(ended_at, :now) "
        "ELSE :end END")
    rows = session.all(
        f"SELECT person, project_id, tags, sum({clipped}) AS seconds FROM ("
        f"SELECT * FROM time_entry WHERE {where} UNION ALL {running}) AS e "
        "GROUP BY person, project_id, tags", params)
    zero = _moment(start)
    return [Span(r["person"], names.get(int(r["project_id"]), "?"), split_tags(r["tags"]),
                 zero, zero + timedelta(seconds=max(float(r["seconds"] or 0), 0.0)))
            for r in rows]


def select_report(session: Session, *, by: str, first: date, last: date,
                  person: str | None = None, project: str | None = None,
                  now: datetime | None = None) -> Report:
    """A report in the caller's unit of work (``person`` None: everyone)."""
    if by not in BY:
        raise InvalidInput(f"report --by one of {', '.join(BY)}")
    start, end = utc_range(first, last)
    spans = select_spans(session, start=start, end=end, person=person, project=project,
                         by_day=by in ("day", "week"), now=now or datetime.now(UTC))
    return build(spans, by=by, first=first, last=last, person=person)


def report(ws: Workspace, **kwargs: Any) -> Report:
    """:func:`select_report` in its own unit of work."""
    return ws.read(lambda session: select_report(session, **kwargs))
