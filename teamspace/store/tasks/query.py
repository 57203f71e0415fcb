"""Task reads: filtered, sorted lists; one task with comments and history; a month of
due dates; the people overview (who has what on the go).

Tasks are visible to every member.  List queries walk an index in the requested order
with a LIMIT (status/assignee/project + due_sort, see schema/tasks.py), so showing the
first page costs the same with ten thousand tasks as with a hundred thousand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from teamspace.dates import utc_now
from teamspace.errors import InvalidInput
from teamspace.store.core import projects as project_store
from teamspace.store.core import registry
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Row, Session, placeholders
from teamspace.store.tasks.checks import PRIORITY_NAMES, same_project, tag_key
from teamspace.store.tasks.dates import date_text, is_overdue, overdue_bound, readable
from teamspace.store.tasks.tasks import fetch_task

SORTS = {"due": "t.due_sort, t.id", "priority": "t.priority, t.due_sort, t.id",
         "created": "t.id"}
STATUSES = ("open", "done", "all")
OVERDUE = ("t.due_sort < :bound AND ((t.due_time AND t.due < :now) OR "
           "(NOT t.due_time AND t.due < :today))")
NOT_ARCHIVED = ("(t.project_id IS NULL OR t.project_id NOT IN "
                "(SELECT id FROM project WHERE archived_at IS NOT NULL))")
# Hidden until a later date (Taskwarrior's wait); :now is UTC text.
VISIBLE = "(t.wait_until IS NULL OR t.wait_until <= :now)"
HIDDEN = "t.wait_until > :now"
WAITING = ("hide", "also", "only")


class TaskView(Record):
    """A task as the views show it."""

    id: int
    uuid: str
    title: str
    notes: str
    project: str | None
    list_name: str | None  # the to-do list inside the project (None: the default)
    assignee: str | None
    due: str | None  # stored text; see store/tasks/dates.py
    due_time: bool
    priority: str | None  # H, M, L
    status: str
    done_at: str | None
    done_by: str | None
    recur: str | None
    author: str
    created_at: str
    updated_at: str
    version: int
    tags: list[str] = []
    waits_for: list[int] = []  # open tasks it waits for
    overdue: bool = False
    deleted: bool = False
    # Taskwarrior's dates (stored UTC text): hidden until, scheduled, until, started.
    wait_until: str | None = None
    scheduled_at: str | None = None
    until_at: str | None = None
    started_at: str | None = None
    extras_text: str = ""  # JSON: what another tool keeps that has no column here
    recur_day: int | None = None  # the day of the month a repetition was set on

    @property
    def done(self) -> bool:
        """True once ticked off."""
        return self.status == "done"

    @property
    def waiting(self) -> bool:
        """True while hidden from the lists (Taskwarrior's wait is still ahead)."""
        from teamspace.dates import utc_now

        return self.wait_until is not None and self.wait_until > utc_now()

    @property
    def extras(self) -> dict[str, Any]:
        """Fields kept from another tool (Taskwarrior's UDAs, parent, mask…)."""
        if not self.extras_text:
            return {}
        import json  # only tasks that came from another tool pay for it

        found: dict[str, Any] = json.loads(self.extras_text)
        return found

    def to_json(self) -> dict[str, Any]:
        """The fields as a plain dict (for --json), extras as an object."""
        out = super().to_json()
        out.pop("extras_text")
        out["extras"] = self.extras
        return out


def views(session: Session, rows: list[Row]) -> list[TaskView]:
    """TaskViews for task rows (tags, blockers and names fetched once per page)."""
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    marks, params = placeholders("i", ids)
    tags: dict[int, list[str]] = {i: [] for i in ids}
    # CROSS JOIN and "ORDER BY task_id, id" keep SQLite on the per-task indexes: without
    # statistics it would otherwise walk every open task (0.6 s at 100k tasks).
    for r in session.all(f"SELECT task_id, tag FROM task_tag WHERE task_id IN ({marks}) "
                         "ORDER BY task_id, id", params):
        tags[int(r["task_id"])].append(r["tag"])
    waits: dict[int, list[int]] = {i: [] for i in ids}
    join = session.dialect.ordered_join
    for r in session.all(
            f"SELECT d.task_id, d.depends_on FROM task_dependency d {join} task b ON "
            f"b.id = d.depends_on WHERE d.task_id IN ({marks}) AND b.status = 'open' AND "
            "b.deleted_at IS NULL ORDER BY d.depends_on", params):
        waits[int(r["task_id"])].append(int(r["depends_on"]))
    names: dict[int, str] = {}
    project_ids = sorted({int(r["project_id"]) for r in rows if r["project_id"]})
    if project_ids:
        pmarks, pparams = placeholders("p", project_ids)
        names = {int(r["id"]): r["name"] for r in session.all(
            f"SELECT id, name FROM project WHERE id IN ({pmarks})", pparams)}
    lists: dict[int, str] = {}
    list_ids = sorted({int(r["list_id"]) for r in rows if r["list_id"]})
    if list_ids:
        lmarks, lparams = placeholders("l", list_ids)
        lists = {int(r["id"]): r["name"] for r in session.all(
            f"SELECT id, name FROM task_list WHERE id IN ({lmarks})", lparams)}
    out = []
    for r in rows:
        tid = int(r["id"])
        due = None if r["due"] is None else str(r["due"])
        project = names.get(r["project_id"]) if r["project_id"] else None
        if project and r["project_spelling"] and same_project(r["project_spelling"], project):
            project = r["project_spelling"]  # shown as its source wrote it ("home")
        out.append(TaskView(
            id=tid, uuid=r["uuid"], title=r["title"], notes=r["notes"], project=project,
            list_name=lists.get(r["list_id"]) if r["list_id"] else None,
            assignee=r["assignee"], due=due, due_time=bool(r["due_time"]),
            priority=PRIORITY_NAMES.get(int(r["priority"])), status=r["status"],
            done_at=None if r["done_at"] is None else str(r["done_at"]),
            done_by=r["done_by"], recur=r["recur"], author=r["author"],
            created_at=str(r["created_at"]), updated_at=str(r["updated_at"]),
            version=int(r["version"]), tags=tags[tid], waits_for=waits[tid],
            overdue=r["status"] == "open" and is_overdue(due, bool(r["due_time"])),
            deleted=r["deleted_at"] is not None,
            **{key: None if r[key] is None else str(r[key]) for key in (
                "wait_until", "scheduled_at", "until_at", "started_at")},
            extras_text=r["extras"] or "", recur_day=r["recur_day"]))
    return out


def list_tasks(ws: Workspace, **filters: Any) -> list[TaskView]:
    """Tasks matching every filter given (see :func:`select_tasks`), in one unit of work."""
    return ws.read(lambda session: select_tasks(session, **filters))


def select_tasks(session: Session, *, status: str = "open", assignee: str | None = None,
                 unassigned: bool = False, project: str | None = None,
                 no_project: bool = False, tag: str | None = None,
                 due_before: str | None = None, due_from: str | None = None,
                 overdue: bool = False, text: str | None = None, sort: str = "due",
                 waiting: str = "hide", limit: int = 100, offset: int = 0) -> list[TaskView]:
    """Tasks matching every filter given, in ``sort`` order (due: undated last).

    ``due_before``/``due_from`` are absolute ISO values (see dates.check_due).
    Tasks of archived projects are left out unless that project is asked for.
    ``waiting``: tasks hidden until a later date (Taskwarrior's wait) are left out
    ("hide"), shown too ("also") or the only ones ("only").  Taskwarrior's recurrence
    templates are never listed (their occurrences are).
    """
    from teamspace.store.tasks.dates import check_due

    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
    if waiting not in WAITING:
        raise InvalidInput(f"waiting must be one of {', '.join(WAITING)}")
    if sort not in SORTS:
        raise InvalidInput(f"cannot sort by '{sort}'; use {', '.join(SORTS)}")
    where = ["t.deleted_at IS NULL"]
    params: dict[str, Any] = {"limit": max(1, min(limit, 100_000)),
                              "offset": max(0, offset)}
    if status != "all":
        where.append("t.status = :status")
        params["status"] = status
    else:  # not "IN ('open', 'done')": that makes SQLite sort 100k rows (0.4 s)
        where.append("t.status <> 'template'")
    if waiting != "also":
        where.append(VISIBLE if waiting == "hide" else HIDDEN)
        params["now"] = utc_now()
    if assignee:
        where.append("t.assignee = :assignee")
        params["assignee"] = assignee.strip().lower().lstrip("@")
    if unassigned:
        where.append("t.assignee IS NULL")
    if project:
        where.append("t.project_id = :project")
        params["project"] = int(project_store.find(session, project)["id"])
    else:
        where.append(NOT_ARCHIVED)
    if no_project:
        where.append("t.project_id IS NULL")
    if tag:
        where.append("t.id IN (SELECT task_id FROM task_tag WHERE key = :tag)")
        params["tag"] = tag_key(tag.strip().lstrip("#+"))
    if due_before:
        where.append("t.due_sort < :before")
        params["before"] = check_due(due_before)[0]
    if due_from:
        where.append("t.due_sort >= :from")
        params["from"] = check_due(due_from)[0]
    if overdue:
        where.append(OVERDUE)
        params["now"], params["today"], params["bound"] = overdue_bound()
    if text:
        where.append(session.dialect.contains("lower(t.title)", ":text"))
        params["text"] = text.strip().lower()
    rows = session.all(f"SELECT t.* FROM task t WHERE {' AND '.join(where)} "
                       f"ORDER BY {SORTS[sort]} LIMIT :limit OFFSET :offset", params)
    return views(session, rows)


def get_task(ws: Workspace, task_id: int, *, include_deleted: bool = False) -> TaskView:
    """One task."""
    return ws.read(lambda s: views(s, [fetch_task(s, task_id,
                                                  include_deleted=include_deleted)])[0])


class TaskDetail(Record):
    """One task with what it waits for, what waits for it, comments and history."""

    task: TaskView
    waits_for: list[dict[str, Any]]
    blocks: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    history: list[dict[str, Any]]
    # Seconds logged on the task, from the pane offering "time.spent" (None: no pane does).
    time_spent: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json output."""
        return {**self.task.to_json(), "waits_for": self.waits_for, "blocks": self.blocks,
                "comments": self.comments, "history": self.history,
                "time_spent_seconds": self.time_spent}


def task_detail(ws: Workspace, task_id: int) -> TaskDetail:
    """Everything about one task (deleted ones too, marked as such)."""
    return ws.read(lambda session: select_detail(session, task_id))


def select_detail(session: Session, task_id: int) -> TaskDetail:
    """Everything about one task, in the caller's unit of work."""
    view = views(session, [fetch_task(session, task_id, include_deleted=True)])[0]
    join = session.dialect.ordered_join
    waits = [{"id": int(r["id"]), "title": r["title"], "status": r["status"]}
             for r in session.all(
                 f"SELECT t.id, t.title, t.status FROM task_dependency d {join} task t ON "
                 "t.id = d.depends_on WHERE d.task_id = :id AND t.deleted_at IS NULL "
                 "ORDER BY t.id", {"id": task_id})]
    blocks = [{"id": int(r["id"]), "title": r["title"], "status": r["status"]}
              for r in session.all(
                  f"SELECT t.id, t.title, t.status FROM task_dependency d {join} task t ON "
                  "t.id = d.task_id WHERE d.depends_on = :id AND t.deleted_at IS NULL "
                  "ORDER BY t.id", {"id": task_id})]
    comments = [{"id": int(r["id"]), "author": r["author"], "at": str(r["created_at"]),
                 "text": r["text"]} for r in session.all(
        "SELECT id, author, created_at, text FROM task_comment WHERE task_id = :id AND "
        "deleted_at IS NULL ORDER BY id", {"id": task_id})]
    from json import loads  # only `task show` needs it; ~1 ms on every other call

    history = [{"at": str(r["at"]), "actor": r["actor"], "action": r["action"],
                "changes": loads(r["changes"])} for r in session.all(
        "SELECT at, actor, action, changes FROM activity WHERE item_type = 'task' AND "
        "item_id = :id ORDER BY id", {"id": task_id})]
    # Time logged on it, if a pane offers that (the Time pane), in this same unit of work.
    spent = registry.provided("time.spent")
    time_spent = spent(session, [task_id]).get(task_id, 0) if spent is not None else None
    return TaskDetail(view, waits, blocks, comments, history, time_spent)


def trash(ws: Workspace, *, limit: int = 100) -> list[TaskView]:
    """Deleted tasks, most recently deleted first."""
    return ws.read(lambda s: views(s, s.all(
        "SELECT * FROM task WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC "
        "LIMIT :limit", {"limit": limit})))


def month_tasks(ws: Workspace, year: int, month: int, *, status: str = "open",
                assignee: str | None = None, project: str | None = None,
                limit: int = 2000) -> dict[str, list[TaskView]]:
    """Tasks due in a month, by day (``YYYY-MM-DD`` in the reader's time zone); tasks
    hidden until later are on it too (a due date is a due date)."""

    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    # Timed dues are UTC: widen by a day each side, then place them on local days.
    found = list_tasks(ws, status=status, assignee=assignee, project=project,
                       due_from=date.fromordinal(start.toordinal() - 1).isoformat(),
                       due_before=date.fromordinal(end.toordinal() + 1).isoformat(),
                       waiting="also", limit=limit)
    days: dict[str, list[TaskView]] = {}
    for task in found:
        local = readable(task.due, task.due_time)
        if local is None:
            continue  # an unreadable due is on no calendar day
        day = local.date()
        if start <= day < end:
            days.setdefault(day.isoformat(), []).append(task)
    return days


class PersonLoad(Record):
    """One person's open work: tasks by project, how many are overdue, and extras."""

    username: str
    display_name: str | None
    open: int
    overdue: int
    projects: dict[str, list[TaskView]]
    # Per-person facts from other panes (store/<pane>/people.py: facts), e.g. the
    # Time pane's running timer.
    extras: dict[str, Any] = {}

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json output."""
        return {"username": self.username, "display_name": self.display_name,
                "open": self.open, "overdue": self.overdue, "extras": self.extras,
                "projects": {name: [t.to_json() for t in tasks]
                             for name, tasks in self.projects.items()}}


NO_PROJECT = "(no project)"


def people_overview(ws: Workspace, *, per_person: int = 50) -> list[PersonLoad]:
    """Every member (and any assignee who is not one yet) with their open tasks."""
    def body(session: Session) -> list[PersonLoad]:
        now, today, bound = overdue_bound()
        members = {r["username"]: r["display_name"] for r in session.all(
            "SELECT username, display_name FROM person WHERE deleted_at IS NULL")}
        counts = {r["assignee"]: (int(r["n"]), int(r["late"] or 0)) for r in session.all(
            f"SELECT t.assignee, count(*) AS n, sum(CASE WHEN {OVERDUE} THEN 1 ELSE 0 END) "
            f"AS late FROM task t WHERE t.status = 'open' AND t.deleted_at IS NULL AND "
            f"{VISIBLE} AND "
            f"t.assignee IS NOT NULL AND {NOT_ARCHIVED} GROUP BY t.assignee",
            {"now": now, "today": today, "bound": bound})}
        names = sorted(set(members) | set(counts))
        extras: dict[str, dict[str, Any]] = {name: {} for name in names}
        # Other panes add per-person facts through the core's registry: each gets the
        # open read session and the names and returns {username: {key: value}}.
        for provider in registry.people_facts():
            for name, values in provider(session, names).items():
                extras.setdefault(name, {}).update(values)
        loads = []
        for name in names:
            rows = session.all(
                f"SELECT t.* FROM task t WHERE t.assignee = :u AND t.status = 'open' AND "
                f"{VISIBLE} AND "
                f"t.deleted_at IS NULL AND {NOT_ARCHIVED} ORDER BY t.due_sort, t.id "
                "LIMIT :limit", {"u": name, "limit": per_person, "now": now})
            by_project: dict[str, list[TaskView]] = {}
            for task in views(session, rows):
                by_project.setdefault(task.project or NO_PROJECT, []).append(task)
            total, late = counts.get(name, (0, 0))
            loads.append(PersonLoad(name, members.get(name), total, late,
                                    dict(sorted(by_project.items(),
                                                key=lambda kv: (kv[0] == NO_PROJECT,
                                                                kv[0].lower()))),
                                    extras.get(name, {})))
        return loads

    return ws.read(body)


def today_text() -> str:
    """The reader's today as a stored date (for callers comparing dues)."""
    from teamspace.dates import local_now

    return date_text(local_now().date())
