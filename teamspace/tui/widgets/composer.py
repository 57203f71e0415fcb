"""The composer: multi-line text, @/# completion, Send (ctrl+s or the button).

The text is cleared only when the pane confirms the write landed (or was queued in the
outbox); on any other failure it stays, with the reason shown under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, Static, TextArea

TOKEN = re.compile(r"([@#])([\w.-]*)$")


@dataclass
class Draft:
    """What the composer is for: a new post, a reply, or an edit."""

    mode: str = "post"  # post | reply | edit
    target: int | None = None
    version: int | None = None
    label: str = "New post to everyone"


class Composer(Vertical):
    """Write a post, reply or edit; completes @names and #tags with tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", priority=True, id="composer.send"),
        Binding("tab", "complete", "Complete @/#", priority=True, show=False,
                id="composer.complete"),
        Binding("escape", "cancel", "Cancel", id="composer.cancel"),
    ]

    @dataclass
    class Submitted(Message):
        """The user asked to send ``text`` for ``draft``."""

        composer: Composer
        text: str
        draft: Draft

    @dataclass
    class Left(Message):
        """The user pressed escape: the owner decides where focus goes."""

        composer: Composer

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft = Draft()
        self.names: list[str] = []
        self.tags: list[str] = []

    def compose(self) -> ComposeResult:
        """Mode line, text area, hint line and Send button."""
        yield Label(self.draft.label, id="composer-mode")
        yield TextArea(id="composer-text", soft_wrap=True, show_line_numbers=False,
                       tab_behavior="focus")
        with Horizontal(id="composer-bar"):
            yield Static("ctrl+s send · tab completes @name #tag · esc cancel",
                         id="composer-hint", markup=False)
            yield Button("Send", id="composer-send", variant="primary")

    @property
    def text_area(self) -> TextArea:
        """The editing widget."""
        return self.query_one("#composer-text", TextArea)

    @property
    def text(self) -> str:
        """The current text."""
        return self.text_area.text

    def start(self, draft: Draft, text: str = "") -> None:
        """Switch to ``draft`` (reply/edit/new), load ``text`` if given, and focus."""
        self.draft = draft
        self.query_one("#composer-mode", Label).update(draft.label)
        if text or draft.mode == "edit":
            self.text_area.load_text(text)
        self.text_area.focus()

    def reset(self, draft: Draft | None = None) -> None:
        """Empty, back to ``draft`` (default: a new post to everyone)."""
        self.draft = draft or Draft()
        self.query_one("#composer-mode", Label).update(self.draft.label)
        self.text_area.load_text("")
        self.hint("ctrl+s send · tab completes @name #tag · esc cancel")

    def hint(self, message: str, *, error: bool = False) -> None:
        """Show a hint or an error under the text (plain text, never markup)."""
        style = "bold red" if error else "dim"
        self.query_one("#composer-hint", Static).update(Text(message, style=style))

    def action_send(self) -> None:
        """Ask the pane to send the text (it stays until the pane confirms)."""
        if not self.text.strip():
            self.hint("nothing to send", error=True)
            return
        self.post_message(self.Submitted(self, self.text, self.draft))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The Send button."""
        if event.button.id == "composer-send":
            event.stop()
            self.action_send()

    def action_cancel(self) -> None:
        """Leave the composer; an edit is abandoned (a new post's text stays)."""
        if self.draft.mode == "edit":
            self.text_area.load_text("")
        self.post_message(self.Left(self))

    def _token(self) -> tuple[str, str] | None:
        row, column = self.text_area.cursor_location
        line = self.text_area.document.get_line(row)[:column]
        match = TOKEN.search(line)
        if not match or (match.start() > 0 and line[match.start() - 1].isalnum()):
            return None
        return match.group(1), match.group(2).lower()

    def candidates(self) -> list[str]:
        """Completions for the @name or #tag before the cursor."""
        token = self._token()
        if token is None:
            return []
        sigil, prefix = token
        pool = self.names if sigil == "@" else self.tags
        return [item for item in pool if item.startswith(prefix) and item != prefix][:8]

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Show what tab would complete."""
        found = self.candidates()
        token = self._token()
        if found and token:
            self.hint("tab → " + "  ".join(token[0] + item for item in found))
        elif not self.draft.mode == "edit":
            self.hint("ctrl+s send · tab completes @name #tag · esc cancel")

    def action_complete(self) -> None:
        """Complete the @name/#tag before the cursor, or move focus on."""
        found = self.candidates()
        token = self._token()
        if not found or token is None or not self.text_area.has_focus:
            self.screen.focus_next()
            return
        rest = found[0][len(token[1]):]
        self.text_area.insert(rest + " ")
