"""The teamspace TUI: one tab per pane, built from a workspace handle."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, TabbedContent, TabPane

from teamspace.store.connection import Workspace
from teamspace.tui.panes.pending import PendingPane

PANES = [
    ("microblog", "Microblog"),
    ("tasks", "Tasks"),
    ("notes", "Notes"),
    ("links", "Links"),
    ("time", "Time"),
]


class TeamspaceApp(App[None]):
    """The whole TUI; :func:`build_app` is the one factory used by the CLI and tests."""

    CSS_PATH = "app.tcss"
    TITLE = "teamspace"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
        *[Binding(str(n), f"show_tab('{key}')", label, show=False, id=f"app.tab.{key}")
          for n, (key, label) in enumerate(PANES, start=1)],
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        """Header, the tabs, footer."""
        yield Header()
        with TabbedContent(id="tabs"):
            for key, label in PANES:
                with TabPane(label, id=key):
                    yield PendingPane(key)
        yield Footer()

    def on_mount(self) -> None:
        """Show who and where in the header."""
        self.sub_title = f"{self.workspace.user} · {self.workspace.path}"

    def action_show_tab(self, key: str) -> None:
        """Switch to the pane ``key``."""
        self.query_one("#tabs", TabbedContent).active = key


def build_app(workspace: Workspace) -> TeamspaceApp:
    """Make the app for ``workspace`` (nothing is read until it mounts)."""
    return TeamspaceApp(workspace)


def run_tui(workspace: Workspace) -> None:
    """Run the TUI in the terminal until the user quits."""
    build_app(workspace).run()
