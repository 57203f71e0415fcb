"""The Time pane: my timer ticking at the top, my entries of today and the week below,
the week as a person × day timesheet; on the right who is timing what now, hours by
project and a day × hour heat map of the week.

Everything is read in one unit of work (store/time/board.py) in a thread worker; a
live change (a colleague starting a timer) reloads it in place, keeping the cursor.
The timer ticks once a second from the pane's ``clock``, which tests replace: nothing
in a test sleeps to see it move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from teamspace.store.time import board as time_board
from teamspace.store.time import clock as time_clock
from teamspace.store.time.board import TimeBoard
from teamspace.store.time.clock import format_duration, hours_minutes
from teamspace.store.time.entries import Entry
from teamspace.text import clean
from teamspace.tui.pane import Pane, WriteDone
from teamspace.tui.panes.time.actions import TimeActions
from teamspace.tui.panes.time.charts import Chart, WeekGrid, bars_text, heat_text
from teamspace.tui.panes.time.widgets import EntryList, TimerLine, gap, label


def system_clock() -> datetime:
    """Now (UTC): what the timer ticks by, unless a test sets the pane's ``clock``."""
    return datetime.now(UTC)


class TimePane(TimeActions, Pane):
    """Timers, entries, the week's timesheet and charts; live."""

    KEY = "time"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start timer", id="time.start"),
        Binding("x", "stop", "Stop timer", id="time.stop"),
        Binding("c", "continue", "Continue last", id="time.continue"),
        Binding("X", "cancel", "Cancel timer", id="time.cancel"),
        Binding("a", "add", "Log time", id="time.add"),
        Binding("e", "edit", "Edit times", id="time.edit"),
        Binding("m", "move", "Move to project", id="time.move"),
        Binding("n", "note", "Note", id="time.note"),
        Binding("l", "split", "Split", id="time.split"),
        Binding("d", "delete", "Delete", id="time.delete"),
        Binding("u", "undo", "Undo delete", id="time.undo"),
        Binding("left_square_bracket", "week(-1)", "Week before", key_display="[",
                id="time.week.previous"),
        Binding("right_square_bracket", "week(1)", "Week after", key_display="]",
                id="time.week.next"),
        Binding("t", "week(0)", "This week", id="time.week.this"),
        Binding("v", "mine", "Mine/everyone", id="time.mine"),
        Binding("S", "submit", "Submit week", id="time.submit"),
        Binding("g", "suggest", "Suggestions", id="time.suggest"),
    ]
    week: reactive[date] = reactive(date(2000, 1, 3), init=False)
    mine_only: reactive[bool] = reactive(False, init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock: Callable[[], datetime] = system_clock
        self.set_reactive(TimePane.week, time_clock.week_start(time_clock.local_now().date()))
        self.project_names: list[str] = []
        self.undo_stack: list[int] = []
        self.data: TimeBoard | None = None

    def compose(self) -> ComposeResult:
        """Timer, entries and grid | who is timing, bars, heat map."""
        with Vertical(id="time-main"):
            yield TimerLine(lambda: self.clock(), id="time-timer")
            yield Static(id="time-heading")
            yield EntryList(id="time-entries")
            yield WeekGrid(id="time-grid")
        with VerticalScroll(id="time-side"):
            yield Static(Text("Timing now", style="bold underline"), classes="time-title")
            yield Chart(id="time-team")
            yield Static(id="time-bars-title", classes="time-title")
            yield Chart(id="time-bars")
            yield Static(Text("Week heat map (hours of the day)", style="bold underline"),
                         classes="time-title")
            yield Chart(id="time-heat")

    def on_mount(self) -> None:
        """Tick every second; load."""
        self.set_interval(1.0, self.tick)
        self.reload()

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """The pane's keys, then the suggestion review's and the prompt's."""
        from teamspace.tui.panes.time.prompts import TimePrompt
        from teamspace.tui.panes.time.suggest import SuggestScreen
        from teamspace.tui.screens.help import bindings_of

        return [*super().help_sections(title),
                ("Suggested entries", bindings_of(SuggestScreen)),
                ("Time prompt", bindings_of(TimePrompt))]

    # ------------------------------------------------------------------ plumbing
    def main_widget(self) -> Widget:
        """The entry list takes the keyboard."""
        return self.entry_list()

    def side_widget(self) -> Widget:
        """Who is timing, hours by project, the heat map (ctrl+b): scrolls."""
        return self.query_one("#time-side", VerticalScroll)

    def entry_list(self) -> EntryList:
        """The list of my entries."""
        return self.query_one("#time-entries", EntryList)

    def current_entry(self) -> Entry | None:
        """The entry under the cursor (a toast if none)."""
        entry = self.entry_list().current
        if entry is None:
            self.notify("No entry selected.", severity="warning", markup=False)
        return entry

    def tick(self) -> None:
        """Advance the running timer's elapsed time (and everyone's) by the clock."""
        self.query_one("#time-timer", TimerLine).tick()
        if self.data is not None and self.data.timers:
            self._show_team(self.data)

    def _view_changed(self) -> None:
        self.reload()

    watch_week = watch_mine_only = _view_changed

    # ------------------------------------------------------------------ the view
    def read(self) -> TimeBoard:
        """The week shown, in one unit of work."""
        return time_board.board(self.workspace, self.week, mine_only=self.mine_only)

    def show(self, data: TimeBoard) -> None:
        """Fill the timer, the list, the grid and the charts."""
        self.data = data
        self.project_names = data.project_names
        self.query_one("#time-timer", TimerLine).set_entry(data.running)
        rows: list[Entry | Text] = []
        by_day: dict[date, list[Entry]] = {}
        for entry in data.entries:
            by_day.setdefault(time_clock.local_day(entry.start()), []).append(entry)
        now = self.clock()
        for day in sorted(by_day, reverse=True):  # today first
            found = by_day[day]
            heading = Text(f"{'Today' if day == data.today else f'{day:%a %d %b}'}",
                           style="bold underline")
            gap(heading, hours_minutes(sum(e.seconds(now) for e in found)), "dim")
            rows.append(heading)
            rows += found
        if not rows:
            rows.append(Text("No time logged this week — s starts a timer, a logs time, "
                             "g suggests entries from what you did.", style="dim"))
        entries = self.entry_list()
        entries.flags, entries.now = data.flags, now
        entries.show(rows)
        total = sum(e.seconds(now) for e in data.entries)
        heading = Text(f"Week of {data.week:%d %b %Y}", style="bold")
        gap(heading, f"{hours_minutes(total)} logged")
        gap(heading, f"timesheet {data.sheet}",
            "yellow" if data.sheet in ("submitted", "returned") else
            "green" if data.sheet == "approved" else "dim")
        gap(heading, "[ ] weeks · g suggestions", "dim", 3)
        self.query_one("#time-heading", Static).update(heading)
        self.query_one("#time-grid", WeekGrid).show_week(data.grid, data.week, data.person,
                                                          data.today)
        self._show_team(data)
        who = "mine" if self.mine_only else "everyone"
        self.query_one("#time-bars-title", Static).update(
            Text(f"Hours by project ({who}, v switches)", style="bold underline"))
        self.query_one("#time-bars", Chart).update(bars_text(data.projects, 24))
        self.query_one("#time-heat", Chart).update(heat_text(data.heat, data.week,
                                                             data.today))

    def _show_team(self, data: TimeBoard) -> None:
        now = self.clock()
        text = Text()
        for entry in data.timers:
            text.append(f"{clean(entry.person, newlines=False):<10}", style="bold green")
            text.append_text(label(entry))
            gap(text, format_duration(entry.seconds(now)), "dim")
            text.append("\n")
        if not data.timers:
            text.append("Nobody has a timer running.", style="dim")
        self.query_one("#time-team", Chart).update(text)

    # ------------------------------------------------------------------ writes
    def written(self, event: WriteDone) -> None:
        """Remember how to undo a delete or a cancel."""
        undo = event.extra.get("undo")
        if undo is not None and not event.queued:
            entry_id = undo if isinstance(undo, int) and undo is not True else \
                (event.result or {}).get("id")
            if entry_id:
                self.undo_stack.append(int(entry_id))


PANE = TimePane
