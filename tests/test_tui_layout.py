"""The TUI fits the terminal and the hand (issue 12): Pilot tests on a busy workspace
(tests/layout_data.py) at the sizes people use, 50 to 200 columns.

They check geometry (every widget that matters lies inside the screen, lists keep a
usable width, nothing scrolls sideways) and where the cursor goes; the pictures are in
test_tui_layout_snapshots.py.
"""

from __future__ import annotations

import time as systime
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, OptionList

from teamspace.store.core.connection import Workspace
from teamspace.tui.app import build_app
from teamspace.tui.panes.tasks import calendar

from layout_data import seeded_file
from tui_support import settle

TODAY = date(2000, 1, 5)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Days are UTC days, and the calendar's today is Wed 5 Jan 2000."""
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    monkeypatch.setattr(calendar, "today", lambda: TODAY)
    yield
    monkeypatch.undo()
    systime.tzset()


@pytest.fixture(scope="module")
def busy_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One busy workspace for the module (seeding costs seconds); tests that write copy it."""
    yield seeded_file(str(tmp_path_factory.mktemp("layout") / "team.db"))


@pytest.fixture
def busy(busy_path: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A private copy of the busy workspace, opened as anna."""
    import shutil

    target = tmp_path / "team.db"
    shutil.copy(busy_path, target)
    ws = Workspace.open(str(target), user="anna")
    yield ws
    ws.close()


def inside(widget: Widget, screen: Widget) -> bool:
    """The widget is shown whole: its region lies within the screen's."""
    region, bounds = widget.region, screen.region
    return (region.width > 0 and region.x >= bounds.x and region.y >= bounds.y
            and region.right <= bounds.right and region.bottom <= bounds.bottom)


def no_sideways_scroll(table: DataTable[Any]) -> bool:
    """Every column of the table is in view without scrolling right."""
    return table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", [(50, 20), (80, 24), (200, 60)])
async def test_calendar_fits_starts_on_today_and_shows_what_is_overdue(
        busy: Workspace, size: tuple[int, int]) -> None:
    app = build_app(busy, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, calendar.CalendarScreen)
        grid = screen.query_one("#calendar-grid", DataTable)
        # Monday to Sunday, all in view; the title and box inside the terminal.
        assert [c.label.plain for c in grid.ordered_columns][-1].startswith("Su")
        assert no_sideways_scroll(grid)
        for part in ("#calendar-box", "#calendar-title", "#calendar-grid", "#calendar-day"):
            assert inside(screen.query_one(part), screen), part
        title = screen.query_one("#calendar-title")
        assert title.region.width >= len("January 2000")
        # The cursor starts on today, not on an empty cell before the 1st.
        assert screen.chosen_day() == TODAY
        # Overdue work from earlier months (due in December 1999) is on today's list.
        day = screen.query_one("#calendar-day", OptionList)
        listed = {day.get_option_at_index(i).id for i in range(day.option_count)}
        assert "task-1" in listed  # due Tue 28 Dec 1999
        assert "task-10" in listed  # due today
        assert "overdue" in str(title.render())
        # Two months on, then t: the cursor is back on today.
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.chosen_day() == date(2000, 3, 5)
        await pilot.press("down", "t")
        await settle(pilot)
        assert (screen.year, screen.month, screen.chosen_day()) == (2000, 1, TODAY)
        # Enter lists the day, enter again opens the first task in the pane.
        await pilot.press("enter")
        await settle(pilot)
        assert day.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, calendar.CalendarScreen)


# The list each pane is read by, and the narrowest it may be at 50 and at 80 columns.
LISTS = {"2": "#task-list", "3": "#note-list", "4": "#link-list", "5": "#time-entries"}


@pytest.mark.parametrize("size", [(50, 20), (80, 24), (120, 40), (220, 50)])
async def test_panes_lay_out_by_the_terminal_size(busy: Workspace,
                                                  size: tuple[int, int]) -> None:
    width, _ = size
    app = build_app(busy, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        for key, selector in LISTS.items():
            await pilot.press(key)
            await settle(pilot)
            items = screen.query_one(selector)
            assert inside(items, screen), (key, items.region)
            # The list keeps most of the width: sidebars narrow or go, details go under.
            # (Notes keep three columns from 70 on: the note itself gets the most.)
            floor = ({50: 44, 80: 24, 120: 36, 220: 60} if key == "3" else
                     {50: 44, 80: 50, 120: 56, 220: 90})[width]
            assert items.region.width >= floor, (key, items.region.width)
        await pilot.press("2")
        await settle(pilot)
        task_list = screen.query_one("#task-list", OptionList)
        # One line per task, however long its title.
        assert set(task_list._heights.values()) == {1}
        side = screen.query_one("#task-side")
        if width < 70:
            assert not side.display or side.region.width == 0  # the sidebar goes
        elif width >= 160:
            assert side.region.width >= 36  # room for "Release 2.4 of the desktop client"
        # The add form: every field shows its placeholder whole (under 60 columns the
        # due date's examples are shorter).
        await pilot.press("a")
        await settle(pilot)
        for field in screen.query("#taskform-fields Input").results(Input):
            assert inside(field, screen)
            assert field.region.width >= len(field.placeholder) + 2, field.id
        # The footer tightens on terminals under 160 columns.
        assert screen.query_one(Footer).compact is (width < 160)
