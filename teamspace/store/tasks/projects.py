"""Projects as the Tasks pane shows them: their to-do lists and task counts.

Lists live inside a project and are made on first use; a task without a list sits in
the project's default list.  The projects themselves are the core's
(store/core/projects.py).
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.core.projects import check_name
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.tasks.dates import overdue_bound

DEFAULT_LIST = "To-dos"


class ProjectView(Record):
    """A project with its task counts."""

    id: int
    name: str
    description: str
    archived: bool
    open: int
    done: int
    overdue: int
    lists: list[str]


def ensure_list(session: Session, project_id: int, name: str) -> int:
    """The id of list ``name`` in the project, created if it does not exist yet."""
    name = check_name(name, "list")
    row = session.one("SELECT id FROM task_list WHERE project_id = :p AND key = :k AND "
                      "deleted_at IS NULL", {"p": project_id, "k": name.lower()})
    if row is not None:
        return int(row["id"])
    list_id = session.insert(
        "INSERT INTO task_list (created_at, updated_at, author, version, op_id, project_id, "
        "name, key) VALUES (:now, :now, :actor, 1, :op, :p, :name, :key) RETURNING id",
        {"now": session.now, "actor": session.actor, "op": session.op_id, "p": project_id,
         "name": name, "key": name.lower()})
    session.record("task_list", list_id, "create", {"name": [None, name]})
    return list_id


def list_projects(ws: Workspace, *, include_archived: bool = False) -> list[ProjectView]:
    """Projects by name, with open / done / overdue task counts and their lists."""
    return ws.read(lambda session: select_projects(session, include_archived=include_archived))


def select_projects(session: Session, *, include_archived: bool = False) -> list[ProjectView]:
    """:func:`list_projects` in the caller's unit of work."""
    now, today, bound = overdue_bound()
    archived = "" if include_archived else " AND archived_at IS NULL"
    # One correlated count per project and status: each is an equality lookup on the
    # index (project_id, status, deleted_at, ...), so open and done tasks are counted
    # from the index alone; only open tasks due before the overdue bound are read.
    # (A GROUP BY over the task table made SQLite read every task row: 0.4 s at 100k.)
    # Tasks hidden until later (Taskwarrior's wait) are not open yet: they are counted
    # on their own index (ix_task_waiting) and taken off.
    own = "t.project_id = p.id AND t.deleted_at IS NULL"
    rows = session.all(
        "SELECT p.*, "
        f"(SELECT count(*) FROM task t WHERE {own} AND t.status = 'open') - "
        f"(SELECT count(*) FROM task t WHERE {own} AND t.status = 'open' AND "
        "t.wait_until > :now) AS n_open, "
        f"(SELECT count(*) FROM task t WHERE {own} AND t.status = 'done') AS n_done, "
        f"(SELECT count(*) FROM task t WHERE {own} AND t.status = 'open' AND "
        "t.due_sort < :bound AND ((t.due_time AND t.due < :now) OR (NOT t.due_time AND "
        "t.due < :today)) AND (t.wait_until IS NULL OR t.wait_until <= :now)) AS n_late "
        "FROM project p WHERE p.deleted_at IS NULL"
        f"{archived.replace('archived_at', 'p.archived_at')} ORDER BY p.key",
        {"now": now, "today": today, "bound": bound})
    counts: dict[tuple[Any, str], int] = {}
    for r in rows:
        for state in ("open", "done", "late"):
            counts[(r["id"], state)] = int(r[f"n_{state}"])
    lists: dict[int, list[str]] = {}
    for r in session.all("SELECT project_id, name FROM task_list WHERE deleted_at IS NULL "
                         "ORDER BY key"):
        lists.setdefault(int(r["project_id"]), []).append(r["name"])
    return [ProjectView(int(r["id"]), r["name"], r["description"],
                        r["archived_at"] is not None, counts.get((r["id"], "open"), 0),
                        counts.get((r["id"], "done"), 0), counts.get((r["id"], "late"), 0),
                        lists.get(int(r["id"]), []))
            for r in rows]



def unfiled_counts(ws: Workspace) -> tuple[int, int]:
    """(open, overdue) tasks that belong to no project."""
    return ws.read(select_unfiled)


def select_unfiled(session: Session) -> tuple[int, int]:
    """:func:`unfiled_counts` in the caller's unit of work."""
    now, today, bound = overdue_bound()
    row = session.one(
        "SELECT count(*) AS n, sum(CASE WHEN due_sort < :bound AND ((due_time AND "
        "due < :now) OR (NOT due_time AND due < :today)) THEN 1 ELSE 0 END) AS late "
        "FROM task WHERE project_id IS NULL AND status = 'open' AND deleted_at IS NULL "
        "AND (wait_until IS NULL OR wait_until <= :now)",
        {"now": now, "today": today, "bound": bound})
    return (int(row["n"]), int(row["late"] or 0)) if row else (0, 0)
