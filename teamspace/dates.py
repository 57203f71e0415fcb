"""Read the dates people type: ``today``, ``fri``, ``+3d``, ``next week``, ``2h``, ISO.

Two directions: :func:`parse_due` looks forward (a due date: ``fri`` is the coming
Friday), :func:`parse_since` looks back (``--since mon`` is the last Monday, ``2h`` is
two hours ago).  Times are local to the user; results are aware datetimes that callers
convert to UTC for storage.  Anything unreadable raises InvalidInput with examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from teamspace.errors import InvalidInput

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
OFFSET = r"^([+-]?)(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$"
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
DUE_EXAMPLES = "today, tomorrow, fri, next week, +3d, 2026-12-24, '2026-12-24 15:00'"
SINCE_EXAMPLES = "yesterday, 2h, 3d, mon, last week, 2026-11-01"


def local_now() -> datetime:
    """Now, as an aware datetime in the local time zone."""
    return datetime.now().astimezone()


def _weekday(word: str) -> int | None:
    word = word.lower()
    if len(word) < 2:
        return None
    for number, name in enumerate(WEEKDAYS):
        if name.startswith(word) and (len(word) >= 3 or word in ("mo", "tu", "we", "th",
                                                                   "fr", "sa", "su")):
            return number
    return None


def _at(day: date, now: datetime, clock: time | None = None) -> datetime:
    return datetime.combine(day, clock or time(0, 0), tzinfo=now.tzinfo)


def _split_time(text: str) -> tuple[str, time | None]:
    match = re.match(r"^(.*?)(?:\s+(?:at\s+)?(\d{1,2}):(\d{2}))$", text)
    if not match:
        return text, None
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise InvalidInput(f"'{text}' has an impossible time of day; try 9:30 or 17:00")
    return match.group(1).strip(), time(hour, minute)


def _iso(text: str, now: datetime) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=now.tzinfo)


# Dates people type: anything outside these years is a typo (0001-01-01, +99999999d) and
# would break other members' views and exports, so it is refused with a clear message.
MIN_YEAR, MAX_YEAR = 1900, 2999


def _in_range(text: str, parse: Callable[[str, datetime], datetime],
              now: datetime | None) -> datetime:
    try:
        moment = parse(text, now or local_now())
    except (OverflowError, ValueError):  # timedelta/date arithmetic out of range
        moment = None
    if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidInput(f"the date '{text.strip()}' is out of range: give one between "
                           f"{MIN_YEAR} and {MAX_YEAR}")
    return moment


def parse_due(text: str, now: datetime | None = None) -> datetime:
    """A due date/time from ``text``; a date without a time means the start of that day."""
    return _in_range(text, _parse_due, now)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A moment in the past from ``text`` (for ``--since``)."""
    return _in_range(text, _parse_since, now)


def _parse_due(text: str, now: datetime) -> datetime:
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise InvalidInput(f"a date is empty; try {DUE_EXAMPLES}")
    iso = _iso(text.strip(), now)
    if iso is not None:
        return iso
    words, clock = _split_time(raw)
    today = now.date()
    if words in ("today", "tod", "now", ""):
        if words == "now":
            return now
        return _at(today, now, clock)
    if words in ("tomorrow", "tom", "tmr"):
        return _at(today + timedelta(days=1), now, clock)
    if words == "yesterday":
        return _at(today - timedelta(days=1), now, clock)
    if words in ("next week", "nextweek"):
        return _at(today + timedelta(days=7 - today.weekday()), now, clock)
    if words in ("next month",):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _at(date(year, month, 1), now, clock)
    if words in ("eow", "end of week"):
        return _at(today + timedelta(days=(4 - today.weekday()) % 7), now, clock)
    offset = re.match(OFFSET, words)
    if offset and offset.group(1) != "-":
        seconds = int(offset.group(2)) * _UNIT_SECONDS[offset.group(3)[0]]
        if offset.group(3)[0] in "dw":
            return _at(today + timedelta(seconds=seconds), now, clock)
        return now + timedelta(seconds=seconds)
    prefix_next = words.startswith("next ")
    day = _weekday(words[5:] if prefix_next else words)
    if day is not None:
        # "fri" (or "next fri") is the coming Friday, never today: today is "today".
        ahead = (day - today.weekday()) % 7 or 7
        return _at(today + timedelta(days=ahead), now, clock)
    raise InvalidInput(f"cannot read the date '{text}'; try {DUE_EXAMPLES}")


def _parse_since(text: str, now: datetime) -> datetime:
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise InvalidInput(f"a date is empty; try {SINCE_EXAMPLES}")
    iso = _iso(text.strip(), now)
    if iso is not None:
        return iso
    words, clock = _split_time(raw)
    today = now.date()
    if words in ("today", ""):
        return _at(today, now, clock)
    if words == "yesterday":
        return _at(today - timedelta(days=1), now, clock)
    if words == "last week":
        return _at(today - timedelta(days=today.weekday() + 7), now, clock)
    if words in ("this week", "week"):
        return _at(today - timedelta(days=today.weekday()), now, clock)
    offset = re.match(OFFSET, words.lstrip("-"))
    if offset and offset.group(1) != "+":
        seconds = int(offset.group(2)) * _UNIT_SECONDS[offset.group(3)[0]]
        return now - timedelta(seconds=seconds)
    day = _weekday(words[5:] if words.startswith("last ") else words)
    if day is not None:
        back = (today.weekday() - day) % 7 or 7
        return _at(today - timedelta(days=back), now, clock)
    raise InvalidInput(f"cannot read the date '{text}'; try {SINCE_EXAMPLES}")


def ago(moment: datetime, now: datetime | None = None) -> str:
    """'just now', '5m ago', '3h ago', 'yesterday', 'Mon 14:02', '2026-10-01'."""
    now = now or local_now()
    seconds = (now - moment).total_seconds()
    if seconds < 45:
        return "just now"
    if seconds < 3600:
        return f"{round(seconds / 60)}m ago"
    if seconds < 86400 and moment.astimezone(now.tzinfo).date() == now.date():
        return f"{int(seconds // 3600)}h ago"
    local = moment.astimezone(now.tzinfo)
    if (now.date() - local.date()).days == 1:
        return f"yesterday {local:%H:%M}"
    if (now.date() - local.date()).days < 7:
        return f"{local:%a %H:%M}"
    return f"{local:%Y-%m-%d}"


def ago_stored(stored: str, now: datetime | None = None) -> str:
    """A stored UTC timestamp (see ``utc_now``) as :func:`ago` words."""
    moment = from_text(stored)
    return ago(moment, now) if moment is not None else stored


# Stored time: UTC text in SQLAlchemy's own format, so either database path reads it.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def utc_now() -> str:
    """The current UTC time as stored text (``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    return datetime.now(UTC).strftime(TIME_FORMAT)


def to_text(moment: datetime) -> str:
    """A datetime as stored text (naive values are taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(TIME_FORMAT)


def from_text(value: str | datetime | None) -> datetime | None:
    """Stored text (or a driver's datetime) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def iso_utc(stored: str | datetime | None) -> str | None:
    """A stored UTC time as ISO 8601 for ``--json`` and exports: ``2026-11-30T10:55:54Z``."""
    moment = from_text(stored)
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")
