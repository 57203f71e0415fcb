"""The TUI shell: tabs from the registry, header, help screen, palette, keymap, theme."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import TabbedContent

import teamspace.tui
from teamspace.config import Settings
from teamspace.panes import PANES
from teamspace.store.core.connection import Workspace
from teamspace.tui.app import build_app
from teamspace.tui.screens.help import HelpScreen, key_label

from tui_support import settle


def every_bound_class() -> list[type]:
    """Every widget/screen/app class in teamspace.tui that declares bindings, found by
    walking the package (independent of what the help screen is told)."""
    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(teamspace.tui.__path__, "teamspace.tui."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if (issubclass(cls, DOMNode) and cls.__module__ == module.name
                    and cls.__dict__.get("BINDINGS")):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def own_bindings(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__["BINDINGS"] if isinstance(b, Binding)]


async def test_tabs_come_from_the_registry(workspace: Workspace) -> None:
    workspace.set_meta("name", "Acme")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tabs = app.query_one("#tabs", TabbedContent)
        assert [pane.id for pane in tabs.query("TabPane")] == [info.key for info in PANES]
        assert tabs.active == "microblog"
        assert app.title == "Acme" and app.sub_title == "anna · ok"
        for number, info in enumerate(PANES, start=1):
            await pilot.press(str(number))
            assert tabs.active == info.key
            if not info.built:
                assert info.purpose in str(app.query_one(f"#{info.key} .pending").render())


def test_every_bound_class_is_found() -> None:
    """The walk sees the classes the help must cover (so the next test can fail)."""
    names = {cls.__name__ for cls in every_bound_class()}
    assert {"TeamspaceApp", "MicroblogPane", "ThreadScreen", "ReactionPicker", "GroupPicker",
            "Composer", "TasksPane", "TaskForm", "CalendarScreen", "PeopleScreen",
            "AssignPicker", "TextPrompt", "HelpScreen"} <= names


async def test_help_lists_every_binding_of_every_class(workspace: Workspace) -> None:
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
        for cls in every_bound_class():
            for binding in own_bindings(cls):
                assert binding.description and binding.id, (cls, binding)  # users remap ids
                assert (key_label(binding), binding.description) in rows, (cls, binding)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_binding_ids_are_unique_and_keys_readable() -> None:
    ids = [b.id for cls in every_bound_class() for b in own_bindings(cls)]
    shared = {b.id for cls in every_bound_class() if cls.__name__ in ("ThreadScreen",
                                                                      "MicroblogPane")
              for b in own_bindings(cls) if b.id and b.id.startswith("posts.")}
    repeated = {i for i in ids if ids.count(i) > 1} - shared  # post keys: pane and thread
    assert not repeated, repeated
    labels = {key_label(b) for cls in every_bound_class() for b in own_bindings(cls)}
    assert {"?", "+", "ctrl+s", "/"} <= labels
    assert not any("question_mark" in label or "slash" in label for label in labels)


async def test_command_palette_offers_every_action_with_its_key(workspace: Workspace) -> None:
    from teamspace.tui.panes.microblog.pane import MicroblogPane

    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for cls in (type(app), MicroblogPane):
            for binding in own_bindings(cls):
                if binding.action != "quit":
                    assert commands[binding.description] == f"key: {key_label(binding)}"
        assert commands["Help"] == "key: ?"


async def test_keymap_from_the_config_rebinds_keys(workspace: Workspace) -> None:
    settings = Settings(keymap={"app.tab.tasks": "f2", "app.help": "f1"})
    app = build_app(workspace, settings=settings, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert app.query_one("#tabs", TabbedContent).active == "tasks"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_theme_toggles_between_dark_and_light(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not before


async def test_a_read_landing_while_the_app_closes_finds_no_pane(workspace: Workspace) -> None:
    """A read that lands after the screens are gone (quitting) asks which pane is
    visible: the answer is none, not a ScreenStackError on the way out."""
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.visible_pane() is not None
    assert app.visible_pane() is None
