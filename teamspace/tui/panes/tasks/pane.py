"""The Tasks pane: projects (left), their tasks grouped by list (middle), the task under
the cursor with notes, comments and history (right); an inline form to add and edit.

Every database call runs in a thread worker and comes back as a message; workers
never touch widgets.  A live change (the app's watcher) reloads the lists in place,
keeping the cursor and the scroll position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from teamspace.errors import TeamspaceError
from teamspace.store.core import people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.projects import ProjectView
from teamspace.store.tasks.query import TaskDetail, TaskView
from teamspace.text import clean
from teamspace.tui.panes.microblog.actions import WriteDone, WriteFailed, attempt
from teamspace.tui.panes.tasks.actions import TaskActions
from teamspace.tui.panes.tasks.detail import detail_text
from teamspace.tui.panes.tasks.form import TaskForm
from teamspace.tui.panes.tasks.tasklist import TaskList, gap

LIMIT = 1000
ALL, UNFILED = "\x00all", "\x00none"  # option ids no project name can have


@dataclass
class TasksLoaded(Message):
    """Projects with counts and the tasks of the current view."""

    projects: list[ProjectView]
    unfiled: tuple[int, int]
    tasks: list[TaskView]


@dataclass
class TasksFailed(Message):
    """Reading failed (e.g. the share is unreachable)."""

    error: str


@dataclass
class DetailLoaded(Message):
    """The task under the cursor, in full."""

    detail: TaskDetail | None


@dataclass
class NamesLoaded(Message):
    """Project names and members, for completion and the assign picker."""

    projects: list[str]
    people: list[tuple[str, str | None]]


class TasksPane(Horizontal, TaskActions):
    """Shared to-dos: projects, lists, owners, due dates; live."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add task", id="tasks.add"),
        Binding("space", "toggle_done", "Done/undo", key_display="space", id="tasks.done"),
        Binding("e", "edit", "Edit", id="tasks.edit"),
        Binding("A", "assign", "Assign", id="tasks.assign"),
        Binding("D", "due", "Due date", id="tasks.due"),
        Binding("C", "comment", "Comment", id="tasks.comment"),
        Binding("d", "delete", "Delete", id="tasks.delete"),
        Binding("u", "undo", "Undo", id="tasks.undo"),
        Binding("slash", "filter", "Filter", key_display="/", id="tasks.filter"),
        Binding("m", "mine", "Mine only", id="tasks.mine"),
        Binding("o", "show_done", "Open/all", id="tasks.show_done"),
        Binding("c", "calendar", "Calendar", id="tasks.calendar"),
        Binding("p", "people", "People", id="tasks.people"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(id="tasks-pane")
        self.workspace = workspace
        self.project: str = ALL
        self.mine = False
        self.show_all = False
        self.text = ""
        self.undo_stack: list[tuple[str, int]] = []
        self.people: list[tuple[str, str | None]] = []
        self.detail_id: int | None = None

    def compose(self) -> ComposeResult:
        """Projects | filter bar, tasks, form | details."""
        with Vertical(id="task-side"):
            yield Static(Text("Projects", style="bold"), id="task-side-title")
            yield OptionList(id="task-projects")
        with Vertical(id="task-main"):
            with Horizontal(id="task-filterbar"):
                yield Static(id="task-filters")
                yield Input(placeholder="filter titles…", id="task-search")
            yield TaskList(id="task-list")
            yield TaskForm(id="task-form")
        with VerticalScroll(id="task-detail-box"):
            yield Static(Text("No task selected.", style="dim"), id="task-detail")

    def on_mount(self) -> None:
        """Hide the form and search; load."""
        self.form().display = False
        self.query_one("#task-search", Input).display = False
        self._show_filters()
        self.reload()
        self.load_names()

    # ------------------------------------------------------------------ plumbing
    def task_list(self) -> TaskList:
        """The middle list."""
        return self.query_one("#task-list", TaskList)

    def form(self) -> TaskForm:
        """The add/edit form."""
        return self.query_one("#task-form", TaskForm)

    def _current(self) -> TaskView | None:
        task = self.task_list().current_task
        if task is None:
            self.notify("No task selected.", severity="warning", markup=False)
        return task

    def _filters(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.mine:
            args["assignee"] = self.workspace.user
        if self.project == UNFILED:
            args["no_project"] = True
        elif self.project != ALL:
            args["project"] = self.project
        return args

    def _show_filters(self) -> None:
        line = Text()
        for key, label, on in (("m", "mine only", self.mine), ("o", "done too", self.show_all)):
            line.append(f" {key} ", style="reverse" if on else "bold")
            line.append(f" {label}  ", style="bold" if on else "dim")
        line.append(" / ", style="reverse" if self.text else "bold")
        line.append(f" {clean(self.text, newlines=False) or 'filter'}  ",
                    style="bold" if self.text else "dim")
        line.append(" c ", style="bold")
        line.append(" calendar  ", style="dim")
        line.append(" p ", style="bold")
        line.append(" people", style="dim")
        self.query_one("#task-filters", Static).update(line)

    # ------------------------------------------------------------------ workers
    def reload(self) -> None:
        """Read projects and tasks again (cursor and scroll are kept)."""
        self.load(dict(self._filters(), status="all" if self.show_all else "open",
                       text=self.text or None))

    @work(thread=True, exclusive=True, group="tasks", exit_on_error=False)
    def load(self, filters: dict[str, Any]) -> None:
        """Projects with counts, and the tasks of the view."""
        try:
            found = task_projects.list_projects(self.workspace)
            unfiled = task_projects.unfiled_counts(self.workspace)
            shown = taskquery.list_tasks(self.workspace, limit=LIMIT, **filters)
            self.post_message(TasksLoaded(found, unfiled, shown))
        except TeamspaceError as exc:
            self.post_message(TasksFailed(str(exc)))

    @work(thread=True, exclusive=True, group="task-detail", exit_on_error=False)
    def load_detail(self, task_id: int) -> None:
        """The task under the cursor, with comments and history."""
        try:
            self.post_message(DetailLoaded(taskquery.task_detail(self.workspace, task_id)))
        except TeamspaceError:
            self.post_message(DetailLoaded(None))

    @work(thread=True, group="task-names", exit_on_error=False)
    def load_names(self) -> None:
        """Names for completion and the assign picker."""
        try:
            names = projects.project_names(self.workspace)
            members = [(p.username, p.display_name) for p in people.list_people(self.workspace)]
            self.post_message(NamesLoaded(names, members))
        except TeamspaceError:
            pass  # completion is a convenience; the list reports real failures

    @work(thread=True, group="task-write", exit_on_error=False)
    def run_write(self, writer: Callable[..., Any], kwargs: dict[str, Any], done: str,
                  undo: tuple[str, int] | None = None, close_form: bool = False) -> None:
        """Run one write off the UI thread and report how it went."""
        outcome = attempt(self.workspace, writer, kwargs, close_form)
        if isinstance(outcome, WriteDone) and not outcome.queued:
            if undo is not None:
                self.undo_stack.append(undo)  # list.append is atomic; read on the UI thread
            outcome.message = done.format(result=outcome.result)
        self.post_message(outcome)

    # ------------------------------------------------------------------ results
    def on_tasks_loaded(self, event: TasksLoaded) -> None:
        """Fill the project list and the task list."""
        sidebar = self.query_one("#task-projects", OptionList)
        options = [Option(self._project_label("All projects", sum(p.open for p in
                                                                  event.projects)
                                              + event.unfiled[0], 0), id=ALL)]
        options += [Option(self._project_label(p.name, p.open, p.overdue), id=f"p:{p.name}")
                    for p in event.projects]
        options.append(Option(self._project_label("No project", *event.unfiled), id=UNFILED))
        sidebar.set_options(options)
        key = self.project if self.project in (ALL, UNFILED) else f"p:{self.project}"
        try:
            sidebar.highlighted = sidebar.get_option_index(key)
        except Exception:  # the project was renamed or archived meanwhile
            self.project, sidebar.highlighted = ALL, 0
        self.task_list().show(event.tasks, by_project=self.project == ALL)
        current = self.task_list().current_task
        if current is None:
            self.query_one("#task-detail", Static).update(Text("No tasks here.", style="dim"))
        elif current.id == self.detail_id:
            self.load_detail(current.id)  # keep the detail live too

    @staticmethod
    def _project_label(name: str, count: int, late: int) -> Text:
        text = Text(clean(name, newlines=False))
        gap(text, str(count), "dim")
        if late:
            gap(text, f"{late} late", "bold red")
        return text

    def on_tasks_failed(self, event: TasksFailed) -> None:
        """Say the tasks could not be read (the last content stays)."""
        self.notify(event.error, severity="error", timeout=8, markup=False)

    def on_detail_loaded(self, event: DetailLoaded) -> None:
        """Show the task in full."""
        if event.detail is not None and event.detail.task.id == self.detail_id:
            self.query_one("#task-detail", Static).update(detail_text(event.detail))

    def on_names_loaded(self, event: NamesLoaded) -> None:
        """Hand names to the form."""
        self.people = event.people
        self.form().set_names(event.projects, [name for name, _ in event.people])

    def on_task_list_looked(self, event: TaskList.Looked) -> None:
        """The cursor moved: show that task's details."""
        if event.task.id != self.detail_id:
            self.detail_id = event.task.id
            self.load_detail(event.task.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the project list switches the project shown."""
        if event.option_list.id != "task-projects" or event.option.id is None:
            return
        key = event.option.id
        chosen = key if key in (ALL, UNFILED) else key.removeprefix("p:")
        if chosen != self.project:
            self.project = chosen
            self.reload()

    def on_write_done(self, event: WriteDone) -> None:
        """Toast, close the form if it was its write, refresh."""
        if event.clear_composer:
            self.form().close()
            self.task_list().focus()
        self.notify(event.message, severity="warning" if event.queued else "information",
                    markup=False)
        self.reload()
        self.load_names()

    def on_write_failed(self, event: WriteFailed) -> None:
        """Keep what was typed; say why."""
        if self.form().display:
            self.form().hint(event.error, error=True)
        self.notify(event.error, severity="error", timeout=8, markup=False)


__all__ = ["TasksPane"]
