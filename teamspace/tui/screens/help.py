"""The help screen: every key binding, by where it works (generated from the code).

The app hands the sections in (its own bindings, then each pane's ``help_sections``);
this module never imports the app or a pane.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, list[Binding]]
KEY_NAMES = {"question_mark": "?", "plus": "+", "slash": "/", "space": "space",
             "escape": "esc", "minus": "-"}


def key_label(binding: Binding) -> str:
    """How a key is shown: 'ctrl+s', '+', '?' (never 'question_mark')."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(KEY_NAMES.get(key, key) for key in binding.key.split(","))


def bindings_of(cls: type) -> list[Binding]:
    """The Binding objects a class declares itself."""
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


class HelpScreen(ModalScreen[None]):
    """Lists every binding; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    @staticmethod
    def shared_sections() -> list[Section]:
        """Widgets and screens any pane may use."""
        from teamspace.tui.screens.pickers import GroupPicker
        from teamspace.tui.widgets.composer import Composer
        from teamspace.tui.widgets.itemlist import ItemList

        return [("Lists", bindings_of(ItemList)), ("Composer", bindings_of(Composer)),
                ("Group picker", bindings_of(GroupPicker)), ("Help", bindings_of(HelpScreen))]

    def compose(self) -> ComposeResult:
        """One table per section."""
        with VerticalScroll(id="help-box"):
            for title, bindings in self.sections:
                table = Table(title=title, title_justify="left", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for binding in bindings:
                    table.add_row(Text(key_label(binding)), Text(binding.description))
                yield Static(table)
            yield Static(Text("ctrl+p opens the command palette with every action.",
                              style="dim"))
