"""SVG snapshot of the Time pane at a fixed size (review any change by eye: rsvg-convert
collapses some blanks that a terminal shows, see docs/time.md).

The week shown is in 2000, far from today, and the time zone is UTC, so the picture
does not change with the day or the machine.  Update with: .venv/bin/python -m pytest
tests/test_time_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.time import interop
from teamspace.tui.app import build_app
from teamspace.tui.panes.time.pane import TimePane

from tui_support import team

SIZE = (130, 36)


pytestmark = pytest.mark.usefixtures("utc_days")  # days are UTC days


def test_time_pane(workspace: Workspace, snap_compare: Any) -> None:
    ws = team(workspace)
    ws["anna"].set_meta("name", "Snapshot team")
    projects.create_project(ws["anna"], name="Website")
    for user, rows in (("anna", [("Website", "03 09:00", "03 12:30", ["copy"], "draft"),
                                 ("Ops [b]x[/b]", "04 13:00", "04 15:00", [], ""),
                                 ("Website", "05 22:00", "06 01:00", [], "late night")]),
                       ("bob", [("Ops [b]x[/b]", "04 08:00", "04 12:00", ["deploy"], "")])):
        interop.import_records(ws[user], records=[
            {"key": f"snap:{user}:{n}", "project": project,
             "start": f"2000-01-{start}:00.000000", "end": f"2000-01-{end}:00.000000",
             "tags": tags, "note": note}
            for n, (project, start, end, tags, note) in enumerate(rows)])

    async def open_week(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("5")
        pilot.app.query_one(TimePane).week = date(2000, 1, 3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(build_app(ws["anna"], watch=False), terminal_size=SIZE,
                        run_before=open_week)
