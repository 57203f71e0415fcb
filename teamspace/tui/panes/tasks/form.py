"""The inline task form under the list: add or edit a task, with completion.

One line of short fields (title, project, list, who, due, priority, tags), a second
with repeat and "waits for", and the notes (several lines).  Project and assignee
complete from the workspace's names (type a prefix, → accepts); the due field shows
what it understood ("fri" → "Fri 04 Dec") as you type.  The values stay until the pane
confirms the write, so a failed save loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static, TextArea

FIELDS = [("title", "What needs doing?", 4), ("project", "project", 2),
          ("list", "list", 1), ("assignee", "who", 1), ("due", "due: fri, +3d, 2026-12-24", 2),
          ("priority", "H/M/L", 1), ("tags", "tags", 1)]
SHORT_DUE = "due: fri, +3d"  # where the examples above would be cut (under 70 columns)
MORE = [("recur", "repeat: week, month, fri…"), ("after", "waits for: #3 #7")]
NAMES = [name for name, _, _ in FIELDS] + [name for name, _ in MORE] + ["notes"]
HINT = "ctrl+s save · → accepts a completion · tab next field · esc cancel"


@dataclass
class TaskDraft:
    """What the form is for: a new task, or an edit of ``target`` seen at ``version``."""

    mode: str = "add"  # add | edit
    target: int | None = None
    version: int | None = None
    values: dict[str, str] = field(default_factory=dict)


class TaskForm(Vertical):
    """The task form: short fields, repeat and waits-for, notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save task", priority=True, id="taskform.save"),
        Binding("escape", "cancel", "Cancel", id="taskform.cancel"),
    ]

    @dataclass
    class Submitted(Message):
        """Save ``values`` for ``draft``."""

        form: TaskForm
        draft: TaskDraft
        values: dict[str, str]

    @dataclass
    class Left(Message):
        """The user cancelled."""

        form: TaskForm

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft = TaskDraft()

    def compose(self) -> ComposeResult:
        """Mode line, the inputs, a hint line."""
        yield Label("New task", id="taskform-mode")
        with Horizontal(id="taskform-fields"):
            for name, placeholder, _ in FIELDS:
                yield Input(placeholder=placeholder, id=f"taskform-{name}",
                            classes=f"taskform-{name}")
        with Horizontal(id="taskform-more"):
            for name, placeholder in MORE:
                yield Input(placeholder=placeholder, id=f"taskform-{name}",
                            classes=f"taskform-{name}")
        notes = TextArea(id="taskform-notes", soft_wrap=True, tab_behavior="focus",
                         placeholder="notes (enter: new line)")
        yield notes
        yield Static(HINT, id="taskform-hint", markup=False)

    def on_resize(self) -> None:
        """The due field's examples shrink where they would be cut (narrow terminals)."""
        due = self.input("due")
        full = next(text for name, text, _ in FIELDS if name == "due")
        room = due.content_region.width
        due.placeholder = full if room == 0 or room >= len(full) else SHORT_DUE

    def input(self, name: str) -> Input:
        """The input of field ``name`` (not the notes: :meth:`notes`)."""
        return self.query_one(f"#taskform-{name}", Input)

    def notes(self) -> TextArea:
        """The notes, several lines."""
        return self.query_one("#taskform-notes", TextArea)

    def set_names(self, projects: list[str], people: list[str]) -> None:
        """Completion lists for project and assignee."""
        self.input("project").suggester = SuggestFromList(projects, case_sensitive=False)
        self.input("assignee").suggester = SuggestFromList(people, case_sensitive=False)

    @property
    def values(self) -> dict[str, str]:
        """Every field's current text."""
        values = {name: self.input(name).value for name in NAMES if name != "notes"}
        return dict(values, notes=self.notes().text)

    def start(self, draft: TaskDraft) -> None:
        """Show the form for ``draft`` and focus the title."""
        self.draft = draft
        for name in NAMES:
            if name != "notes":
                self.input(name).value = draft.values.get(name, "")
        self.notes().load_text(draft.values.get("notes", ""))
        self.query_one("#taskform-mode", Label).update(
            f"Editing #{draft.target}" if draft.mode == "edit" else "New task")
        self.hint(HINT)
        self.display = True
        self.input("title").focus()

    def close(self) -> None:
        """Hide the form (its values are dropped)."""
        self.display = False
        self.draft = TaskDraft()

    def hint(self, message: str, *, error: bool = False) -> None:
        """A hint or an error under the inputs (plain text, never markup)."""
        self.query_one("#taskform-hint", Static).update(
            Text(message, style="bold red" if error else "dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say what the due date will be."""
        if event.input.id != "taskform-due":
            return
        from teamspace.errors import InvalidInput
        from teamspace.store.tasks.dates import check_due, describe_due, resolve_due

        value = event.value.strip()
        if not value or value.lower() == "none":
            self.hint(HINT)
            return
        try:
            self.hint("due " + describe_due(*check_due(resolve_due(value))))
        except InvalidInput as exc:
            self.hint(str(exc), error=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field saves."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Ask the pane to save (the form stays until it confirms).

        ctrl+s is a priority binding: in a burst of keys (a laggy link delivers text and
        ctrl+s at once) it runs before the focused field has taken the keys typed just
        before it.  So the values are read from that field's own queue, after them.
        """
        focused = self.screen.focused
        (focused if focused is not None else self).call_later(self._save_now)

    def _save_now(self) -> None:
        if not self.values["title"].strip():
            self.hint("a task needs a title", error=True)
            self.input("title").focus()
            return
        self.post_message(self.Submitted(self, self.draft, self.values))

    def action_cancel(self) -> None:
        """Leave the form."""
        self.post_message(self.Left(self))
