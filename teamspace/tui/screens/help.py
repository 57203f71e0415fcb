"""The help screen: every key binding, by where it works (generated from the code)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for everything the TUI binds."""
    from teamspace.tui.app import TeamspaceApp
    from teamspace.tui.panes.microblog.pane import MicroblogPane
    from teamspace.tui.panes.microblog.thread import ThreadScreen
    from teamspace.tui.panes.tasks.calendar import CalendarScreen
    from teamspace.tui.panes.tasks.form import TaskForm
    from teamspace.tui.panes.tasks.pane import TasksPane
    from teamspace.tui.widgets.composer import Composer

    def real(items: list[BindingType]) -> list[Binding]:
        return [b for b in items if isinstance(b, Binding)]

    return [
        ("Everywhere", real(TeamspaceApp.BINDINGS)),
        ("Microblog", real(MicroblogPane.BINDINGS)),
        ("Composer", real(Composer.BINDINGS)),
        ("Thread", real(ThreadScreen.BINDINGS)),
        ("Tasks", real(TasksPane.BINDINGS)),
        ("Task form", real(TaskForm.BINDINGS)),
        ("Calendar", real(CalendarScreen.BINDINGS)),
    ]


def key_label(binding: Binding) -> str:
    """How a key is shown: 'ctrl+s', '+', '?'."""
    return binding.key_display or {"question_mark": "?", "plus": "+"}.get(binding.key,
                                                                          binding.key)


class HelpScreen(ModalScreen[None]):
    """Lists every binding; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        """One table per section."""
        with VerticalScroll(id="help-box"):
            for title, bindings in binding_sections():
                table = Table(title=title, title_justify="left", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for binding in bindings:
                    table.add_row(Text(key_label(binding)), Text(binding.description))
                yield Static(table)
            yield Static(Text("ctrl+p opens the command palette with every action.",
                              style="dim"))
