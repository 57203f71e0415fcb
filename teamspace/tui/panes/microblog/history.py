"""A post's history: every version of its text (who, when), reactions given and taken
back, deletion and restoring — read from the activity log (store/microblog/feed.py
``history``), shown as plain text (never markup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from teamspace.dates import ago_stored
from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.text import clean

WORDS = {"create": "wrote", "edit": "edited", "delete": "deleted", "restore": "restored",
         "react": "reacted", "unreact": "took back"}


@dataclass
class HistoryLoaded(Message):
    """The post's history (or an error)."""

    steps: list[dict[str, Any]]
    error: str | None = None


def history_text(post_id: int, steps: list[dict[str, Any]]) -> Text:
    """The versions, oldest first: "version N · who · when", then the text."""
    text = Text()
    version = 0
    for step in steps:
        action = str(step["action"])
        changes = step.get("changes") or {}
        head = f"{ago_stored(str(step['at']))} · {step['actor']} {WORDS.get(action, action)}"
        body = changes.get("text")
        if isinstance(body, list) and len(body) == 2:
            version += 1
            text.append(f"Version {version}", style="bold")
            text.append(f"  {head}\n", style="dim")
            for line in clean(str(body[1] or "")).splitlines() or [""]:
                text.append("    ", style="dim")
                text.append(line + "\n")
            text.append("\n")
            continue
        reaction = changes.get("reaction")
        if isinstance(reaction, list) and len(reaction) == 2:
            head += " " + clean(str(reaction[1] or reaction[0]), newlines=False)
        text.append(head + "\n\n", style="dim")
    if version <= 1:
        text.append(f"#{post_id} was never edited.", style="dim italic")
    return text


class HistoryScreen(ModalScreen[None]):
    """The versions of one post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "dismiss(None)", "Close", id="history.close"),
    ]

    def __init__(self, workspace: Workspace, post_id: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.post_id = post_id

    def compose(self) -> ComposeResult:
        """Title and the versions, scrolling."""
        with Vertical(id="history-box"):
            yield Static(Text(f"History of #{self.post_id} (esc closes)", style="bold"),
                         id="history-title")
            with VerticalScroll(id="history-scroll"):
                yield Static(Text("loading…", style="dim"), id="history-body")

    def on_mount(self) -> None:
        """Read the history."""
        self.query_one("#history-scroll").focus()
        self.load()

    def reload(self) -> None:
        """Read again (a live change: an edit made meanwhile shows up)."""
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read off the UI thread."""
        from teamspace.store.microblog import feed

        try:
            self.post_message(HistoryLoaded(feed.history(self.workspace, self.post_id)))
        except TeamspaceError as exc:
            self.post_message(HistoryLoaded([], str(exc)))

    def on_history_loaded(self, event: HistoryLoaded) -> None:
        """Show it (or say why not and close)."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            self.dismiss(None)
            return
        self.query_one("#history-body", Static).update(history_text(self.post_id,
                                                                    event.steps))
