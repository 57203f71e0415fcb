"""Week timesheets: a person submits a week; each project's owner (the person who made
the project) approves or returns their part with a comment.

A sheet's part on a project is locked while it awaits review and once approved: an
entry of that person, starting in that week, on that project cannot be added, changed
or deleted (store/time/entries.py ``check_unlocked``).  ``reopen`` unlocks — the person
takes back a sheet awaiting review; an owner reopens an approved part — and, like every
decision, lands in the activity log.  A returned part can be fixed and the week
submitted again; parts already approved stay approved.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from teamspace.errors import InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.time import clock
from teamspace.store.time.query import select_entries, utc_range


class SheetPart(Record):
    """A project's part of a sheet: hours per day and the review state."""

    project: str
    project_id: int
    owner: str
    days: list[float]  # seconds Monday..Sunday
    state: str  # open | pending | approved | returned
    reviewer: str | None = None
    comment: str = ""


class Sheet(Record):
    """One person's week."""

    person: str
    week: date
    status: str  # open | submitted | approved | returned
    parts: list[SheetPart]
    submitted_at: str | None = None

    @property
    def days(self) -> list[float]:
        """Seconds per day, Monday..Sunday, over every project."""
        return [sum(part.days[n] for part in self.parts) for n in range(7)]

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json."""
        return {"person": self.person, "week": self.week.isoformat(), "status": self.status,
                "submitted_at": self.submitted_at,
                "parts": [{"project": p.project, "owner": p.owner, "state": p.state,
                           "reviewer": p.reviewer, "comment": p.comment,
                           "days": [round(s) for s in p.days]} for p in self.parts]}


def parse_week(text: str | None) -> date:
    """The Monday of a week given as ``this``, ``last``, ``next``, ``2026-W48`` or any
    day in it (``2026-11-25``, ``yesterday``)."""
    today = clock.local_now().date()
    raw = (text or "this").strip().lower()
    if raw in ("this", "this week", ""):
        return clock.week_start(today)
    if raw in ("last", "last week"):
        return clock.week_start(today) - timedelta(days=7)
    if "-w" in raw:
        year, _, number = raw.partition("-w")
        try:
            return date.fromisocalendar(int(year), int(number), 1)
        except ValueError:
            raise InvalidInput(f"no week '{text}'; try 2026-W48") from None
    return clock.week_start(clock.parse_day(raw, today))


def _sheet(session: Session, person: str, week: date) -> Row | None:
    return session.one("SELECT * FROM time_sheet WHERE person = :p AND week = :w AND "
                       "deleted_at IS NULL", {"p": person, "w": week.isoformat()})


def select_sheet(session: Session, person: str, week: date) -> Sheet:
    """The person's week: hours per project and day, each part's review state."""
    first, last = week, week + timedelta(days=6)
    row = _sheet(session, person, week)
    if row is not None:
        start, end = str(row["starts_at"]), str(row["ends_at"])
    else:
        start, end = utc_range(first, last)
    found = select_entries(session, start=start, end=end, person=person)
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    parts: dict[int, SheetPart] = {}
    reviews = {int(r["project_id"]): r for r in session.all(
        "SELECT * FROM time_sheet_review WHERE sheet_id = :s",
        {"s": row["id"] if row else -1})}
    owners = {int(r["id"]): (r["name"], r["author"]) for r in session.all(
        "SELECT id, name, author FROM project")}
    for entry in found:
        if not start <= entry.started_at < end:
            continue  # belongs to the week before
        part = parts.get(entry.project_id)
        if part is None:
            name, owner = owners.get(entry.project_id, (entry.project, "?"))
            review = reviews.get(entry.project_id)
            state = "open" if row is None or row["status"] == "open" else "pending"
            if review is not None:
                state = str(review["decision"])
            part = parts[entry.project_id] = SheetPart(
                name, entry.project_id, owner, [0.0] * 7, state,
                review["author"] if review else None, review["comment"] if review else "")
        offset = (clock.local_day(entry.start()) - week).days
        part.days[min(max(offset, 0), 6)] += entry.seconds(now)
    ordered = sorted(parts.values(), key=lambda p: p.project.lower())
    status = "open" if row is None else str(row["status"])
    states = {p.state for p in ordered}
    if status == "submitted" and "returned" in states:
        status = "returned"
    elif status == "submitted" and states == {"approved"}:
        status = "approved"
    return Sheet(person, week, status, ordered,
                 None if row is None or row["submitted_at"] is None
                 else str(row["submitted_at"]))


def sheet(ws: Workspace, person: str, week: date) -> Sheet:
    """:func:`select_sheet` in its own unit of work."""
    return ws.read(lambda session: select_sheet(session, person, week))


def select_to_review(session: Session, reviewer: str) -> list[Sheet]:
    """Submitted sheets with parts on ``reviewer``'s projects still awaiting review."""
    rows = session.all("SELECT person, week FROM time_sheet WHERE status = 'submitted' AND "
                       "deleted_at IS NULL ORDER BY week, person")
    out = []
    for r in rows:
        found = select_sheet(session, r["person"], date.fromisoformat(r["week"]))
        if any(p.owner == reviewer and p.state == "pending" for p in found.parts):
            out.append(found)
    return out


@replayable
def submit_week(ws: Workspace, *, week: str, starts_at: str, ends_at: str,
                op_id: str | None = None) -> dict[str, Any]:
    """Submit my week (``starts_at``/``ends_at``: its UTC bounds as I see them)."""
    def body(session: Session) -> dict[str, Any]:
        row = _sheet(session, session.actor, date.fromisoformat(week))
        if not session.scalar(
                "SELECT count(*) FROM time_entry WHERE person = :p AND deleted_at IS NULL "
                "AND started_at >= :s AND started_at < :e",
                {"p": session.actor, "s": starts_at, "e": ends_at}):
            raise InvalidInput(f"your week of {week} has no entries to submit")
        if session.scalar("SELECT count(*) FROM time_entry WHERE person = :p AND "
                          "ended_at IS NULL AND deleted_at IS NULL AND started_at < :e",
                          {"p": session.actor, "e": ends_at}):
            raise InvalidInput("stop your running timer before submitting the week")
        if row is None:
            sheet_id = session.insert(
                "INSERT INTO time_sheet (created_at, updated_at, author, version, op_id, "
                "person, week, starts_at, ends_at, status, submitted_at) VALUES (:now, :now, "
                ":actor, 1, :op, :actor, :week, :s, :e, 'submitted', :now) RETURNING id",
                {"now": session.now, "actor": session.actor, "op": session.op_id,
                 "week": week, "s": starts_at, "e": ends_at})
        else:
            if row["status"] == "submitted" and not session.scalar(
                    "SELECT count(*) FROM time_sheet_review WHERE sheet_id = :s AND "
                    "decision = 'returned'", {"s": row["id"]}):
                raise InvalidInput(f"your week of {week} is submitted already")
            sheet_id = int(row["id"])
            session.execute("DELETE FROM time_sheet_review WHERE sheet_id = :s AND "
                            "decision = 'returned'", {"s": sheet_id})
            session.execute("UPDATE time_sheet SET status = 'submitted', submitted_at = :now, "
                            "updated_at = :now, version = version + 1 WHERE id = :id",
                            {"now": session.now, "id": sheet_id})
        session.record("time_sheet", sheet_id, "submit", {"week": [None, week]})
        return {"sheet": sheet_id, "week": week}

    return ws.write(body, kind="time.submit", op_id=op_id)


def _owned_parts(session: Session, person: str, week: str, project: str | None, *,
                 submitted: bool = True) -> tuple[Row, list[int]]:
    row = _sheet(session, person, date.fromisoformat(week))
    if row is None or (submitted and row["status"] != "submitted"):
        raise NotFound(f"{person} has not submitted the week of {week}")
    ids = [int(r["project_id"]) for r in session.all(
        "SELECT DISTINCT project_id FROM time_entry WHERE person = :p AND deleted_at IS NULL "
        "AND started_at >= :s AND started_at < :e",
        {"p": person, "s": row["starts_at"], "e": row["ends_at"]})]
    owned = {int(r["id"]) for r in session.all(
        "SELECT id FROM project WHERE author = :me", {"me": session.actor})}
    if project is not None:
        wanted = int(projects.find(session, project)["id"])
        if wanted not in owned:
            raise PermissionDenied(f"only the owner of '{project}' can review its hours")
        if wanted not in ids:
            raise NotFound(f"{person}'s week of {week} has no hours on '{project}'")
        return row, [wanted]
    mine = [i for i in ids if i in owned]
    if not mine:
        raise PermissionDenied(f"you own none of the projects in {person}'s week of {week}")
    return row, mine


@replayable
def review_week(ws: Workspace, *, person: str, week: str, decision: str,
                project: str | None = None, comment: str = "",
                op_id: str | None = None) -> dict[str, Any]:
    """Approve or return (with a comment) the parts of a submitted week on projects I
    own (or only ``project``); returns the project names decided."""
    if decision not in ("approved", "returned"):
        raise InvalidInput("a decision is 'approved' or 'returned'")
    if decision == "returned" and not comment.strip():
        raise InvalidInput("say why when returning a week (--comment)")

    def body(session: Session) -> dict[str, Any]:
        row, ids = _owned_parts(session, person, week, project)
        decided = {int(r["project_id"]): str(r["decision"]) for r in session.all(
            "SELECT project_id, decision FROM time_sheet_review WHERE sheet_id = :s",
            {"s": row["id"]})}
        if project is not None and ids[0] in decided:
            raise InvalidInput(f"'{project}' in {person}'s week of {week} is "
                               f"{decided[ids[0]]} already; reopen it first to change that")
        ids = [i for i in ids if i not in decided]
        if not ids:
            raise InvalidInput(f"nothing of yours waits for review in {person}'s week of "
                               f"{week}")
        names = []
        for project_id in ids:
            session.execute(
                "INSERT INTO time_sheet_review (created_at, author, op_id, sheet_id, "
                "project_id, decision, comment) VALUES (:now, :me, :op, :s, :p, :d, :c) "
                "ON CONFLICT (sheet_id, project_id) DO UPDATE SET decision = excluded.decision, "
                "comment = excluded.comment, author = excluded.author, "
                "created_at = excluded.created_at, op_id = excluded.op_id",
                {"now": session.now, "me": session.actor, "op": session.op_id,
                 "s": row["id"], "p": project_id, "d": decision, "c": comment.strip()})
            names.append(session.scalar("SELECT name FROM project WHERE id = :id",
                                        {"id": project_id}))
            session.record("time_sheet", int(row["id"]), decision[:-1] if decision ==
                           "approved" else "return",
                           {"project_id": [None, project_id], "comment": [None, comment]})
        return {"person": person, "week": week, "projects": names, "decision": decision}

    return ws.write(body, kind="time.review", op_id=op_id)


@replayable
def reopen_week(ws: Workspace, *, person: str, week: str, project: str | None = None,
                op_id: str | None = None) -> dict[str, Any]:
    """Unlock a week: its person takes back a sheet awaiting review (parts already
    approved stay so); a project owner reopens their approved part (or all of them).
    Logged in the activity log."""
    def body(session: Session) -> dict[str, Any]:
        row = _sheet(session, person, date.fromisoformat(week))
        if row is None or (row["status"] == "open" and not session.scalar(
                "SELECT count(*) FROM time_sheet_review WHERE sheet_id = :s",
                {"s": row["id"]})):
            raise InvalidInput(f"{person}'s week of {week} is open already")
        reopened: list[str] = []
        if session.actor != person or project is not None:
            _, ids = _owned_parts(session, person, week, project, submitted=False)
            for project_id in ids:
                if session.execute("DELETE FROM time_sheet_review WHERE sheet_id = :s AND "
                                   "project_id = :p", {"s": row["id"], "p": project_id}):
                    reopened.append(str(session.scalar(
                        "SELECT name FROM project WHERE id = :id", {"id": project_id})))
            if not reopened:
                raise InvalidInput(f"nothing of {person}'s week of {week} that you own was "
                                   "reviewed yet")
        else:
            session.execute("DELETE FROM time_sheet_review WHERE sheet_id = :s AND "
                            "decision = 'returned'", {"s": row["id"]})
        session.execute("UPDATE time_sheet SET status = 'open', updated_at = :now, "
                        "version = version + 1 WHERE id = :id",
                        {"now": session.now, "id": row["id"]})
        session.record("time_sheet", int(row["id"]), "reopen",
                       {"status": [row["status"], "open"], "projects": [None, reopened]})
        return {"person": person, "week": week, "projects": reopened}

    return ws.write(body, kind="time.reopen", op_id=op_id)
