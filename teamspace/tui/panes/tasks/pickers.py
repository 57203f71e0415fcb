"""Small task dialogs: pick who is responsible, type a due date, write a comment.

The due-date dialog stays open on a date it cannot read (the error beside the text);
the comment dialog sends its comment itself and closes only once it has landed (or was
queued), so a failed write keeps what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from teamspace.text import clean
from teamspace.tui.pane import WriteDone, WriteFailed, Writes

if TYPE_CHECKING:
    from teamspace.store.core.connection import Workspace

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
        """Return the text; a due date that cannot be read keeps the dialog open with
        the reason under the text."""
        event.stop()
        if self.kind == "due":
            from teamspace.errors import InvalidInput
            from teamspace.store.tasks.dates import check_due, resolve_due

            value = event.value.strip()
            if value and value.lower() not in ("none", "-"):
                try:
                    check_due(resolve_due(value))
                except InvalidInput as exc:
                    self.query_one("#prompt-hint", Static).update(
                        Text(f"{exc} — esc cancels", style="bold red"))
                    return
        self.dismiss(event.value)


COMMENT_HINT = "ctrl+s sends · enter: new line · @name notifies · esc closes (kept)"


class CommentScreen(Writes, ModalScreen[str | None]):
    """Write a comment (several lines) and send it.  Dismissed with None once sent, or
    with the unsent text on esc (the pane keeps it as the task's draft)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send comment", priority=True, id="comment.send"),
        Binding("escape", "keep", "Close, keep the draft", id="comment.cancel"),
    ]

    def __init__(self, workspace: Workspace, task_id: int, draft: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.task_id = task_id
        self.draft = draft

    def compose(self) -> ComposeResult:
        """Title, text area, hint line."""
        with Vertical(id="comment-box", classes="task-dialog"):
            yield Label(f"Comment on #{self.task_id}:")
            yield TextArea(id="comment-text", soft_wrap=True, tab_behavior="focus")
            yield Static(COMMENT_HINT, id="comment-hint", markup=False)

    def on_mount(self) -> None:
        """Load the draft, focus the text."""
        if self.draft:
            self.text_area().load_text(self.draft)
            self.text_area().move_cursor(self.text_area().document.end)
        self.text_area().focus()

    def action_keep(self) -> None:
        """Close; what was typed comes back next time (C on this task)."""
        self.dismiss(self.text_area().text)

    def text_area(self) -> TextArea:
        """The comment being written."""
        return self.query_one("#comment-text", TextArea)

    def action_send(self) -> None:
        """Send (ctrl+s is a priority binding: read the text after the keys queued
        before it, so a burst of text and ctrl+s sends all of it)."""
        self.text_area().call_later(self._send_now)

    def _send_now(self) -> None:
        from teamspace.store.tasks import tasks

        text = self.text_area().text
        if not text.strip():
            self.hint("nothing to send", error=True)
            return
        self.hint("sending…")
        self.run_write(tasks.add_comment, {"task_id": self.task_id, "text": text},
                       f"Commented on #{self.task_id}", clear=True)

    def hint(self, message: str, *, error: bool = False) -> None:
        """A hint or an error under the text (plain text, never markup)."""
        self.query_one("#comment-hint", Static).update(
            Text(message, style="bold red" if error else "dim"))

    def reload(self) -> None:
        """Nothing to read here (the pane reads when this closes)."""

    def written(self, event: WriteDone) -> None:
        """Sent (or queued): close once the write's worker has finished (closing
        cancels the screen's workers)."""
        self.call_later(self._close)

    async def _close(self) -> None:
        for worker in [w for w in self.app.workers if w.node is self]:
            await worker.wait()
        self.dismiss(None)

    def write_failed(self, event: WriteFailed) -> None:
        """Keep the text; say why under it."""
        self.hint(event.error, error=True)
