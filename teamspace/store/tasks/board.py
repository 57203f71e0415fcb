"""What the Tasks pane shows on each refresh, read in ONE unit of work (one lock, one
fresh connection: each costs round trips on a share)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.tasks.alerts import TaskAlert, select_alerts, select_backlog
from teamspace.store.tasks.projects import ProjectView, select_projects, select_unfiled
from teamspace.store.tasks.query import TaskDetail, TaskView, select_detail, select_tasks


class Board(Record):
    """Projects with counts, the tasks of the view, the task in detail, the members."""

    projects: list[ProjectView]
    unfiled: tuple[int, int]  # (open, overdue) tasks in no project
    tasks: list[TaskView]
    detail: TaskDetail | None
    people: list[tuple[str, str | None]]  # (username, display name)
    alert_mark: int = 0  # the newest activity looked at for alerts
    alerts: list[TaskAlert] = []  # assignments and @mentions for the reader since then
    alert_seen: int | None = None  # the first read: the reader's stored mark of alerts seen


def board(ws: Workspace, *, filters: dict[str, Any],
          detail_of: Callable[[list[TaskView]], int | None] | None = None,
          limit: int = 1000, alerts_after: int | None = None) -> Board:
    """Everything the pane shows.  ``detail_of`` picks, from the tasks found, the one
    whose detail is read too (the one the cursor will be on); ``alerts_after``: the
    alert mark of the previous read (None: the first read, nothing to tell yet)."""
    def body(session: Session) -> Board:
        found = select_tasks(session, limit=limit, **filters)
        detail_id = detail_of(found) if detail_of is not None else None
        detail = select_detail(session, detail_id) if detail_id is not None else None
        people = [(r["username"], r["display_name"]) for r in session.all(
            "SELECT username, display_name FROM person WHERE deleted_at IS NULL "
            "ORDER BY username")]
        seen = None
        if alerts_after is None:
            unseen = select_backlog(session)
            mark, news, seen = unseen.mark, unseen.alerts, unseen.seen
        else:
            mark, news = select_alerts(session, after=alerts_after)
        return Board(select_projects(session), select_unfiled(session), found, detail,
                     people, mark, news, seen)

    return ws.read(body)
