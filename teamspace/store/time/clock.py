"""Durations and moments as people type them, and local days as UTC ranges.

Durations: ``1h30m``, ``1h 30m``, ``90m``, ``1.5h``, ``1:30``, ``45s``.  Moments
(``--at``): ``9:15`` (today), ``yesterday 17:30``, ``mon 9:00``, ``-15m`` / ``15m ago``,
``now``, ISO.  A local day is the range between two local midnights converted to UTC,
so a day on which the clocks change is 23 or 25 hours long (the C library applies the
time zone's rules; naive local times go through ``astimezone()``).

No regular expressions and nothing heavy: ``teamspace timer …`` imports this on every
call (docs/performance.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from teamspace.errors import InvalidInput

DURATION_EXAMPLES = "1h30m, 90m, 1.5h or 1:30"
AT_EXAMPLES = "9:15, 'yesterday 17:30', -15m, 2026-11-30T09:15"
_UNITS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> int:
    """Seconds in ``text`` (``1h30m``, ``90m``, ``1.5h``, ``1:30``); InvalidInput if
    unreadable, zero or negative."""
    raw = "".join(text.strip().lower().split())
    bad = InvalidInput(f"cannot read the duration '{text.strip()}'; try {DURATION_EXAMPLES}")
    if not raw:
        raise InvalidInput(f"a duration is empty; try {DURATION_EXAMPLES}")
    if ":" in raw:
        hours, _, minutes = raw.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
            raise bad
        if int(minutes) > 59:
            total = int(hours) * 60 + int(minutes)
            raise InvalidInput(f"'{text.strip()}' has {int(minutes)} minutes; did you mean "
                               f"{total // 60}:{total % 60:02d}? (write it so)")
        seconds = int(hours) * 3600 + int(minutes) * 60
    else:
        raw = raw.replace("hours", "h").replace("hour", "h").replace("hrs", "h")
        raw = raw.replace("mins", "m").replace("min", "m")
        seconds_f = 0.0
        number = ""
        units_seen = ""
        for char in raw:
            if char.isdigit() or char == ".":
                number += char
            elif char in _UNITS and number and char not in units_seen:
                try:
                    seconds_f += float(number) * _UNITS[char]
                except ValueError:
                    raise bad from None
                units_seen += char
                number = ""
            else:
                raise bad
        if number:  # "1h30": the minutes after hours; a bare "45" is ambiguous
            if units_seen != "h" or not number.isdigit():
                raise InvalidInput(f"'{text.strip()}' needs a unit: 45m or 45h? "
                                   f"(try {DURATION_EXAMPLES})")
            seconds_f += int(number) * 60
        seconds = round(seconds_f)
    if seconds <= 0:
        raise InvalidInput(f"a duration must be more than zero (got '{text.strip()}')")
    return seconds


def format_duration(seconds: float) -> str:
    """``1h30m``, ``45m``, ``0m`` (rounded down to the minute), ``12h05m``."""
    minutes = int(max(seconds, 0)) // 60
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"


def hours_minutes(seconds: float) -> str:
    """``1:30`` (hours:minutes, rounded to the nearest minute) for reports."""
    minutes = round(max(seconds, 0) / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def clock_text(seconds: float) -> str:
    """``1:05:09``: a ticking timer's elapsed time."""
    whole = int(max(seconds, 0))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def local_now() -> datetime:
    """Now as an aware local datetime."""
    return datetime.now().astimezone()


def at_local(day: date, clock: time = time(0, 0)) -> datetime:
    """The aware local moment of ``clock`` on ``day`` (the zone's rules for that day)."""
    return datetime.combine(day, clock).astimezone()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of the local ``day`` as aware UTC datetimes (23/24/25 hours)."""
    return (at_local(day).astimezone(UTC),
            at_local(day + timedelta(days=1)).astimezone(UTC))


def local_day(moment: datetime) -> date:
    """The local calendar day of an aware moment."""
    return moment.astimezone().date()


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def _clock(text: str) -> time | None:
    hours, sep, minutes = text.partition(":")
    if not sep:
        if not (text.endswith(("am", "pm")) and text[:-2].isdigit()):
            return None
        hours, minutes = text[:-2], "00" + text[-2:]
    suffix = ""
    if minutes.endswith(("am", "pm")):
        minutes, suffix = minutes[:-2], minutes[-2:]
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    hour, minute = int(hours), int(minutes)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"'{text}' is not a time of day; try 9:30 or 17:00")
    return time(hour, minute)


def parse_day(text: str, today: date | None = None) -> date:
    """A day: ``today``, ``yesterday``, a day name (the last one), ``-2d``, ISO."""
    today = today or local_now().date()
    raw = text.strip().lower()
    if raw in ("", "today"):
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if raw == "tomorrow":
        return today + timedelta(days=1)
    if raw.startswith("-") and raw.endswith("d") and raw[1:-1].isdigit():
        return today - timedelta(days=int(raw[1:-1]))
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if raw[:3] in names and len(raw) >= 3:
        back = (today.weekday() - names.index(raw[:3])) % 7
        return today - timedelta(days=back)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"cannot read the day '{text.strip()}'; try today, yesterday, "
                           "mon, -2d or 2026-11-30") from None


def parse_at(text: str, now: datetime | None = None, *, day: date | None = None
             ) -> datetime:
    """A moment from ``text`` as an aware local datetime (see the module docstring).

    A bare time of day falls on ``day`` (default: today).
    """
    now = now or local_now()
    raw = " ".join(text.strip().lower().split())
    if raw in ("", "now"):
        return now
    ago = raw.removesuffix(" ago").removesuffix("ago")
    if ago != raw or raw.startswith("-"):
        try:
            return now - timedelta(seconds=parse_duration(ago.lstrip("-")))
        except InvalidInput:
            pass
    words = raw.rsplit(" ", 1)
    clock = _clock(words[-1])
    if clock is not None:
        on = parse_day(words[0], now.date()) if len(words) == 2 else (day or now.date())
        return at_local(on, clock)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"cannot read the time '{text.strip()}'; try {AT_EXAMPLES}") from None
    return moment if moment.tzinfo else moment.astimezone()


def shown(stored: str, now: datetime | None = None) -> str:
    """A stored UTC time as the reader's local ``09:10`` (today), ``yesterday 17:30``,
    ``Mon 09:10`` (this week) or ``2026-11-02 09:10``."""
    from teamspace.dates import from_text

    moment = from_text(stored)
    assert moment is not None
    local = moment.astimezone()
    today = (now or local_now()).astimezone().date()
    days = (today - local.date()).days
    if days == 0:
        return f"{local:%H:%M}"
    if days == 1:
        return f"yesterday {local:%H:%M}"
    if 0 < days < 7:
        return f"{local:%a %H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"
