"""The Tasks pane: projects (left), their tasks grouped by list (middle), the task under
the cursor with notes, comments and history (right); an inline form to add and edit.

Everything the pane shows is read in one unit of work (store/tasks/board.py) in a
thread worker; a live change reloads it in place, keeping the cursor and the scroll
position (tui/pane.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from teamspace.errors import TeamspaceError
from teamspace.store.tasks import board as task_board
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.board import Board
from teamspace.store.tasks.query import TaskDetail, TaskView
from teamspace.text import clean
from teamspace.tui.pane import Pane, WriteDone, WriteFailed
from teamspace.tui.panes.tasks.actions import TaskActions
from teamspace.tui.panes.tasks.alerts import TaskAlerts
from teamspace.tui.panes.tasks.detail import detail_text
from teamspace.tui.panes.tasks.form import TaskForm
from teamspace.tui.panes.tasks.tasklist import TaskList, first_shown, gap
from teamspace.tui.widgets.itemlist import ItemList

LIMIT = 1000
ALL, UNFILED = "\x00all", "\x00none"  # option ids no project name can have


@dataclass
class DetailLoaded(Message):
    """The task under the cursor, in full."""

    detail: TaskDetail | None


class TasksPane(TaskActions, TaskAlerts, Pane):
    """Shared to-dos: projects, lists, owners, due dates; live."""

    KEY = "tasks"
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
        Binding("escape", "clear_filters", "All tasks, no filter", show=False,
                id="tasks.clear"),
    ]
    # What the list shows; changing any of them reloads (watch_* below).
    project: reactive[str] = reactive(ALL, init=False)
    mine: reactive[bool] = reactive(False, init=False)
    show_all: reactive[bool] = reactive(False, init=False)
    text: reactive[str] = reactive("", init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.undo_stack: list[tuple[str, int]] = []
        self.people: list[tuple[str, str | None]] = []
        self.detail_id: int | None = None
        self.jump_target: int | None = None  # a task to put the cursor on once shown
        self.comment_drafts: dict[int, str] = {}  # task id -> a comment closed unsent

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
        """Hide the form and search; look for alerts in every read; load."""
        self.form().display = False
        self.query_one("#task-search", Input).display = False
        self._show_filters()
        self.ride_along()
        self.reload()

    def on_unmount(self) -> None:
        """Leave the workspace's reads."""
        self.ride_off()

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """The list's keys, then the form's, the calendar's, people's and the pickers'."""
        from teamspace.tui.panes.tasks.calendar import CalendarScreen
        from teamspace.tui.panes.tasks.people import PeopleScreen
        from teamspace.tui.panes.tasks.pickers import AssignPicker, CommentScreen, TextPrompt
        from teamspace.tui.screens.help import bindings_of

        return [*super().help_sections(title), ("Task form", bindings_of(TaskForm)),
                ("Calendar", bindings_of(CalendarScreen)),
                ("People", bindings_of(PeopleScreen)),
                ("Assign picker", bindings_of(AssignPicker)),
                ("Text prompt", bindings_of(TextPrompt)),
                ("Comment", bindings_of(CommentScreen))]

    # ------------------------------------------------------------------ plumbing
    def main_widget(self) -> Widget:
        """The task list takes the keyboard."""
        return self.task_list()

    def side_widget(self) -> Widget:
        """The projects (ctrl+b)."""
        return self.query_one("#task-projects", OptionList)

    def task_list(self) -> TaskList:
        """The middle list."""
        return self.query_one("#task-list", TaskList)

    def form(self) -> TaskForm:
        """The add/edit form."""
        return self.query_one("#task-form", TaskForm)

    def search_box(self) -> Input:
        """The title filter."""
        return self.query_one("#task-search", Input)

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
        for key, label, active in (("m", "mine only", self.mine),
                                   ("o", "done too", self.show_all)):
            line.append(f" {key} ", style="reverse" if active else "bold")
            line.append(f" {label}  ", style="bold" if active else "dim")
        line.append(" / ", style="reverse" if self.text else "bold")
        line.append(f" {clean(self.text, newlines=False) or 'filter'}  ",
                    style="bold" if self.text else "dim")
        if self.project != ALL:  # the sidebar says it too, but goes on narrow terminals
            line.append(" ^b ", style="reverse")
            line.append(" no project  " if self.project == UNFILED else
                        f" {clean(self.project, newlines=False)}  ", style="bold")
        line.append(" c ", style="bold")
        line.append(" calendar  ", style="dim")
        line.append(" p ", style="bold")
        line.append(" people", style="dim")
        self.query_one("#task-filters", Static).update(line)

    def action_clear_filters(self) -> None:
        """Back to every open task of every project."""
        search = self.search_box()
        search.value = ""
        search.display = False
        self.mine = self.show_all = False
        self.project = ALL
        self.task_list().focus()

    def _view_changed(self) -> None:
        self._show_filters()
        self.reload()

    def shown(self) -> None:
        """In view again: catch up; the alerts counted on the tab are seen."""
        super().shown()
        self.alerts_seen()

    watch_project = watch_mine = watch_show_all = watch_text = _view_changed

    # ------------------------------------------------------------------ the view
    def read(self) -> Board:
        """Projects with counts, the tasks shown, the task in detail: one unit of work."""
        filters = dict(self._filters(), status="all" if self.show_all else "open",
                       text=self.text or None, waiting="also" if self.show_all else "hide")
        by_project = self.project == ALL

        def detail_of(found: list[TaskView]) -> int | None:
            # Where the cursor will be: on the same task if still shown, else the first.
            if self.detail_id is not None and any(t.id == self.detail_id for t in found):
                return self.detail_id
            return first_shown(found, by_project)

        return task_board.board(self.workspace, filters=filters, detail_of=detail_of,
                                limit=LIMIT, alerts_after=self.alert_mark)

    def show(self, data: Board) -> None:
        """Fill the project list, the task list and the detail."""
        sidebar = self.query_one("#task-projects", OptionList)
        options = [Option(self._project_label("All projects", sum(p.open for p in
                                                                  data.projects)
                                              + data.unfiled[0], 0), id=ALL)]
        options += [Option(self._project_label(p.name, p.open, p.overdue), id=f"p:{p.name}")
                    for p in data.projects]
        options.append(Option(self._project_label("No project", *data.unfiled), id=UNFILED))
        sidebar.set_options(options)
        key = self.project if self.project in (ALL, UNFILED) else f"p:{self.project}"
        try:
            sidebar.highlighted = sidebar.get_option_index(key)
        except Exception:  # the project was renamed or archived meanwhile
            self.set_reactive(TasksPane.project, ALL)
            sidebar.highlighted = 0
        filtered = self.mine or self.text or self.project != ALL
        self.task_list().empty_text = (
            "No tasks match: Esc clears the filters." if filtered and data.tasks == [] else
            "No open tasks. Press a to add one (o shows done ones too).")
        self.task_list().show_tasks(data.tasks, by_project=self.project == ALL)
        if self.jump_target is not None and not filtered:  # the view jump_to asked for
            if self.task_list().select(self.jump_target):
                self.task_list().focus()
            else:
                self.notify(f"#{self.jump_target} is not in the open list (o shows done "
                            "and waiting tasks too).", markup=False)
            self.jump_target = None
        self.announce(data.alert_mark, data.alerts, seen=data.alert_seen)
        self.people = data.people
        self.form().set_names([p.name for p in data.projects],
                              [name for name, _ in data.people])
        current = self.task_list().current_task
        if current is None:
            self.query_one("#task-detail", Static).update(Text("No tasks here.", style="dim"))
        elif data.detail is not None and data.detail.task.id == current.id:
            self.detail_id = current.id
            self.query_one("#task-detail", Static).update(detail_text(data.detail))
        elif current.id != self.detail_id:
            self.detail_id = current.id
            self.load_detail(current.id)

    @staticmethod
    def _project_label(name: str, count: int, late: int) -> Text:
        text = Text(clean(name, newlines=False))
        gap(text, str(count), "dim")
        if late:
            gap(text, f"{late} late", "bold red")
        return text

    @work(thread=True, exclusive=True, group="task-detail", exit_on_error=False)
    def load_detail(self, task_id: int) -> None:
        """The task under the cursor, with comments and history."""
        try:
            self.post_message(DetailLoaded(taskquery.task_detail(self.workspace, task_id)))
        except TeamspaceError:
            self.post_message(DetailLoaded(None))

    def on_detail_loaded(self, event: DetailLoaded) -> None:
        """Show the task in full."""
        if event.detail is not None and event.detail.task.id == self.detail_id:
            self.query_one("#task-detail", Static).update(detail_text(event.detail))

    @on(ItemList.Looked, "#task-list")
    def looked(self, event: ItemList.Looked) -> None:
        """The cursor moved: show that task's details."""
        if event.item.id != self.detail_id:
            self.detail_id = event.item.id
            self.load_detail(event.item.id)

    @on(Input.Changed, "#task-search")
    def filter_typed(self, event: Input.Changed) -> None:
        """Apply the title filter while typing."""
        self.text = event.value.strip()

    @on(Input.Submitted, "#task-search")
    def filter_done(self, event: Input.Submitted) -> None:
        """Enter in the filter: back to the list (an empty filter hides the box)."""
        event.stop()
        event.input.display = bool(event.value.strip())
        self.task_list().focus()

    @on(OptionList.OptionHighlighted, "#task-projects")
    def project_chosen(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the project list switches the project shown."""
        if event.option.id is None:
            return
        key = event.option.id
        self.project = key if key in (ALL, UNFILED) else key.removeprefix("p:")

    # ------------------------------------------------------------------ writes
    def written(self, event: WriteDone) -> None:
        """Close the form if it was its write; remember how to undo."""
        undo = event.extra.get("undo")
        if undo is not None and not event.queued:
            self.undo_stack.append(undo)
        if event.clear:
            self.form().close()
            self.task_list().focus()

    def write_failed(self, event: WriteFailed) -> None:
        """Keep what was typed in the form; say why under it."""
        if self.form().display:
            self.form().hint(event.error, error=True)


PANE = TasksPane
