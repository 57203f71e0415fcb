"""Tasks as an iCalendar file (RFC 5545): one VTODO per task, with DUE.

Written by hand (the format is small) so exporting needs no extra package; the tests
read the output back with the ``icalendar`` package and with calcurse.  Text values are
escaped (backslash, semicolon, comma, newline), lines are folded at 75 octets and end
in CRLF, as the RFC requires.  A date-only due is ``DUE;VALUE=DATE:20261224``; a due
with a time of day is a UTC ``DUE:20261224T140000Z``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import TYPE_CHECKING

from teamspace.dates import from_text, utc_now
from teamspace.store.tasks.dates import as_local

if TYPE_CHECKING:
    from teamspace.store.tasks.query import TaskView

PRIORITY = {"H": 1, "M": 5, "L": 9}  # RFC 5545: 1 highest, 5 medium, 9 lowest


def escape(text: str) -> str:
    """Escape a TEXT value; control, bidi and zero-width characters (other people's
    text) become U+FFFD, as on screen, so no calendar app shows them raw."""
    from teamspace.text import clean

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (clean(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n").replace("\t", " "))


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (UTF-8 safe)."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(stored: str) -> str:
    moment = from_text(stored)
    assert moment is not None
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def vtodo(t: TaskView, *, stamp: str, domain: str = "teamspace") -> list[str]:
    """The content lines of one task's VTODO."""
    lines = ["BEGIN:VTODO", f"UID:{t.uuid}@{domain}", f"DTSTAMP:{stamp}",
             f"CREATED:{_stamp(t.created_at)}",
             f"LAST-MODIFIED:{_stamp(t.updated_at)}",
             f"SUMMARY:{escape(t.title)}"]
    if t.due:
        local = as_local(t.due, t.due_time)
        if t.due_time:
            lines.append(f"DUE:{local.astimezone(UTC):%Y%m%dT%H%M%SZ}")
        else:
            lines.append(f"DUE;VALUE=DATE:{local:%Y%m%d}")
    done = t.status == "done"
    lines.append(f"STATUS:{'COMPLETED' if done else 'NEEDS-ACTION'}")
    if done and t.done_at:
        lines.append(f"COMPLETED:{_stamp(t.done_at)}")
    if t.priority:
        lines.append(f"PRIORITY:{PRIORITY[t.priority]}")
    description = t.notes
    if t.assignee:
        description = f"Assigned to {t.assignee}\n\n{description}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if t.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in t.tags))
    if t.project:
        lines.append(f"X-TEAMSPACE-PROJECT:{escape(t.project)}")
    lines.append("END:VTODO")
    return lines


def calendar(tasks: Iterable[TaskView], *, name: str = "teamspace tasks") -> str:
    """A whole VCALENDAR with one VTODO per task, CRLF line endings."""
    stamp = _stamp(utc_now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//teamspace//tasks//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{escape(name)}"]
    for task in tasks:
        lines += vtodo(task, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
