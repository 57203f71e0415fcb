"""The Notes pane's screens: a one-line prompt, the history browser (versions, the
diff of the one under the cursor, restore), and the side-by-side conflict resolver."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from teamspace.dates import ago_stored
from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.notes import query
from teamspace.text import clean, one_line


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text (a title, a comment); enter or ctrl+s (the send key
    everywhere else) answers, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "answer", "Send", priority=True, id="notes.prompt.send"),
        Binding("escape", "dismiss(None)", "Cancel", id="notes.prompt.cancel"),
    ]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question, self.value = question, value

    def compose(self) -> ComposeResult:
        """Question and input."""
        with Vertical(classes="notes-dialog"):
            yield Label(self.question, markup=False)
            yield Input(value=self.value, id="notes-prompt")

    @on(Input.Submitted, "#notes-prompt")
    def answered(self, event: Input.Submitted) -> None:
        """Enter: answer with what was typed."""
        self.dismiss(event.value)

    def action_answer(self) -> None:
        """ctrl+s: answer with what was typed."""
        self.dismiss(self.query_one("#notes-prompt", Input).value)


class HistoryScreen(ModalScreen[int | None]):
    """Every version of a note; the diff of the highlighted one against the one before;
    ``r`` restores it (as a new version)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="notes.history.close"),
        Binding("r", "restore", "Restore this version", id="notes.history.restore"),
    ]

    def __init__(self, workspace: Workspace, note_id: int) -> None:
        super().__init__()
        self.workspace, self.note_id = workspace, note_id
        self.versions: list[query.Version] = []

    def compose(self) -> ComposeResult:
        """Versions left, diff right."""
        with Vertical(id="notes-history-box"):
            yield Label(f"History of note #{self.note_id} — r restores, esc closes",
                        markup=False)
            with Horizontal():
                yield OptionList(id="notes-versions")
                with VerticalScroll(id="notes-diff-box"):
                    yield Static(id="notes-diff")

    def on_mount(self) -> None:
        """Load the versions."""
        self.load()

    @work(thread=True, exclusive=True, group="notes-history", exit_on_error=False)
    def load(self) -> None:
        """Read the versions (thread)."""
        try:
            found = query.history(self.workspace, self.note_id)
        except TeamspaceError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[query.Version]) -> None:
        self.versions = found
        widget = self.query_one("#notes-versions", OptionList)
        widget.set_options([Option(Text(f"{v.revision:>3}  {v.author}  {v.action}  "
                                        f"{ago_stored(v.at)}"), id=str(v.revision))
                            for v in reversed(found)])
        if found:
            widget.highlighted = 0
        widget.focus()

    @on(OptionList.OptionHighlighted, "#notes-versions")
    def looked(self, event: OptionList.OptionHighlighted) -> None:
        """Show the diff of the highlighted version."""
        if event.option.id is not None:
            self.load_diff(int(event.option.id))

    @work(thread=True, exclusive=True, group="notes-diff", exit_on_error=False)
    def load_diff(self, revision: int) -> None:
        """The diff against the version before (thread)."""
        try:
            _a, _b, lines = query.diff(self.workspace, self.note_id, max(1, revision - 1),
                                       revision)
        except TeamspaceError as exc:
            lines = [str(exc)]
        text = Text()
        for line in lines or ["(the first version)" if revision == 1 else "(no change)"]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            text.append(clean(line.rstrip("\n")) + "\n", style=style)
        self.app.call_from_thread(self._show_diff, text)

    def _show_diff(self, text: Text) -> None:
        self.query_one("#notes-diff", Static).update(text)

    def action_restore(self) -> None:
        """Answer with the highlighted revision (the pane restores it)."""
        widget = self.query_one("#notes-versions", OptionList)
        option = widget.highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(int(option.id))


class ConflictScreen(ModalScreen[tuple[str, bool] | None]):
    """Someone saved meanwhile and the edits overlap: their text on the left, yours with
    conflict markers on the right (editable).  ctrl+s saves the right side; esc goes
    back to the editor with it.  Answers (text, save?)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the resolution", priority=True,
                id="notes.conflict.save"),
        Binding("ctrl+t", "take_theirs", "Take theirs", id="notes.conflict.theirs"),
        Binding("escape", "back", "Back to the editor", id="notes.conflict.back"),
    ]

    def __init__(self, message: str, theirs: str, merged: str) -> None:
        super().__init__()
        self.message, self.theirs, self.merged = message, theirs, merged

    def compose(self) -> ComposeResult:
        """Theirs | yours-with-markers."""
        with Vertical(id="notes-conflict-box"):
            yield Static(Text(one_line(self.message, 300), style="bold yellow"))
            with Horizontal():
                with Vertical():
                    yield Label("Saved meanwhile (theirs)")
                    yield TextArea(clean(self.theirs), read_only=True, id="conflict-theirs")
                with Vertical():
                    yield Label("Yours, merged — resolve the <<<<<<< ======= >>>>>>> parts")
                    yield TextArea(self.merged, language="markdown", id="conflict-mine")

    def on_mount(self) -> None:
        """Start in the editable side."""
        self.query_one("#conflict-mine", TextArea).focus()

    def action_save(self) -> None:
        """Save the right side, unless markers are left in it."""
        from teamspace.store.notes.merge import has_markers

        text = self.query_one("#conflict-mine", TextArea).text
        if has_markers(text):
            self.notify("Conflict markers are still in the text.", severity="warning",
                        markup=False)
            return
        self.dismiss((text, True))

    def action_take_theirs(self) -> None:
        """Replace the right side with their text (then ctrl+s)."""
        self.query_one("#conflict-mine", TextArea).load_text(self.theirs)

    def action_back(self) -> None:
        """Back to the editor, keeping the right side as the draft."""
        self.dismiss((self.query_one("#conflict-mine", TextArea).text, False))
