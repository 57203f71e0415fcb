"""The Time pane's one-line dialogs: start a timer, add an entry, change an entry's
times, project or note.  Project names complete as you type (→ accepts)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static


class TimePrompt(ModalScreen[str | None]):
    """Ask for one line; returns it, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="time.prompt.cancel"),
    ]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "",
                 projects: list[str] | None = None, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.projects = projects or []
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Question, input, hint."""
        with Vertical(id="time-prompt-box"):
            yield Label(self.question)
            # Completion of the first word (the project) from the workspace's projects.
            suggester = SuggestFromList(self.projects, case_sensitive=False) \
                if self.projects else None
            yield Input(value=self.value, placeholder=self.placeholder, id="time-prompt",
                        suggester=suggester)
            yield Static(self.hint, id="time-prompt-hint", markup=False)

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one("#time-prompt", Input).focus()

    @on(Input.Submitted, "#time-prompt")
    def submitted(self, event: Input.Submitted) -> None:
        """Enter returns the line."""
        event.stop()
        self.dismiss(event.value)
