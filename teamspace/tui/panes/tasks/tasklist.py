"""The Tasks pane's list: tasks grouped by project/list, soonest due first, that keeps its
cursor and scroll position when a live refresh replaces the content
(tui/widgets/itemlist.py).  Group headings are rows the cursor skips.
"""

from __future__ import annotations

from rich.text import Text

from teamspace.store.tasks.dates import describe_due
from teamspace.store.tasks.labels import moment_text
from teamspace.store.tasks.query import TaskView
from teamspace.text import clean, one_line
from teamspace.tui.widgets.itemlist import ItemList

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
    if task.started_at and not task.done:
        gap(text, "▶", "green")
    if task.waiting and task.wait_until:
        gap(text, f"hidden until {moment_text(task.wait_until)}", "dim")
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


def grouped(tasks: list[TaskView], by_project: bool) -> list[tuple[str, list[TaskView]]]:
    """Tasks under their headings: the default list first, then lists (or projects) by
    name; tasks keep their order within a group."""
    groups: dict[str, list[TaskView]] = {}
    for task in tasks:
        groups.setdefault(heading(task, by_project), []).append(task)
    order = sorted(groups, key=lambda g: (g == "No project", g != "To-dos", g.lower()))
    return [(name, groups[name]) for name in order]


def first_shown(tasks: list[TaskView], by_project: bool) -> int | None:
    """The id of the task the list shows first (where a new cursor lands)."""
    found = grouped(tasks, by_project)
    return found[0][1][0].id if found else None


class TaskList(ItemList[TaskView]):
    """Tasks, grouped by list (or project › list); ``current`` is the one under the cursor."""

    PREFIX = "task"

    @property
    def tasks(self) -> list[TaskView]:
        """The tasks shown, top to bottom."""
        return self.items

    @property
    def current_task(self) -> TaskView | None:
        """The task under the cursor."""
        return self.current

    def item_text(self, item: TaskView) -> Text:
        """A task as the list shows it."""
        return task_text(item)

    def show_tasks(self, tasks: list[TaskView], *, by_project: bool) -> None:
        """Replace the content, grouped; tasks keep their (due) order within a group."""
        rows: list[TaskView | Text] = []
        for name, members in grouped(tasks, by_project):
            late = sum(1 for t in members if t.overdue)
            label = Text(name, style="bold underline")
            gap(label, f"{len(members)}" + (f" · {late} overdue" if late else ""), "dim")
            rows.append(label)
            rows.extend(members)
        self.show(rows)
