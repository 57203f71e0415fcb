"""The Microblog pane's chooser: a reaction for a post."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

REACTIONS = ["👍", "❤️", "🎉", "👀", "✅", "😄", "🚀", "🤔"]


class ReactionPicker(ModalScreen[str | None]):
    """Pick one of the common reactions (1-8), or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="react.cancel"),
        *[Binding(str(n), f"pick({n - 1})", emoji, show=False, id=f"react.{n}")
          for n, emoji in enumerate(REACTIONS, start=1)],
    ]

    def compose(self) -> ComposeResult:
        """A row of buttons."""
        with Vertical(id="reaction-box"):
            yield Label("React with (1-8, esc cancels):")
            with Grid(id="reaction-grid"):
                for n, emoji in enumerate(REACTIONS):
                    yield Button(f"{n + 1} {emoji}", id=f"reaction-{n}")

    def action_pick(self, index: int) -> None:
        """Choose reaction number ``index``."""
        self.dismiss(REACTIONS[index])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button was clicked."""
        if event.button.id and event.button.id.startswith("reaction-"):
            self.dismiss(REACTIONS[int(event.button.id.removeprefix("reaction-"))])
