"""What the Time pane offers other panes, by capability name (store/core/registry.py).

``time.spent``: the time logged on tasks, read inside the caller's unit of work — the
Tasks pane shows it in ``task show`` and its detail view, without importing this pane.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from teamspace.dates import from_text
from teamspace.store.core.session import Session, placeholders


def time_spent(session: Session, task_ids: list[int]) -> dict[int, int]:
    """{task id: seconds logged on it by anyone} (running timers count up to now); tasks
    without time are left out."""
    if not task_ids:
        return {}
    marks, params = placeholders("t", sorted({int(i) for i in task_ids}))
    now = datetime.now(UTC)
    out: dict[int, int] = {}
    for r in session.all(
            f"SELECT task_id, started_at, ended_at FROM time_entry WHERE task_id IN ({marks}) "
            "AND deleted_at IS NULL", params):
        start, end = from_text(r["started_at"]), from_text(r["ended_at"]) or now
        assert start is not None
        key = int(r["task_id"])
        out[key] = out.get(key, 0) + max(int((end - start).total_seconds()), 0)
    return out


PROVIDES: dict[str, Any] = {
    "time.spent": time_spent,
}
