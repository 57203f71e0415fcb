"""A task in full as Rich ``Text`` (never markup): fields, notes, what it waits for,
comments and history — the right-hand side of the Tasks pane."""

from __future__ import annotations

from rich.text import Text

from teamspace.dates import ago_stored
from teamspace.store.tasks.dates import describe_due
from teamspace.store.tasks.labels import taskwarrior_rows, time_logged
from teamspace.store.tasks.query import TaskDetail
from teamspace.text import clean, one_line

SKIP = {"comment", "done_at", "done_by", "due_sort", "spawned_id", "key", "due_time",
        "recur_day", "project_spelling", "extras"}


def _change(changes: dict[str, object]) -> str:
    parts = []
    for key, pair in changes.items():
        if key in SKIP or not isinstance(pair, list) or len(pair) != 2:
            continue
        new = pair[1]
        if key == "due" and new:
            new = str(new)[:16].removesuffix(" 00:00")
        parts.append(f"{key} → {new if new not in (None, '') else '—'}")
    return one_line("; ".join(parts), 60)


def detail_text(detail: TaskDetail) -> Text:
    """The task's title, fields, notes, dependencies, comments and recent history."""
    task = detail.task
    text = Text()
    text.append(f"#{task.id} ", style="dim")
    text.append(clean(task.title, newlines=False) + "\n", style="bold")
    state = "done" if task.done else "overdue" if task.overdue else "open"
    rows = [("status", state), ("project", clean(task.project or "—", newlines=False)
                                 + (f" › {clean(task.list_name, newlines=False)}"
                                    if task.list_name else "")),
            ("who", task.assignee or "nobody"),
            ("due", describe_due(task.due, task.due_time) or "—"),
            ("priority", task.priority or "—"),
            ("tags", ", ".join(clean(t, newlines=False) for t in task.tags) or "—")]
    if task.recur:
        rows.append(("repeats", f"every {task.recur}"))
    rows += taskwarrior_rows(task)
    if detail.time_spent:
        rows.append(("time", time_logged(detail.time_spent)))
    for label, value in rows:
        text.append(f"{label:9}", style="dim")
        text.append(value + "\n", style="bold red" if value == "overdue" else "")
    for label, found in (("waits for", detail.waits_for), ("blocks", detail.blocks)):
        for other in found:
            text.append(f"{label:9}", style="dim")
            text.append(f"#{other['id']} {one_line(str(other['title']), 40)} "
                        f"({other['status']})\n", style="yellow" if other["status"] == "open"
                        else "dim")
    if task.notes:
        text.append("\nNotes\n", style="bold underline")
        text.append(clean(task.notes) + "\n")
    if detail.comments:
        text.append("\nComments\n", style="bold underline")
        for comment in detail.comments:
            text.append(str(comment["author"]), style="green")
            text.append(f" · {ago_stored(str(comment['at']))}\n", style="dim")
            text.append(clean(str(comment["text"])) + "\n")
    text.append("\nHistory\n", style="bold underline")
    for step in detail.history[-12:]:
        text.append(f"{ago_stored(str(step['at']))} · {step['actor']} · {step['action']}",
                    style="dim")
        change = _change(step["changes"])
        if change:  # the blanks are their own span: wrapping folds a span's leading blanks
            text.append("  ", style="dim")
        text.append(f"{change}\n")
    return text
