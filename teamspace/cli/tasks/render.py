"""Plain-text rendering of tasks for the CLI: lists grouped by project, one task in
full, a month grid, the people overview.

Colour (overdue in red, priorities, tags) uses click styles, which click strips when
stdout is not a terminal, so piped output is plain.  Every piece of text a user wrote
passes through :func:`teamspace.text.clean` first.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any

import typer

from teamspace.dates import ago_stored
from teamspace.store.tasks.dates import describe_due
from teamspace.store.tasks.labels import moment_text, taskwarrior_rows, time_logged
from teamspace.text import clean, one_line

PRIORITY_COLOURS = {"H": "red", "M": "yellow", "L": "blue"}
RECUR_LABELS = {"day": "every day", "weekday": "every weekday", "week": "every week",
                "month": "every month", "year": "every year"}


def recur_label(recur: str | None) -> str:
    """'every week', 'every fri' or ''."""
    return "" if not recur else RECUR_LABELS.get(recur, f"every {recur}")


def where(task: Any) -> str:
    """'Website › Bugs', 'Website' or '(no project)'."""
    if not task.project:
        return "(no project)"
    return clean(task.project, newlines=False) + (
        f" › {clean(task.list_name, newlines=False)}" if task.list_name else "")


def title_width(tasks: Iterable[Any], width: int) -> int:
    """A title column as wide as the longest title, within what the terminal allows."""
    longest = max((len(one_line(t.title, 200)) for t in tasks), default=20)
    return max(16, min(longest, 60, width - 40))


def task_line(task: Any, width: int) -> str:
    """One task on one line: id, box, title, owner, due, priority, tags, blockers.

    ``width`` is the title column's width (see :func:`title_width`).
    """
    box = "[x]" if task.done else "[ ]"
    due = describe_due(task.due, task.due_time)
    if due and task.overdue:
        due = typer.style(due, fg="red", bold=True)
    elif due:
        due = typer.style(due, fg="cyan")
    extras = []
    if task.priority:
        extras.append(typer.style(task.priority, fg=PRIORITY_COLOURS[task.priority],
                                  bold=True))
    extras += [typer.style("+" + clean(tag, newlines=False), fg="magenta")
               for tag in task.tags]
    if task.recur:
        extras.append(typer.style("↻ " + recur_label(task.recur), dim=True))
    if task.started_at and not task.done:
        extras.append(typer.style("▶ started", fg="green"))
    if task.waiting:
        extras.append(typer.style(f"hidden until {moment_text(task.wait_until)}", dim=True))
    if task.waits_for:
        extras.append(typer.style("waits for " + ", ".join(f"#{i}" for i in task.waits_for),
                                  fg="yellow"))
    plain = one_line(task.title, width)
    title = typer.style(plain, dim=True) if task.done else plain
    owner = typer.style("@" + task.assignee, fg="green") if task.assignee else ""
    # Styles add invisible characters: pad on the plain text, then style.
    pad = " " * (width - len(plain))
    parts = [f"{task.id:>5} {box} {title}{pad}", owner, due, *extras]
    return "  ".join(p for p in parts if p).rstrip()


def group_key(task: Any) -> tuple[bool, str, str]:
    """Projects by name, then '(no project)' last; lists within a project by name."""
    return (task.project is None, (task.project or "").lower(), (task.list_name or "").lower())


def grouped(tasks: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """(heading, tasks) per project and list, keeping each group's order."""
    groups: dict[tuple[bool, str, str], list[Any]] = {}
    for task in tasks:
        groups.setdefault(group_key(task), []).append(task)
    return [(where(found[0]), found) for _, found in sorted(groups.items())]


def print_task_list(tasks: list[Any], *, more: bool, empty: str) -> None:
    """Tasks grouped by project (and list), in the order the store gave them."""
    if not tasks:
        typer.echo(empty, err=not sys.stdout.isatty())
        return
    width = title_width(tasks, shutil.get_terminal_size((100, 24)).columns)
    out: list[str] = []
    for heading, found in grouped(tasks):
        late = sum(1 for t in found if t.overdue)
        count = f"{len(found)}" + (f", {late} overdue" if late else "")
        out.append(typer.style(heading, bold=True) + typer.style(f"  ({count})", dim=True))
        out += [task_line(task, width) for task in found]
        out.append("")
    typer.echo("\n".join(out).rstrip("\n"))
    if more:
        typer.echo(typer.style("… more tasks: narrow the filter or raise --limit", dim=True),
                   err=True)


def _change_text(changes: dict[str, Any]) -> str:
    parts = []
    for key, pair in changes.items():
        if key in ("comment", "done_at", "done_by", "due_sort", "spawned_id", "key",
                   "recur_day", "project_spelling", "extras"):
            continue
        if isinstance(pair, list) and len(pair) == 2:
            if key == "due":  # stored text: show the date (and time) only
                pair = [str(v)[:16].removesuffix(" 00:00") if v else v for v in pair]
            parts.append(f"{key}: {pair[0]!s} → {pair[1]!s}" if pair[0] not in (None, "", [])
                         else f"{key}: {pair[1]!s}")
    return one_line("; ".join(parts), 90)


def print_detail(detail: Any) -> None:
    """One task in full: fields, notes, dependencies, comments and history."""
    task = detail.task
    state = "done" if task.done else "open"
    if task.overdue:
        state += typer.style(" (overdue)", fg="red", bold=True)
    if task.deleted:
        state += typer.style(" (in the trash)", fg="yellow")
    lines = [typer.style(f"#{task.id} ", bold=True) + typer.style(
        clean(task.title, newlines=False), bold=True)]
    fields = [("status", state), ("project", where(task)),
              ("assignee", task.assignee or "nobody"),
              ("due", describe_due(task.due, task.due_time) or "—"),
              ("priority", task.priority or "—"),
              ("tags", ", ".join(clean(t, newlines=False) for t in task.tags) or "—")]
    if task.recur:
        fields.append(("repeats", recur_label(task.recur)))
    fields += taskwarrior_rows(task)
    if detail.time_spent:
        fields.append(("time", time_logged(detail.time_spent)))
    fields += [(label, f"#{d['id']} {one_line(d['title'], 60)} ({d['status']})")
               for label, found in (("waits for", detail.waits_for), ("blocks", detail.blocks))
               for d in found]
    if task.done and task.done_at:
        fields.append(("done", f"by {task.done_by}, {ago_stored(task.done_at)}"))
    fields += [("created", f"by {task.author}, {ago_stored(task.created_at)}"),
               ("uuid", task.uuid)]
    lines += [f"  {label:10} {value}" for label, value in fields]
    if task.notes:
        lines += ["", typer.style("Notes", bold=True)]
        lines += ["  " + line for line in clean(task.notes).splitlines()]
    if detail.comments:
        lines += ["", typer.style("Comments", bold=True)]
        for c in detail.comments:
            lines.append("  " + typer.style(c["author"], fg="green") + " · "
                         + ago_stored(c["at"]))
            lines += ["    " + line for line in clean(c["text"]).splitlines()]
    lines += ["", typer.style("History", bold=True)]
    for step in detail.history:
        change = _change_text(step["changes"])
        lines.append(f"  {ago_stored(step['at'])} · {step['actor']} · {step['action']}"
                     + (typer.style(f"  {change}", dim=True) if change else ""))
    typer.echo("\n".join(lines))


def print_month(year: int, month: int, days: dict[str, list[Any]],
                today: date | None = None) -> None:
    """A month grid (Monday first) with a count of due tasks per day, then the tasks."""
    import calendar

    today = today or date.today()
    lines = [typer.style(f"{calendar.month_name[month]} {year}", bold=True),
             "".join(f"{name:<6}" for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
                                               "Sun")).rstrip()]
    for week in calendar.Calendar().monthdayscalendar(year, month):
        cells = []
        for day in week:
            if not day:
                cells.append("      ")
                continue
            key = date(year, month, day).isoformat()
            count = len(days.get(key, []))
            cell = f"{day:>2}" + (f"•{count}" if count else "")
            late = any(t.overdue for t in days.get(key, []))
            if late:
                cell = typer.style(cell, fg="red", bold=True)
            elif count:
                cell = typer.style(cell, fg="cyan", bold=True)
            if date(year, month, day) == today:
                cell = typer.style(cell, reverse=True)
            # Pad on the plain width: styles add invisible characters.
            cells.append(cell + " " * (6 - len(f"{day:>2}" + (f"•{count}" if count else ""))))
        lines.append("".join(cells).rstrip())
    width = title_width([t for found in days.values() for t in found],
                        shutil.get_terminal_size((100, 24)).columns)
    for key in sorted(days):
        lines += ["", typer.style(f"{date.fromisoformat(key):%a %d %b}", bold=True)]
        lines += [task_line(task, width) + typer.style(f"  {where(task)}", dim=True)
                  for task in days[key]]
    if not days:
        lines += ["", "Nothing due this month."]
    typer.echo("\n".join(lines))


def print_people(loads: list[Any]) -> None:
    """Per person: open and overdue counts, then their open tasks by project."""
    width = title_width([t for load in loads for found in load.projects.values()
                         for t in found], shutil.get_terminal_size((100, 24)).columns - 2)
    out: list[str] = []
    for load in loads:
        name = load.username + (f" ({clean(load.display_name, newlines=False)})"
                                if load.display_name else "")
        counts = f"{load.open} open"
        if load.overdue:
            counts += ", " + typer.style(f"{load.overdue} overdue", fg="red", bold=True)
        extras = "".join(f"  {key}: {clean(str(value), newlines=False)}"
                         for key, value in load.extras.items())
        out.append(typer.style(name, bold=True) + f"  {counts}{extras}")
        if not load.projects:
            out.append(typer.style("  nothing on the go", dim=True))
        for project, found in load.projects.items():
            out.append("  " + typer.style(clean(project, newlines=False), underline=True))
            out += ["  " + task_line(task, width) for task in found]
        out.append("")
    typer.echo("\n".join(out).rstrip("\n") or "No members yet.")
