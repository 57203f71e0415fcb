"""The composer: multi-line text, @/# completion, Send (ctrl+s or the button).

The text is cleared only when the pane confirms the write landed (or was queued in the
outbox); on any other failure it stays, with the reason shown under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
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
    original: str | None = None  # an edit's text before editing ("no change" if sent as is)


class ComposerText(TextArea):
    """The composer's text area, safe for bursts of keys.

    Textual runs a non-priority binding (end, home, the arrows, delete word…) only after
    the key has bubbled up to the app, while the letters typed after it are already
    being inserted: in a burst from a laggy link "abc", home, "X" became "abcX".  Here
    the text area runs its own bindings as the key arrives, in typing order.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._own_keys: dict[str, str] = {}
        for cls in reversed(type(self).__mro__):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and not binding.priority:
                    for key in binding.key.split(","):
                        self._own_keys[key.strip()] = binding.action

    async def _on_key(self, event: events.Key) -> None:
        action = self._own_keys.get(event.key)
        if action is None or self.read_only:
            return  # TextArea's own handler inserts printable keys (Textual calls both)
        event.prevent_default()
        event.stop()
        await self.run_action(action)


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
        yield ComposerText(id="composer-text", soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")
        with Horizontal(id="composer-bar"):
            yield Static("ctrl+s send · tab completes @name #tag · esc cancel",
                         id="composer-hint", markup=False)
            yield Button("Send", id="composer-send", variant="primary")

    def on_descendant_focus(self) -> None:
        """Open up while in use (a short terminal keeps the idle composer small: the
        class restyles the children, which ``:focus-within`` does not in Textual 8)."""
        self.add_class("-active")

    def on_descendant_blur(self) -> None:
        """Back to the idle size when the focus has left the composer."""
        self.call_after_refresh(self._idle_if_left)

    def _idle_if_left(self) -> None:
        if not self.has_focus_within:
            self.remove_class("-active")

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
        """Ask the pane to send the text (it stays until the pane confirms).

        ctrl+s is a priority binding: in a burst of keys (a laggy SSH link delivers text
        and ctrl+s at once) it is handled before the text area has taken the keys typed
        just before it.  So the text is read from the text area's own queue, after them.
        """
        self.text_area.call_later(self._send_now)

    def _send_now(self) -> None:
        if not self.text.strip():
            self.hint("nothing to send", error=True)
            return
        self.post_message(self.Submitted(self, self.text, self.draft))

    def clear_sent(self, sent: str, draft: Draft | None = None) -> None:
        """The write of ``sent`` landed: remove exactly that text.  What was typed after
        sending stays, as the start of the next message; text changed otherwise in the
        meantime stays whole (nothing typed is ever lost)."""
        text = self.text
        if text == sent or not text.strip():
            self.reset(draft)
        elif text.startswith(sent):
            self.reset(draft)
            self.text_area.load_text(text[len(sent):].lstrip("\n"))

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
