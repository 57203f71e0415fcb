"""The people overview: every member, their open tasks by project, overdue counts, and
whatever other panes add (their store/<pane>/people.py ``facts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.query import PersonLoad
from teamspace.text import clean
from teamspace.tui.panes.tasks.tasklist import task_text


@dataclass
class PeopleLoaded(Message):
    """The overview (or an error)."""

    loads: list[PersonLoad]
    error: str | None = None


def overview_text(loads: list[PersonLoad]) -> Text:
    """The whole overview as one Text (user text cleaned, never markup)."""
    text = Text()
    for load in loads:
        text.append(load.username, style="bold green")
        if load.display_name:
            text.append(f"  {clean(load.display_name, newlines=False)}", style="bold")
        text.append(f"   {load.open} open", style="")
        if load.overdue:
            text.append(f" · {load.overdue} overdue", style="bold red")
        for key, value in load.extras.items():
            text.append(f" · {key}: {clean(str(value), newlines=False)}", style="cyan")
        text.append("\n")
        if not load.projects:
            text.append("    nothing on the go\n", style="dim")
        for project, found in load.projects.items():
            text.append(f"  {clean(project, newlines=False)}\n", style="underline")
            for task in found:
                text.append("    ")
                text.append_text(task_text(task))
                text.append("\n")
        text.append("\n")
    return text


class PeopleScreen(ModalScreen[None]):
    """Who is working on what."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,p,q", "dismiss(None)", "Close", id="people.close"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        """A scrolling page."""
        with VerticalScroll(id="people-box"):
            yield Static(Text("People — loading…", style="bold"), id="people-title")
            yield Static("", id="people-body")

    def on_mount(self) -> None:
        """Load the overview."""
        self.query_one("#people-box").focus()
        self.load()

    def reload(self) -> None:
        """Read again (the app calls this on a live change)."""
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read off the UI thread."""
        try:
            self.post_message(PeopleLoaded(taskquery.people_overview(self.workspace)))
        except TeamspaceError as exc:
            self.post_message(PeopleLoaded([], str(exc)))

    def on_people_loaded(self, event: PeopleLoaded) -> None:
        """Show it."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            return
        self.query_one("#people-title", Static).update(
            Text("People — open tasks by project (esc closes)", style="bold"))
        self.query_one("#people-body", Static).update(overview_text(event.loads))
