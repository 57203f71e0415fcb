"""The calendar view of the Tasks pane: a month grid of due dates; Enter on a day lists
its tasks.  [ and ] (or page up/down) change the month, t goes back to today.

The grid fits the terminal (its columns share the box's width, Monday to Sunday), the
cursor starts on today (or the same day of the month when the month changes), and open
tasks that were due before today are counted on today's cell and listed with today's
tasks, so nothing overdue hides in an earlier month.
"""

from __future__ import annotations

import calendar as cal
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList
from textual.widgets.option_list import Option

from teamspace.dates import local_now
from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.dates import readable
from teamspace.store.tasks.query import TaskView
from teamspace.tui.panes.tasks.tasklist import task_text

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
HINT = "enter: the day's tasks · [ ]: month · t: today · esc: close"
# The box's border and padding, and a cell's padding each side (DataTable's default).
BOX_CHROME = 4
CELL_PADDING = 1


def today() -> date:
    """The reader's today (a seam: tests stop the clock here)."""
    return local_now().date()


@dataclass
class MonthLoaded(Message):
    """The tasks due in the month shown, and the open ones due before today (or an error)."""

    year: int
    month: int
    days: dict[str, list[TaskView]]
    earlier: list[TaskView] = field(default_factory=list)
    error: str | None = None


def overdue_before(ws: Workspace, day: date, filters: dict[str, Any]) -> list[TaskView]:
    """Open tasks due before ``day`` (in the reader's time zone) that are overdue."""
    wanted = {k: v for k, v in filters.items() if k != "status"}
    found = taskquery.list_tasks(ws, status="open", due_before=day.isoformat(),
                                 waiting="also", limit=2000, **wanted)
    late = []
    for task in found:
        local = readable(task.due, task.due_time)
        if task.overdue and local is not None and local.date() < day:
            late.append(task)
    return late


def cell_text(day: int, count: int, late: bool, width: int, *, is_today: bool) -> Text:
    """A day's cell: its number (reversed for today) and how many tasks are due."""
    text = Text(f"{day:>2}", style="reverse" if is_today else "")
    if count:
        mark = f" •{count}" if width >= 3 + len(str(count)) + 2 else f"•{count}"
        text.append(mark, style="bold red" if late else "bold cyan")
    text.truncate(width)
    return text


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
        self.today = today()
        # The day the cursor is on (kept across months and reloads).
        self.day = self.today
        self.days: dict[str, list[TaskView]] = {}
        self.earlier: list[TaskView] = []
        self.weeks: list[list[int]] = []
        self.cell_width = 0

    @property
    def year(self) -> int:
        """The year shown."""
        return self.day.year

    @property
    def month(self) -> int:
        """The month shown."""
        return self.day.month

    def compose(self) -> ComposeResult:
        """Title, hint, grid, the chosen day's tasks."""
        with Vertical(id="calendar-box"):
            yield Label("", id="calendar-title")
            yield Label(HINT, id="calendar-hint")
            yield DataTable(id="calendar-grid", cursor_type="cell", zebra_stripes=False,
                            show_cursor=True)
            yield OptionList(id="calendar-day")

    def on_mount(self) -> None:
        """Load this month."""
        self.query_one("#calendar-grid", DataTable).focus()
        self.load()

    def on_resize(self, event: Resize) -> None:
        """The columns share the box's width: re-lay the grid when the terminal changes."""
        self.render_month()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the month (and what is overdue from before today) off the UI thread."""
        year, month = self.year, self.month
        try:
            days = taskquery.month_tasks(self.workspace, year, month, **self.filters)
            earlier = overdue_before(self.workspace, self.today, self.filters)
            self.post_message(MonthLoaded(year, month, days, earlier))
        except TeamspaceError as exc:
            self.post_message(MonthLoaded(year, month, {}, error=str(exc)))

    def on_month_loaded(self, event: MonthLoaded) -> None:
        """Keep the month read and draw it."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
        if (event.year, event.month) != (self.year, self.month):
            return
        self.days, self.earlier = event.days, event.earlier
        self.render_month()

    def _cell_width(self) -> int:
        box = self.query_one("#calendar-box")
        inner = (box.size.width or min(self.app.size.width, 78) - BOX_CHROME) - 1
        return max(2, min(12, inner // 7 - 2 * CELL_PADDING))

    def render_month(self) -> None:
        """Fill the grid: each day with the number of tasks due (red if any is late); the
        cursor goes on the chosen day."""
        grid = self.query_one("#calendar-grid", DataTable)
        width = self._cell_width()
        if width != self.cell_width:
            self.cell_width = width
            grid.clear(columns=True)
            for name in DAYS:
                grid.add_column(name[:width], width=width, key=name)
        else:
            grid.clear()
        self.weeks = cal.Calendar().monthdayscalendar(self.year, self.month)
        for number, week in enumerate(self.weeks):
            cells = []
            for day in week:
                if not day:
                    cells.append(Text(""))
                    continue
                found = self.tasks_on(date(self.year, self.month, day))
                cells.append(cell_text(day, len(found), any(t.overdue for t in found), width,
                                       is_today=date(self.year, self.month, day) == self.today))
            grid.add_row(*cells, key=f"week-{number}", height=1)
        title = Text(f"{cal.month_name[self.month]} {self.year}", style="bold")
        if self.earlier:
            title.append("  ", style="dim")  # its own span: a styled one loses its blanks
            title.append(f"{len(self.earlier)} overdue from earlier days, listed on today",
                         style="bold red")
        self.query_one("#calendar-title", Label).update(title)
        grid.cursor_coordinate = self._coordinate(self.day)
        self.show_day()

    def tasks_on(self, day: date) -> list[TaskView]:
        """The tasks a day lists: its own, and on today also those overdue from before."""
        found = self.days.get(day.isoformat(), []) if (day.year, day.month) == (
            self.year, self.month) else []
        return [*self.earlier, *found] if day == self.today else found

    def _coordinate(self, day: date) -> Coordinate:
        for row, week in enumerate(self.weeks):
            if day.day in week:
                return Coordinate(row, week.index(day.day))
        return Coordinate(0, 0)

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
        found = self.tasks_on(day)
        own = len(found) - (len(self.earlier) if day == self.today else 0)
        heading = Text(f"{day:%A %d %B}: {own or 'nothing'} due", style="bold")
        if len(found) > own:
            heading.append(f", {len(found) - own} overdue from earlier days", style="bold red")
        options.add_option(Option(heading, disabled=True))
        options.add_options([Option(task_text(t), id=f"task-{t.id}") for t in found])

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """Moving over the grid shows that day's tasks (and remembers the day)."""
        day = self.chosen_day()
        if day is not None:
            self.day = day
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

    def go_to(self, day: date) -> None:
        """Put the cursor on ``day``, reading its month if it is another one."""
        other = (day.year, day.month) != (self.year, self.month)
        self.day = day
        if other:
            self.days = {}
            self.render_month()
            self.load()
        else:
            grid = self.query_one("#calendar-grid", DataTable)
            grid.cursor_coordinate = self._coordinate(day)
            grid.focus()

    def action_month(self, step: int) -> None:
        """Show the next or previous month, on the same day of the month (or its last)."""
        year, month = divmod(self.year * 12 + self.month - 1 + step, 12)
        last = cal.monthrange(year, month + 1)[1]
        self.go_to(date(year, month + 1, min(self.day.day, last)))

    def action_today(self) -> None:
        """The cursor back on today."""
        self.go_to(self.today)

    def action_close(self) -> None:
        """Close (from the day list: back to the grid first)."""
        if self.query_one("#calendar-day", OptionList).has_focus:
            self.query_one("#calendar-grid", DataTable).focus()
            return
        self.dismiss(None)
