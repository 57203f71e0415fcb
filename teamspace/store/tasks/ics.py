"""Tasks as an iCalendar file (RFC 5545): one VTODO per task, and on request one VEVENT
per open task with a due date, for calendar programs that show only events.

Written by hand (the format is small) so exporting needs no extra package; the tests
read the output back with the ``icalendar`` package and with calcurse.  Text values are
escaped (backslash, semicolon, comma, newline), lines are folded at 75 octets and end
in CRLF, as the RFC requires.

- DTSTAMP is the task's last modification (not the export time), so exporting twice
  gives the same file when nothing changed.
- A date-only due is ``DUE;VALUE=DATE:20261224``; a due with a time of day is UTC,
  ``DUE:20261224T140000Z``.
- A repeating task gets an RRULE, with DTSTART = DUE (the RFC anchors repetition on
  DTSTART).  A repeating task with a time of day is written in floating local time
  (``DUE:20261224T150000``), because the series keeps its wall-clock time across
  daylight saving; a UTC RRULE would drift by an hour twice a year.
- Which reader needs which: to-do programs (Thunderbird, Evolution, Apple Reminders,
  Nextcloud Tasks, todoman) read VTODO; khal, Google Calendar's import and most
  calendar views read only VEVENT; calcurse reads both (VTODO into its to-do list,
  without a date; VEVENT as appointments on the calendar).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, timedelta
from typing import TYPE_CHECKING

from teamspace.dates import from_text
from teamspace.store.tasks.dates import as_local, readable

if TYPE_CHECKING:
    from teamspace.store.tasks.query import TaskView

PRIORITY = {"H": 1, "M": 5, "L": 9}  # RFC 5545: 1 highest, 5 medium, 9 lowest
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


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


def rrule(recur: str, first: date, anchor: int | None = None) -> str:
    """The RRULE of a repetition (store/tasks/dates.py) starting on ``first``; the
    month's ``anchor`` day (default: ``first``'s) falls on the last day of shorter
    months, as the series does: the last of BYMONTHDAY=28..anchor each month."""
    if recur == "day":
        return "FREQ=DAILY"
    if recur == "weekday":
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if recur == "week":
        return "FREQ=WEEKLY"
    if recur in DAY_NAMES:
        return f"FREQ=WEEKLY;BYDAY={BYDAY[DAY_NAMES.index(recur)]}"
    day = anchor or first.day
    days = ",".join(str(d) for d in range(28, day + 1))
    if recur == "month":
        if day <= 28:
            return f"FREQ=MONTHLY;BYMONTHDAY={day}"
        return "FREQ=MONTHLY;BYMONTHDAY=-1" if day == 31 else \
            f"FREQ=MONTHLY;BYMONTHDAY={days};BYSETPOS=-1"
    if first.month == 2 and day == 29:  # yearly on 29 February: the 28th in other years
        return f"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY={days};BYSETPOS=-1"
    return f"FREQ=YEARLY;BYMONTH={first.month};BYMONTHDAY={day}"


def _due_lines(t: TaskView, start: str) -> list[str]:
    """DUE (or DTSTART for an event) and, for a repeating task, DTSTART and RRULE."""
    assert t.due is not None
    local = as_local(t.due, t.due_time)
    if not t.due_time:
        value = f";VALUE=DATE:{local:%Y%m%d}"
    elif t.recur:  # floating: the series keeps its local time across daylight saving
        value = f":{local:%Y%m%dT%H%M%S}"
    else:
        value = f":{local.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    lines = [f"{start}{value}"]
    if t.recur:
        if start != "DTSTART":
            lines.insert(0, f"DTSTART{value}")
        lines.append(f"RRULE:{rrule(t.recur, local.date(), t.recur_day)}")
    return lines


def _about(t: TaskView) -> list[str]:
    """DESCRIPTION, CATEGORIES and the project, shared by VTODO and VEVENT."""
    lines = []
    description = t.notes
    if t.assignee:
        description = f"Assigned to {t.assignee}\n\n{description}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if t.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in t.tags))
    if t.project:
        lines.append(f"X-TEAMSPACE-PROJECT:{escape(t.project)}")
    return lines


def vtodo(t: TaskView, *, domain: str = "teamspace") -> list[str]:
    """The content lines of one task's VTODO."""
    lines = ["BEGIN:VTODO", f"UID:{t.uuid}@{domain}", f"DTSTAMP:{_stamp(t.updated_at)}",
             f"CREATED:{_stamp(t.created_at)}",
             f"LAST-MODIFIED:{_stamp(t.updated_at)}",
             f"SUMMARY:{escape(t.title)}"]
    if t.due and readable(t.due, t.due_time) is not None:  # an unreadable due: no DUE
        lines += _due_lines(t, "DUE")
    done = t.status == "done"
    lines.append(f"STATUS:{'COMPLETED' if done else 'NEEDS-ACTION'}")
    if done and t.done_at:
        lines.append(f"COMPLETED:{_stamp(t.done_at)}")
    if t.priority:
        lines.append(f"PRIORITY:{PRIORITY[t.priority]}")
    lines += _about(t)
    lines.append("END:VTODO")
    return lines


def vevent(t: TaskView, *, domain: str = "teamspace") -> list[str]:
    """The content lines of a VEVENT on an open task's due date: all day for a date,
    a moment for a time (repeating as the task does)."""
    assert t.due is not None
    lines = ["BEGIN:VEVENT", f"UID:{t.uuid}-due@{domain}", f"DTSTAMP:{_stamp(t.updated_at)}",
             f"CREATED:{_stamp(t.created_at)}", f"LAST-MODIFIED:{_stamp(t.updated_at)}",
             f"SUMMARY:{escape(t.title)}"]
    lines += _due_lines(t, "DTSTART")
    if not t.due_time:  # one whole day
        day = as_local(t.due, False).date() + timedelta(days=1)
        lines.append(f"DTEND;VALUE=DATE:{day:%Y%m%d}")
    lines += _about(t) + ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(tasks: Iterable[TaskView], *, name: str = "teamspace tasks",
             events: bool = False) -> str:
    """A whole VCALENDAR: one VTODO per task and, with ``events``, one VEVENT per open
    task that has a due date; CRLF line endings."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//teamspace//tasks//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{escape(name)}"]
    for task in tasks:
        lines += vtodo(task)
        if events and task.due and task.status == "open":
            lines += vevent(task)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
