"""The Time pane's own small charts, drawn as Rich ``Text`` (no plotting library): hours
by project as horizontal bars, a week heat map (day × hour of day), and the week
timesheet grid (person × day).  Names are user text: cleaned, never markup."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

from teamspace.store.time.clock import hours_minutes
from teamspace.text import clean

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
SHADES = " ░▒▓█"
EIGHTHS = " ▏▎▍▌▋▊▉"


def cell(text: Text, value: str, width: int, style: str = "") -> None:
    """Append ``value`` right-aligned in ``width`` cells (the padding unstyled: a styled
    span's leading blanks are folded away when the line is laid out)."""
    text.append(" " * max(width - len(value), 0))
    text.append(value, style=style)


def bar(fraction: float, width: int) -> str:
    """A bar of ``fraction`` (0..1) of ``width`` cells, in eighths of a cell."""
    eighths = round(max(0.0, min(fraction, 1.0)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(width)


def bars_text(rows: list[tuple[str, float]], width: int = 40) -> Text:
    """Hours by project: name, bar (longest = full width), hours."""
    text = Text()
    if not rows:
        text.append("No time logged this week.", style="dim")
        return text
    top = max(seconds for _, seconds in rows) or 1.0
    label_width = min(max(len(name) for name, _ in rows), 18)
    for name, seconds in rows:
        shown = clean(name, newlines=False)
        shown = shown if len(shown) <= label_width else shown[:label_width - 1] + "…"
        text.append(f"{shown:<{label_width}} ", style="bold")
        text.append(bar(seconds / top, width), style="cyan")
        cell(text, hours_minutes(seconds), 7)
        text.append("\n")
    return text


def heat_text(heat: list[list[float]], week: date, today: date | None = None,
              first_hour: int = 6, last_hour: int = 20) -> Text:
    """A heat map: one row per day, a cell per hour of the day (the shade: how much of
    that hour was logged).  Hours 6–20 unless time was logged outside them; two
    characters an hour while that fits a side panel, one when the whole day shows."""
    text = Text()
    busy = [h for day in heat for h, seconds in enumerate(day) if seconds]
    low = min([first_hour, *busy]) // 3 * 3
    high = max([last_hour, *busy])
    hours = range(low, high + 1)
    step = 2 if len(hours) <= 18 else 1
    text.append("    ")
    for hour in hours:
        if hour % 3 == 0:
            label = f"{hour:<{3 * step}}"[:step * (high + 1 - hour)]
            text.append(label, style="dim")
    text.append("\n")
    for number, row in enumerate(heat):
        day = week + timedelta(days=number)
        text.append(f"{DAYS[number]} ", style="bold reverse" if day == today else "bold")
        for hour in hours:
            seconds = row[hour]
            if seconds:
                text.append(SHADES[max(1, min(4, round(seconds / 900)))] * step,
                            style="green")
            else:
                text.append("·".ljust(step), style="dim")
        cell(text, hours_minutes(sum(row)), 7, "dim")
        text.append("\n")
    return text


def decimal_hours(seconds: float) -> str:
    """``7.5`` (hours, one decimal; whole hours from 100 on): the narrow grid's cells."""
    hours = max(seconds, 0) / 3600
    return f"{hours:.1f}" if hours < 99.95 else f"{hours:.0f}"


def name_width(rows: list[tuple[str, list[float]]]) -> int:
    """Columns of the full grid's name column (the longest name, at least 6, a blank)."""
    return max([len(name) for name, _ in rows] + [6]) + 1


def grid_width(rows: list[tuple[str, list[float]]]) -> int:
    """Columns the full grid takes (names, seven 'Mon 3 ' days of 6+1, the total)."""
    return name_width(rows) + 7 * 7 + 7


def grid_text(rows: list[tuple[str, list[float]]], week: date, me: str,
              today: date | None = None, *, narrow: bool = False) -> Text:
    """The week timesheet: one row per person, one column per day, totals.

    ``narrow`` (48 columns, for terminals under 70): names cut to 6, days 'Mo'..'Su',
    hours in decimals ('7.5'), so Sunday and the total still fit."""
    text = Text()
    hours = decimal_hours if narrow else hours_minutes
    size, total_size = (4, 6) if narrow else (6, 7)
    width = min(name_width(rows), 7) if narrow else name_width(rows)
    text.append(" " * width)
    for number in range(7):
        day = week + timedelta(days=number)
        style = "bold reverse" if day == today else "bold"
        if narrow:
            cell(text, DAYS[number][:2], size, style)
        else:
            text.append(f"{DAYS[number]} {day.day:<2}", style=style)
        text.append(" ")
    cell(text, "Total", total_size, "bold")
    text.append("\n")
    totals = [0.0] * 7
    for name, days in rows:
        shown = clean(name, newlines=False)
        if len(shown) >= width:
            shown = shown[:width - 2] + "…"
        text.append(f"{shown:<{width}}", style="bold green" if name == me else "")
        for number, seconds in enumerate(days):
            totals[number] += seconds
            cell(text, hours(seconds) if seconds else "·", size, "" if seconds else "dim")
            text.append(" ")
        cell(text, hours(sum(days)), total_size, "bold")
        text.append("\n")
    text.append(f"{'Total':<{width}}", style="bold")
    for seconds in totals:
        cell(text, hours(seconds) if seconds else "·", size, "bold")
        text.append(" ")
    cell(text, hours(sum(totals)), total_size, "bold")
    text.append("\n")
    return text


class Chart(Static):
    """A Static showing one of the charts above (the pane sets its Text)."""


class WeekGrid(Chart):
    """The week timesheet, redrawn narrow (decimal hours, 'Mo'..'Su') whenever the full
    grid does not fit its width: every day and the total stay in view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[list[tuple[str, list[float]]], date, str, date | None] | None = None

    def show_week(self, rows: list[tuple[str, list[float]]], week: date, me: str,
                  today: date | None) -> None:
        """Draw the week (again on each resize)."""
        self.shown = (rows, week, me, today)
        self._draw()

    def _draw(self) -> None:
        if self.shown is None:
            return
        rows, week, me, today = self.shown
        # Before the first layout the terminal's width stands in for the grid's.
        room = self.content_region.width or self.app.size.width - 2
        self.update(grid_text(rows, week, me, today, narrow=grid_width(rows) > room))

    def on_resize(self) -> None:
        """The width changed: the full grid may fit now, or no longer."""
        self._draw()
