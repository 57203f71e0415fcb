"""The Tasks pane's list: tasks grouped by project/list, soonest due first, that keeps its
cursor and scroll position when a live refresh replaces the content.

OptionList renders only the visible lines, so a long list costs what the screen shows.
Group headings are disabled options; the cursor skips them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from teamspace.store.tasks.dates import describe_due
from teamspace.store.tasks.query import TaskView
from teamspace.text import clean, one_line

PRIORITY_STYLES = {"H": "bold red", "M": "bold yellow", "L": "bold blue"}


def gap(text: Text, content: str, style: str) -> None:
    """Append two blanks, then ``content``: the blanks are their own styled span, because
    the option list folds away leading blanks of a span when it lays lines out."""
    text.append("  ", style="dim")
    text.append(content, style=style)


def task_text(task: TaskView) -> Text:
    """One task: box, id, title, owner, due (red when overdue), priority, tags, waits."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("☑ " if task.done else "☐ ", style="green" if task.done else "bold")
    text.append(f"#{task.id} ", style="dim")
    text.append(one_line(task.title, 200), style="dim strike" if task.done else "")
    if task.assignee:
        gap(text, f"@{task.assignee}", "green")
    due = describe_due(task.due, task.due_time)
    if due:
        gap(text, due, "bold red" if task.overdue else "cyan")
    if task.priority:
        gap(text, task.priority, PRIORITY_STYLES[task.priority])
    for tag in task.tags:
        gap(text, f"+{clean(tag, newlines=False)}", "magenta")
    if task.recur:
        gap(text, "↻", "dim")
    if task.waits_for:
        gap(text, "waits for " + ", ".join(f"#{i}" for i in task.waits_for), "yellow")
    return text


def heading(task: TaskView, by_project: bool) -> str:
    """The group a task is shown under."""
    name = clean(task.list_name, newlines=False) if task.list_name else "To-dos"
    if by_project:
        return (clean(task.project, newlines=False) if task.project else "No project") + \
            (f" › {name}" if task.list_name else "")
    return name


class TaskList(OptionList):
    """Tasks, grouped; ``current_task`` is the one under the cursor."""

    @dataclass
    class Looked(Message):
        """The cursor moved to a task (the pane shows its details)."""

        task_list: TaskList
        task: TaskView

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tasks: list[TaskView] = []

    def show(self, tasks: list[TaskView], *, by_project: bool) -> None:
        """Replace the content; keep the cursor on the same task and the scroll offset."""
        current = self.current_task
        scroll = self.scroll_y
        groups: dict[str, list[TaskView]] = {}
        for task in tasks:
            groups.setdefault(heading(task, by_project), []).append(task)
        options: list[Option] = []
        ordered: list[TaskView] = []
        # The default list first, then lists (or projects) by name; tasks keep due order.
        for name in sorted(groups, key=lambda g: (g == "No project", g != "To-dos",
                                                  g.lower())):
            late = sum(1 for t in groups[name] if t.overdue)
            label = Text(name, style="bold underline")
            gap(label, f"{len(groups[name])}" + (f" · {late} overdue" if late else ""), "dim")
            options.append(Option(label, id=f"group-{len(options)}", disabled=True))
            for task in groups[name]:
                options.append(Option(task_text(task), id=f"task-{task.id}"))
                ordered.append(task)
        self.tasks = ordered
        self.set_options(options)
        if not ordered:
            return
        index = self._index_of(current.id) if current else None
        self.highlighted = index if index is not None else self._first_task_index()
        self.scroll_to(y=scroll, animate=False, immediate=True)

    def _first_task_index(self) -> int:
        return next((i for i, o in enumerate(self.options) if not o.disabled), 0)

    def _index_of(self, task_id: int) -> int | None:
        try:
            return self.get_option_index(f"task-{task_id}")
        except Exception:  # OptionDoesNotExist: gone (done and filtered, deleted, moved)
            return None

    def select_task(self, task_id: int) -> None:
        """Put the cursor on a task if it is shown."""
        index = self._index_of(task_id)
        if index is not None:
            self.highlighted = index

    @property
    def current_task(self) -> TaskView | None:
        """The task under the cursor."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("task-"):
            return None
        task_id = int(option.id.removeprefix("task-"))
        return next((t for t in self.tasks if t.id == task_id), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Report the task looked at."""
        task = self.current_task
        if task is not None:
            self.post_message(self.Looked(self, task))
