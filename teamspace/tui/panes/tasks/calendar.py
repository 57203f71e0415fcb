"""The calendar view of the Tasks pane: a month grid of due dates; Enter on a day lists
its tasks.  [ and ] (or page up/down) change the month."""

from __future__ import annotations

import calendar as cal
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList
from textual.widgets.option_list import Option

from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.query import TaskView
from teamspace.tui.panes.tasks.tasklist import task_text

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass
class MonthLoaded(Message):
    """The tasks due in the month shown (or an error)."""

    year: int
    month: int
    days: dict[str, list[TaskView]]
    error: str | None = None


class CalendarScreen(ModalScreen[int | None]):
    """A month of due dates; returns the id of a task chosen from a day, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="calendar.close"),
        Binding("right_square_bracket,pagedown", "month(1)", "Next month", key_display="]",
                id="calendar.next"),
        Binding("left_square_bracket,pageup", "month(-1)", "Previous month", key_display="[",
                id="calendar.previous"),
        Binding("t", "today", "Today", id="calendar.today"),
    ]

    def __init__(self, workspace: Workspace, *, filters: dict[str, Any]) -> None:
        super().__init__()
        self.workspace = workspace
        self.filters = filters
        today = date.today()
        self.year, self.month = today.year, today.month
        self.days: dict[str, list[TaskView]] = {}
        self.weeks: list[list[int]] = []

    def compose(self) -> ComposeResult:
        """Title, grid, the chosen day's tasks."""
        with Vertical(id="calendar-box"):
            yield Label("", id="calendar-title")
            yield DataTable(id="calendar-grid", cursor_type="cell", zebra_stripes=False)
            yield OptionList(id="calendar-day")

    def on_mount(self) -> None:
        """Columns, then load this month."""
        grid = self.query_one("#calendar-grid", DataTable)
        for name in DAYS:
            grid.add_column(name, width=8, key=name)
        grid.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the month off the UI thread."""
        year, month = self.year, self.month
        try:
            days = taskquery.month_tasks(self.workspace, year, month, **self.filters)
            self.post_message(MonthLoaded(year, month, days))
        except TeamspaceError as exc:
            self.post_message(MonthLoaded(year, month, {}, str(exc)))

    def on_month_loaded(self, event: MonthLoaded) -> None:
        """Fill the grid: each day with the number of tasks due (red if any is late)."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
        if (event.year, event.month) != (self.year, self.month):
            return
        self.days = event.days
        grid = self.query_one("#calendar-grid", DataTable)
        cursor = grid.cursor_coordinate
        grid.clear()
        self.weeks = cal.Calendar().monthdayscalendar(self.year, self.month)
        today = date.today()
        for number, week in enumerate(self.weeks):
            cells = []
            for day in week:
                if not day:
                    cells.append(Text(""))
                    continue
                found = self.days.get(date(self.year, self.month, day).isoformat(), [])
                cell = Text(f"{day:>2}", style="reverse" if date(
                    self.year, self.month, day) == today else "")
                if found:
                    late = any(t.overdue for t in found)
                    cell.append(f" •{len(found)}", style="bold red" if late else "bold cyan")
                cells.append(cell)
            grid.add_row(*cells, key=f"week-{number}", height=1)
        self.query_one("#calendar-title", Label).update(
            f"{cal.month_name[self.month]} {self.year} — enter lists a day · [ ] month · "
            "t today · esc closes")
        grid.cursor_coordinate = cursor
        self.show_day()

    def chosen_day(self) -> date | None:
        """The day under the grid's cursor."""
        grid = self.query_one("#calendar-grid", DataTable)
        row, column = grid.cursor_coordinate
        if row >= len(self.weeks) or not self.weeks[row][column]:
            return None
        return date(self.year, self.month, self.weeks[row][column])

    def show_day(self) -> None:
        """List the tasks due on the chosen day."""
        day = self.chosen_day()
        options = self.query_one("#calendar-day", OptionList)
        options.clear_options()
        if day is None:
            return
        found = self.days.get(day.isoformat(), [])
        options.add_option(Option(Text(f"{day:%A %d %B}: {len(found) or 'nothing'} due",
                                       style="bold"), disabled=True))
        options.add_options([Option(task_text(t), id=f"task-{t.id}") for t in found])

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """Moving over the grid shows that day's tasks."""
        self.show_day()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Enter on a day: go into its list of tasks."""
        self.show_day()
        options = self.query_one("#calendar-day", OptionList)
        if options.option_count > 1:
            options.focus()
            options.highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a task: back to the pane with that task selected."""
        if event.option.id and event.option.id.startswith("task-"):
            self.dismiss(int(event.option.id.removeprefix("task-")))

    def action_month(self, step: int) -> None:
        """Show the next or previous month."""
        self.year, self.month = divmod(self.year * 12 + self.month - 1 + step, 12)
        self.month += 1
        self.load()

    def action_today(self) -> None:
        """Back to this month."""
        today = date.today()
        self.year, self.month = today.year, today.month
        self.load()

    def action_close(self) -> None:
        """Close (from the day list: back to the grid first)."""
        if self.query_one("#calendar-day", OptionList).has_focus:
            self.query_one("#calendar-grid", DataTable).focus()
            return
        self.dismiss(None)
