"""The Microblog pane's choosers: a reaction for a post, the recipients of a private
message."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

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


class LastNameSuggester(Suggester):
    """Completes the last name of "bob, ch" from the workspace's members."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last word completed (None: nothing fits)."""
        head, _, last = value.rpartition(" ")
        last = last.lstrip("@").lower()
        if not last:
            return None
        found = next((n for n in self.names if n.startswith(last) and n != last), None)
        return None if found is None else (f"{head} " if head else "") + found


def recipients(text: str) -> list[str]:
    """The names in "bob, @chen dana", lowercased, once each, in order."""
    words = text.replace(",", " ").split()
    return list(dict.fromkeys(w.lstrip("@").lower() for w in words if w.lstrip("@")))


class RecipientPrompt(ModalScreen[list[str] | None]):
    """Who a private message is for; → completes a name, enter goes on to the text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="recipients.cancel"),
    ]

    def __init__(self, names: list[str], me: str, current: list[str] | None = None) -> None:
        super().__init__()
        self.names = names
        self.me = me
        self.current = current or []

    def compose(self) -> ComposeResult:
        """Title, the names, a hint line."""
        with Vertical(id="recipient-box"):
            yield Label("Private message to (names, → completes, enter goes on):")
            yield Input(", ".join(self.current), placeholder="bob, chen",
                        id="recipient-input", suggester=LastNameSuggester(self.names))
            yield Static("only they (and you) will see it · esc cancels",
                         id="recipient-hint", markup=False)

    def on_mount(self) -> None:
        """Focus the names."""
        self.query_one("#recipient-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the names, or say which one nobody has."""
        event.stop()
        chosen = [n for n in recipients(event.value) if n != self.me]
        unknown = [n for n in chosen if n not in self.names]
        hint = self.query_one("#recipient-hint", Static)
        if not chosen:
            hint.update(Text("name at least one member", style="bold red"))
        elif unknown:
            hint.update(Text(f"no member called {', '.join(unknown)}", style="bold red"))
        else:
            self.dismiss(chosen)
