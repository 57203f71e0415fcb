"""What the Tasks pane offers other panes, by capability name (store/core/registry.py).

A note's action item becomes a task (``tasks.create``, a replayable writer) and shows
ticked when the task is done (``tasks.states``, read inside the caller's unit of work);
other panes never import this pane.
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core.session import Session, placeholders
from teamspace.store.tasks import tasks


def task_states(session: Session, task_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{task id: {"title", "status", "assignee", "deleted"}} for the ids that exist."""
    if not task_ids:
        return {}
    marks, params = placeholders("t", sorted(set(task_ids)))
    return {int(r["id"]): {"title": r["title"], "status": r["status"],
                           "assignee": r["assignee"], "deleted": r["deleted_at"] is not None}
            for r in session.all(
                f"SELECT id, title, status, assignee, deleted_at FROM task WHERE id IN ({marks})",
                params)}


PROVIDES: dict[str, Any] = {
    "tasks.create": tasks.add_task,
    "tasks.states": task_states,
}
