"""SVG snapshot of the Tasks pane at a fixed size (review any change by eye).

Dates are far from today (2000 and 2099) so the picture does not change with the day
it runs.  Update with: .venv/bin/python -m pytest tests/test_task_snapshots.py
--snapshot-update
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import tasks
from teamspace.tui.app import build_app

from tui_support import team

SIZE = (120, 30)


def test_tasks_pane(workspace: Workspace, snap_compare: Any) -> None:
    ws = team(workspace)
    ws["anna"].set_meta("name", "Snapshot team")
    projects.create_project(ws["anna"], name="Website")
    first = tasks.add_task(ws["anna"], title="Write the landing page copy", project="Website",
                           list_name="Content", assignee="anna", due="2000-01-03",
                           priority="H", tags=["web"])
    tasks.add_task(ws["anna"], title="Move DNS [bold]now[/]", project="Website",
                   list_name="Launch", assignee="bob", due="2099-01-05", after=[first])
    tasks.add_task(ws["bob"], title="Weekly report", assignee="chen", due="2099-01-06",
                   recur="week")

    async def open_tasks(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(build_app(ws["anna"], watch=False), terminal_size=SIZE,
                        run_before=open_tasks)
