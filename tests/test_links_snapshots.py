"""SVG snapshot of the Links pane at a fixed size (review any change by eye).

Links carry dates from 2020 so the picture does not change with the day it runs.
Update with: .venv/bin/python -m pytest tests/test_links_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.store.links.interop import import_links
from teamspace.tui.app import build_app

from tui_support import team

SIZE = (120, 30)
WHEN = "2020-06-0{} 10:00:00.000000"


def test_links_pane(workspace: Workspace, snap_compare: Any) -> None:
    ws = team(workspace)
    ws["anna"].set_meta("name", "Snapshot team")
    import_links(ws["bob"], visibility="everyone", records=[
        {"url": "https://sqlite.org/lockingv3.html", "title": "File Locking In SQLite",
         "tags": ["sqlite"], "note": "Why one file on a share needs care.",
         "created_at": WHEN.format(1)},
        {"url": "https://example.org/dead", "title": "A page that went away",
         "tags": ["old"], "note": "", "created_at": WHEN.format(2)}])
    import_links(ws["anna"], visibility="everyone", records=[
        {"url": "https://sqlite.org/lockingv3.html", "title": "", "tags": ["reading"],
         "note": "Section 6 [bold]matters[/].", "created_at": WHEN.format(3)}])
    dead = links.add_link(ws["bob"], url="https://example.org/dead")["id"]
    links.record_checks(ws["anna"], results=[{"link_id": dead, "state": "dead",
                                              "status_code": 404,
                                              "checked_at": WHEN.format(4)}])

    async def open_links(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("4")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(build_app(ws["anna"], watch=False), terminal_size=SIZE,
                        run_before=open_links)
