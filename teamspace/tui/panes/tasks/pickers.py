"""Small task dialogs: pick who is responsible, type a due date, write a comment."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from teamspace.text import clean

NOBODY = "\x00nobody"  # an option id no user name can have


class AssignPicker(ModalScreen[str | None]):
    """Choose a member (or nobody); returns the user name, NOBODY, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="assign.cancel"),
    ]

    def __init__(self, people: list[tuple[str, str | None]], current: str | None) -> None:
        super().__init__()
        self.people = people
        self.current = current

    def compose(self) -> ComposeResult:
        """The members, the current one highlighted."""
        with Vertical(id="assign-box", classes="task-dialog"):
            yield Label("Assign to (enter picks, esc cancels):")
            options = [Option(Text("nobody", style="dim"), id=NOBODY)]
            for name, display in self.people:
                label = Text(name, style="bold")
                if display:
                    label.append(f"  {clean(display, newlines=False)}", style="dim")
                options.append(Option(label, id=name))
            yield OptionList(*options, id="assign-list")

    def on_mount(self) -> None:
        """Start on the current assignee."""
        options = self.query_one("#assign-list", OptionList)
        options.highlighted = options.get_option_index(self.current) \
            if self.current in {n for n, _ in self.people} else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the choice."""
        self.dismiss(event.option.id)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; ``preview`` (optional) explains it as it is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "",
                 kind: str = "text") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.kind = kind  # "due" previews the date

    def compose(self) -> ComposeResult:
        """Title, input, preview line."""
        with Vertical(id="prompt-box", classes="task-dialog"):
            yield Label(self.title_text)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("enter saves · esc cancels", id="prompt-hint", markup=False)

    def on_mount(self) -> None:
        """Focus the input."""
        self.query_one("#prompt-input", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """For a due date, say which day it means (or why it cannot be read)."""
        if self.kind != "due":
            return
        from teamspace.errors import InvalidInput
        from teamspace.store.tasks.dates import check_due, describe_due, resolve_due

        hint = self.query_one("#prompt-hint", Static)
        value = event.value.strip()
        if not value or value.lower() == "none":
            hint.update(Text("empty or 'none' clears the due date", style="dim"))
            return
        try:
            hint.update(Text("due " + describe_due(*check_due(resolve_due(value))),
                             style="bold cyan"))
        except InvalidInput as exc:
            hint.update(Text(str(exc), style="bold red"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the text."""
        event.stop()
        self.dismiss(event.value)
