"""The Time pane's widgets: the ticking timer line and the list of entries.

The timer line is told what runs and asks the pane's clock (injectable: tests move time
by hand, nothing sleeps) how long it has run whenever it ticks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from teamspace.store.time.clock import clock_text, hours_minutes, local_day, shown
from teamspace.store.time.entries import Entry
from teamspace.store.time.timers import flags
from teamspace.text import clean, one_line
from teamspace.tui.widgets.itemlist import ItemList


def gap(text: Text, value: str, style: str = "", blanks: int = 2) -> None:
    """Append ``value`` after blanks of their own: a styled span's leading blanks are
    folded away when the line is laid out."""
    text.append(" " * blanks)
    text.append(value, style=style)


def label(entry: Entry) -> Text:
    """'acme +dev' as Text (cleaned)."""
    text = Text(clean(entry.project, newlines=False), style="bold")
    for tag in entry.tags:
        gap(text, f"+{clean(tag, newlines=False)}", "magenta", 1)
    return text


class TimerLine(Static):
    """'● acme +dev  1:05:09  since 09:10' — or how to start one."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.entry: Entry | None = None

    def set_entry(self, entry: Entry | None) -> None:
        """What runs now (None: nothing)."""
        self.entry = entry
        self.tick()

    def tick(self) -> None:
        """Show the elapsed time as of the clock's now."""
        entry = self.entry
        if entry is None:
            text = Text("○ no timer running", style="dim")
            gap(text, "s", "bold reverse", 3)
            gap(text, "start", "dim", 1)
            gap(text, "c", "bold reverse", 3)
            gap(text, "continue the last", "dim", 1)
            self.update(text)
            return
        now = self.clock()
        text = Text("● ", style="bold green")
        text.append_text(label(entry))
        gap(text, clock_text(entry.seconds(now)), "bold")
        gap(text, f"since {shown(entry.started_at, now)}", "dim")
        if entry.task_id:
            gap(text, f"task #{entry.task_id}", "cyan")
        if entry.note:
            gap(text, one_line(entry.note, 40), "italic")
        marks = flags(entry.started_at, None, now)
        if marks:
            gap(text, f"⚠ {', '.join(marks)}", "bold yellow")
        gap(text, "x", "bold reverse", 3)
        gap(text, "stop", "dim", 1)
        self.update(text)


class EntryList(ItemList[Entry]):
    """Entries under day headings: times, length, project and tags, note, flags."""

    PREFIX = "entry"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.flags: dict[int, list[str]] = {}
        self.now: datetime | None = None

    def item_text(self, item: Entry) -> Text:
        """One entry on one line."""
        now = self.now or datetime.now().astimezone()
        start = item.start().astimezone()
        end = "now" if item.running else f"{item.end(now).astimezone():%H:%M}"
        if not item.running and local_day(item.end(now)) != start.date():
            end += "+1"
        text = Text(f"{start:%H:%M}–{end}", style="dim")
        gap(text, f"{hours_minutes(item.seconds(now)):>6}", "bold", 8 - len(end))
        text.append("  ")
        text.append_text(label(item))
        if item.task_id:
            gap(text, f"task #{item.task_id}", "cyan")
        if item.note:
            gap(text, one_line(item.note, 50), "italic dim")
        if item.running:
            gap(text, "running", "bold green")
        marks = self.flags.get(item.id)
        if marks:
            gap(text, f"⚠ {', '.join(marks)}", "yellow")
        gap(text, f"#{item.id}", "dim")
        return text
