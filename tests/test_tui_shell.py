"""The TUI shell, driven with Textual's Pilot."""

from __future__ import annotations

from textual.widgets import TabbedContent

from teamspace.store.connection import Workspace
from teamspace.tui.app import PANES, build_app


async def test_tabs_and_header(workspace: Workspace) -> None:
    app = build_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        assert [pane.id for pane in tabs.query("TabPane")] == [key for key, _ in PANES]
        assert tabs.active == "microblog"
        assert app.sub_title == f"anna · {workspace.path}"
        for number, (key, _) in enumerate(PANES, start=1):
            await pilot.press(str(number))
            assert tabs.active == key
