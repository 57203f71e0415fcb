"""Due dates and recurrence of tasks: how they are stored, compared and advanced.

A due date is either a calendar date ("fri", "2026-12-24": due some time that day, the
same day for everyone whatever their time zone) or a moment ("fri 15:00": a UTC
instant).  Dates are stored as ``YYYY-MM-DD 00:00:00.000000`` with ``due_time`` false,
moments as UTC text with ``due_time`` true.  A date is overdue once the reader's day
has moved past it; a moment, once it has passed.

Callers hand the store an absolute value (``2026-12-24`` or an ISO moment with its
offset) — never "fri" — so a write replayed from the outbox tomorrow means the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from teamspace.dates import OFFSET, TIME_FORMAT, WEEKDAYS, local_now, parse_due, to_text
from teamspace.errors import InvalidInput

DAY_NAMES = [name[:3] for name in WEEKDAYS]
RECUR_WORDS = {
    "day": "day", "daily": "day", "days": "day",
    "weekday": "weekday", "weekdays": "weekday", "workday": "weekday",
    "week": "week", "weekly": "week", "weeks": "week",
    "month": "month", "monthly": "month", "months": "month",
    "year": "year", "yearly": "year", "annually": "year", "years": "year",
}
RECUR_EXAMPLES = "day, weekday, week, month, year, or a day name such as fri"


def date_text(day: date) -> str:
    """A calendar date as stored (midnight, no time zone)."""
    return datetime.combine(day, time(0, 0)).strftime(TIME_FORMAT)


def _is_instant(text: str) -> bool:
    """True for "now", "2h", "+30m": a moment counted from now, not a time of day."""
    import re

    words = " ".join(text.lower().split())
    match = re.match(OFFSET, words)
    return words == "now" or bool(match and match.group(3)[0] in "mh")


def resolve_due(text: str, now: datetime | None = None) -> str:
    """What the user typed ("fri", "+3d", "2026-12-24 15:00") as an absolute ISO value.

    A value without a time of day becomes a date (``2026-12-24``); one with a time, an
    ISO moment with the offset the local zone has on THAT day.  Unreadable text raises
    InvalidInput.  (``now`` given: its offset is used as it is, for tests.)
    """
    system_zone = now is None
    now = now or local_now()
    moment = parse_due(text, now)
    has_time = ":" in text or moment.time() != time(0, 0)
    if not has_time:
        return moment.date().isoformat()
    if system_zone and moment.tzinfo is now.tzinfo and not _is_instant(text):
        # parse_due stamps a wall-clock time with today's offset: "2026-07-01 15:00"
        # typed in November would be an hour off in summer.  Take that day's offset.
        moment = moment.replace(tzinfo=None).astimezone()
    return moment.isoformat(timespec="minutes")


def check_due(value: str | None) -> tuple[str | None, bool]:
    """(stored text, has a time of day) for an absolute ISO value; (None, False) clears."""
    if value is None or not value.strip():
        return None, False
    value = value.strip()
    try:
        if len(value) == 10:
            return date_text(date.fromisoformat(value)), False
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{value}' is not an ISO date or time (like 2026-12-24 or "
                           "2026-12-24T15:00+01:00)") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive time is the writer's local time
    return to_text(moment), True


class BadDate(ValueError):
    """A stored due that cannot be read as a date here (written by an old client, an
    import, or by hand: 0001-01-01 seen from UTC+9 is before year 1)."""


def as_local(stored: str, due_time: bool) -> datetime:
    """A stored due as a local datetime (a date-only due: midnight of that date, with
    the UTC offset the local zone has on that date, not today's: a July date read in
    November keeps its summer offset).  BadDate if it cannot be read."""
    try:
        value = datetime.fromisoformat(str(stored))
        if due_time:
            return value.replace(tzinfo=UTC).astimezone()
        return value.astimezone()  # a naive time is local: Python finds that day's offset
    except (ValueError, OverflowError, OSError):
        raise BadDate(f"unreadable due date {str(stored)[:40]!r}") from None


def readable(stored: str | None, due_time: bool) -> datetime | None:
    """:func:`as_local`, or None for no due and for one that cannot be read: every read
    path shows such a value as invalid instead of failing for every member."""
    if stored is None:
        return None
    try:
        return as_local(stored, due_time)
    except BadDate:
        return None


def due_day(stored: str, due_time: bool) -> date:
    """The reader's calendar day a due falls on."""
    return as_local(stored, due_time).date()


def overdue_bound(now: datetime | None = None) -> tuple[str, str, str]:
    """(now as UTC text, start of the reader's today as a stored date, the larger).

    A task is overdue when ``due < bound AND (due_time AND due < now OR NOT due_time
    AND due < today)``; ``bound`` lets the index on ``due_sort`` do the range scan.
    """
    now = now or local_now()
    now_text, today_text = to_text(now), date_text(now.date())
    return now_text, today_text, max(now_text, today_text)


def is_overdue(stored: str | None, due_time: bool, now: datetime | None = None) -> bool:
    """True if a due date or moment has passed for this reader."""
    if stored is None:
        return False
    now_text, today_text, _ = overdue_bound(now)
    return str(stored) < (now_text if due_time else today_text)


def check_recur(text: str | None) -> str | None:
    """A recurrence in canonical form (``week``, ``fri``…); None or "none" for none."""
    if text is None or text.strip().lower() in ("", "none", "never", "no"):
        return None
    word = text.strip().lower().removeprefix("every ").strip()
    if word in RECUR_WORDS:
        return RECUR_WORDS[word]
    for number, name in enumerate(WEEKDAYS):
        if len(word) >= 2 and name.startswith(word):
            return DAY_NAMES[number]
    raise InvalidInput(f"cannot repeat every '{text}'; try {RECUR_EXAMPLES}")


def _step(day: date, recur: str, anchor: int) -> date:
    if recur == "day":
        return day + timedelta(days=1)
    if recur == "weekday":
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day
    if recur == "week":
        return day + timedelta(days=7)
    if recur in ("month", "year"):
        import calendar  # only for month lengths; kept off the everyday import path

        months = 1 if recur == "month" else 12
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        # The 31st repeats on the last day of shorter months, then back on the 31st.
        return date(year, month + 1, min(anchor, calendar.monthrange(year, month + 1)[1]))
    target = DAY_NAMES.index(recur)
    return day + timedelta(days=(target - day.weekday()) % 7 or 7)


def first_due(recur: str, today: date) -> str:
    """The due date a new recurring task without one gets: today, or the named day."""
    if recur in DAY_NAMES:
        target = DAY_NAMES.index(recur)
        today += timedelta(days=(target - today.weekday()) % 7)
    return today.isoformat()


def next_due(stored: str, due_time: bool, recur: str, today: date | None = None,
             anchor: int | None = None) -> str:
    """The next occurrence's due (stored text) after one due ``stored``.

    Advances from the due date, not from the day it was done, and skips occurrences
    already in the past: a weekly chore done late comes back next week, not as a pile.
    ``anchor``: the day of the month the series was set on (default: ``stored``'s).
    """
    today = today or local_now().date()
    local = as_local(stored, due_time)
    day, anchor = local.date(), anchor or local.day
    day = _step(day, recur, anchor)
    while day < today:
        day = _step(day, recur, anchor)
    if not due_time:
        return date_text(day)
    # The same wall-clock time on the new day, in whatever offset that day has (DST).
    return to_text(datetime.combine(day, local.time()).astimezone())


def describe_due(stored: str | None, due_time: bool, today: date | None = None) -> str:
    """'today', 'tomorrow', 'yesterday', 'Fri 28 Nov', 'Fri 28 Nov 2027 15:00' or ''."""
    if stored is None:
        return ""
    today = today or local_now().date()
    local = readable(stored, due_time)
    if local is None:
        return "invalid date"
    day = local.date()
    words = {0: "today", 1: "tomorrow", -1: "yesterday"}
    text = words.get((day - today).days) or (
        f"{day:%a %d %b}" if day.year == today.year else f"{day:%a %d %b %Y}")
    return f"{text} {local:%H:%M}" if due_time else text


def due_input_text(due: str | None, due_time: bool) -> str:
    """A stored due date as the user would type it back ('2026-12-24', '… 15:00', '')."""
    if not due:
        return ""
    local = readable(due, due_time)
    if local is None:
        return str(due)  # shown as stored: the form then says what is wrong with it
    return f"{local:%Y-%m-%d %H:%M}" if due_time else f"{local:%Y-%m-%d}"
