"""The TUI shell: tabs, header, help screen, command palette, theme."""

from __future__ import annotations

from textual.widgets import TabbedContent

from teamspace.store.core.connection import Workspace
from teamspace.tui.app import PANES, build_app
from teamspace.tui.screens.help import HelpScreen, binding_sections, key_label

from tui_support import settle


async def test_tabs_and_header(workspace: Workspace) -> None:
    workspace.set_meta("name", "Acme")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tabs = app.query_one("#tabs", TabbedContent)
        assert [pane.id for pane in tabs.query("TabPane")] == [key for key, _ in PANES]
        assert tabs.active == "microblog"
        assert app.title == "Acme" and app.sub_title == "anna · ok"
        for number, (key, _) in enumerate(PANES, start=1):
            await pilot.press(str(number))
            assert tabs.active == key


async def test_help_lists_every_binding(workspace: Workspace) -> None:
    from rich.table import Table
    from textual.widgets import Static

    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        tables = [s.content for s in app.screen.query(Static) if isinstance(s.content, Table)]
        rows = {(str(key), str(desc)) for table in tables
                for key, desc in zip(table.columns[0]._cells, table.columns[1]._cells,
                                     strict=True)}
        for _, bindings in binding_sections():
            for binding in bindings:
                assert binding.description and binding.id, binding  # ids let users remap
                assert (key_label(binding), binding.description) in rows, binding
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_key_labels_are_readable() -> None:
    labels = {key_label(b) for _, bindings in binding_sections() for b in bindings}
    assert {"?", "+", "ctrl+s"} <= labels


async def test_command_palette_offers_every_action(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for _, bindings in binding_sections()[:2]:
            for binding in bindings:
                if binding.action != "quit":
                    assert binding.description in titles, binding.description


async def test_theme_toggles_between_dark_and_light(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not before
