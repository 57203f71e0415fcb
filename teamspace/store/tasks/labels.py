"""What a task keeps from Taskwarrior, as labelled rows for ``task show`` and the TUI's
detail: hidden until, scheduled, until, started, its place in a Taskwarrior series,
and its other fields (UDAs and the like), values cleaned to one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamspace.dates import ago_stored, from_text
from teamspace.store.tasks.dates import date_text, describe_due
from teamspace.text import one_line

if TYPE_CHECKING:
    from teamspace.store.tasks.query import TaskView

SERIES = ("recur", "parent", "mask", "imask", "rtype")  # told as one "repeats" row


def moment_text(stored: str) -> str:
    """A stored UTC time as the reader's day ('Fri 04 Dec'), with the time unless it
    is local midnight (how Taskwarrior writes a date)."""
    moment = from_text(stored)
    assert moment is not None
    local = moment.astimezone()
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return describe_due(date_text(local.date()), False)
    return describe_due(stored, True)


def taskwarrior_rows(task: TaskView) -> list[tuple[str, str]]:
    """(label, text) rows for the fields a task keeps from Taskwarrior; [] for others."""
    rows: list[tuple[str, str]] = []
    if task.wait_until:
        when = moment_text(task.wait_until)
        rows.append(("hidden", f"until {when}" if task.waiting else f"until {when} (over)"))
    if task.scheduled_at:
        rows.append(("scheduled", moment_text(task.scheduled_at)))
    if task.until_at:
        rows.append(("until", moment_text(task.until_at)))
    if task.started_at:
        rows.append(("started", ago_stored(task.started_at)))
    extras = task.extras
    recur = one_line(str(extras.get("recur", "")), 30)
    if task.status == "template":
        rows.append(("repeats", f"{recur}: Taskwarrior's template, it makes the occurrences"))
    elif "parent" in extras:
        rows.append(("repeats", f"{recur}: one occurrence of a Taskwarrior series"))
    for key, value in sorted(extras.items()):
        if key not in SERIES:
            rows.append((one_line(key, 20), _value_text(value)))
    return rows


def _value_text(value: object) -> str:
    """A kept value as text; a Taskwarrior date (a date UDA) as the reader's day."""
    text = str(value)
    if len(text) == 16 and text[8] == "T" and text.endswith("Z") and \
            text[:8].isdigit() and text[9:15].isdigit():
        from datetime import UTC, datetime

        from teamspace.dates import to_text

        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return moment_text(to_text(moment))
    return one_line(text, 80)


def time_logged(seconds: int) -> str:
    """Time logged against a task (the Time pane's entries): '2h05m logged'."""
    minutes = int(seconds) // 60
    return f"{minutes // 60}h{minutes % 60:02d}m logged"
