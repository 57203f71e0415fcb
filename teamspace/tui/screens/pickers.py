"""A chooser every pane with visibility uses: a group to read or post into."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from teamspace.errors import TeamspaceError
from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace


class GroupPicker(ModalScreen[str | None]):
    """Choose a group you can read."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="groups.cancel"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        """A list, filled in by a worker."""
        with Vertical(id="group-box"):
            yield Label("Groups (enter opens, esc cancels):")
            yield OptionList(id="group-list")

    def on_mount(self) -> None:
        """Load the groups."""
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        """Read the groups off the UI thread."""
        try:
            found = groups.list_groups(self.workspace)
        except TeamspaceError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._fill, found)

    def _fill(self, found: list[groups.Group]) -> None:
        options = self.query_one("#group-list", OptionList)
        if not found:
            options.add_option(Option("No groups yet (teamspace group create NAME)",
                                      disabled=True))
        for g in found:
            label = Text(g.name, style="bold")
            label.append(f"  {'closed' if g.closed else 'open'} · {g.members} members",
                         style="dim")
            if g.my_status:
                label.append(f" · {g.my_status}", style="green")
            options.add_option(Option(label, id=g.name))
        options.focus()
        if found:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen group's name."""
        self.dismiss(event.option.id)
