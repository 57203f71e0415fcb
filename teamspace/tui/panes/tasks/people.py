"""The people overview: every member, their open tasks by project, overdue counts,
whatever other panes add (their store/<pane>/people.py ``facts``), and the open work
nobody has yet.  Enter on a task closes the overview on that task in the list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.query import PersonLoad
from teamspace.text import clean
from teamspace.tui.panes.tasks.tasklist import task_text

PREFIX = "task-"


@dataclass
class PeopleLoaded(Message):
    """The overview (or an error)."""

    loads: list[PersonLoad]
    error: str | None = None


def person_line(load: PersonLoad) -> Text:
    """A person's heading: name, open and overdue counts, other panes' facts."""
    text = Text()
    if load.username:
        text.append(load.username, style="bold green")
    else:
        text.append("Unassigned", style="bold yellow")
    if load.display_name:
        text.append(f"  {clean(load.display_name, newlines=False)}", style="bold")
    text.append(f"   {load.open} open", style="")
    if load.overdue:
        text.append(f" · {load.overdue} overdue", style="bold red")
    for key, value in load.extras.items():
        text.append(f" · {key}: {clean(str(value), newlines=False)}", style="cyan")
    return text


def overview_options(loads: list[PersonLoad]) -> list[Option]:
    """People and projects as headings (not selectable), their tasks as options."""
    options: list[Option] = []
    for number, load in enumerate(loads):
        if number:
            options.append(Option(Text(""), disabled=True))
        options.append(Option(person_line(load), disabled=True))
        if not load.projects:
            options.append(Option(Text("    nothing on the go", style="dim"), disabled=True))
        for project, found in load.projects.items():
            options.append(Option(Text(f"  {clean(project, newlines=False)}",
                                       style="underline"), disabled=True))
            for task in found:
                line = Text("    ", style="dim")
                line.append_text(task_text(task))
                options.append(Option(line, id=f"{PREFIX}{task.id}"))
    return options


class PeopleScreen(ModalScreen[int | None]):
    """Who is working on what, and what nobody has; returns the task chosen (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,p,q", "dismiss(None)", "Close", id="people.close"),
        Binding("enter", "open_task", "Go to task", id="people.open"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.loads: list[PersonLoad] = []

    def compose(self) -> ComposeResult:
        """A title and the list."""
        with Vertical(id="people-box"):
            yield Static(Text("People — loading…", style="bold"), id="people-title")
            yield OptionList(id="people-list")

    def on_mount(self) -> None:
        """Load the overview."""
        self.query_one("#people-list").focus()
        self.load()

    def reload(self) -> None:
        """Read again (the app calls this on a live change)."""
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read off the UI thread."""
        try:
            self.post_message(PeopleLoaded(taskquery.people_overview(self.workspace,
                                                                     unassigned=True)))
        except TeamspaceError as exc:
            self.post_message(PeopleLoaded([], str(exc)))

    def on_people_loaded(self, event: PeopleLoaded) -> None:
        """Show it, the cursor staying on the task it was on."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            return
        self.loads = event.loads
        self.query_one("#people-title", Static).update(
            Text("People — open tasks by project (enter goes to a task, esc closes)",
                 style="bold"))
        options = self.query_one("#people-list", OptionList)
        current = options.highlighted_option
        before = current.id if current is not None else None
        options.set_options(overview_options(event.loads))
        if before is not None:
            try:
                options.highlighted = options.get_option_index(before)
                return
            except Exception:  # that task is no longer open
                pass
        options.action_first()

    def chosen(self) -> int | None:
        """The id of the task under the cursor."""
        option = self.query_one("#people-list", OptionList).highlighted_option
        if option is None or option.id is None or not option.id.startswith(PREFIX):
            return None
        return int(option.id.removeprefix(PREFIX))

    def action_open_task(self) -> None:
        """Close on the task under the cursor."""
        task_id = self.chosen()
        if task_id is not None:
            self.dismiss(task_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a task."""
        event.stop()
        self.action_open_task()
