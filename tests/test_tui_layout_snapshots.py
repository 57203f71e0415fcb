"""SVG snapshots of every pane and main screen at 80x24, 120x40 and 200x60 (issue 12:
the TUI fits the terminal), on the busy workspace of tests/layout_data.py.  The Notes
pane has its own at the same sizes (test_notes_snapshots.py).

Deterministic: every write is stamped on a clock stopped in January 2000, the time zone
is UTC, the calendar's today and the Time pane's week are fixed.  Review any change by
eye (rsvg-convert -w 1400 X.svg -o /tmp/x.png).  Update with:
.venv/bin/python -m pytest tests/test_tui_layout_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
import time as systime
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from teamspace.store.core.connection import Workspace
from teamspace.tui.app import build_app
from teamspace.tui.panes.tasks import calendar
from teamspace.tui.panes.time.pane import TimePane

from layout_data import seeded_file
from tui_support import settle, stream

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"),
         pytest.param((200, 60), id="200x60")]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """UTC days; the calendar's today is Wed 5 Jan 2000."""
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    monkeypatch.setattr(calendar, "today", lambda: date(2000, 1, 5))
    yield
    monkeypatch.undo()
    systime.tzset()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The busy workspace, made once for the module."""
    return Path(seeded_file(str(tmp_path_factory.mktemp("snapshots") / "team.db")))


@pytest.fixture
def busy(seeded: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the busy workspace, as anna."""
    shutil.copy(seeded, tmp_path / "team.db")
    ws = Workspace.open(str(tmp_path / "team.db"), user="anna")
    yield ws
    ws.close()


async def steady(pilot: Any) -> None:
    """Text cursors stop blinking (a picture taken mid-blink would differ run to run)."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await settle(pilot)


def keys(*pressed: str) -> Callable[[Any], Awaitable[None]]:
    """Wait for the first read, press ``pressed`` one by one, each read finished."""
    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        await steady(pilot)
    return run


def snap(busy: Workspace, snap_compare: Any, size: tuple[int, int],
         run_before: Callable[[Any], Awaitable[None]]) -> None:
    """Compare the app after ``run_before`` with the stored picture."""
    assert snap_compare(build_app(busy, watch=False), terminal_size=size,
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_microblog_feed(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys())


@pytest.mark.parametrize("size", SIZES)
def test_thread(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    async def open_thread(pilot: Any) -> None:
        await settle(pilot)
        assert stream(pilot.app).select(19)  # the post with two replies and a reaction
        await settle(pilot)
        await pilot.press("enter")
        await steady(pilot)
    snap(busy, snap_compare, size, open_thread)


@pytest.mark.parametrize("size", SIZES)
def test_tasks_list(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys("2"))


@pytest.mark.parametrize("size", SIZES)
def test_task_form(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys("2", "a"))


@pytest.mark.parametrize("size", SIZES)
def test_task_calendar(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys("2", "c"))


@pytest.mark.parametrize("size", SIZES)
def test_links(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys("4"))


@pytest.mark.parametrize("size", SIZES)
def test_time(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    async def open_week(pilot: Any) -> None:
        await keys("5")(pilot)
        pilot.app.query_one(TimePane).week = date(2000, 1, 3)
        await steady(pilot)
    snap(busy, snap_compare, size, open_week)


@pytest.mark.parametrize("size", SIZES)
def test_help(busy: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    snap(busy, snap_compare, size, keys("question_mark"))


@pytest.mark.parametrize("tab", ["2", "3"], ids=["tasks", "notes"])
def test_side_panel_at_50_columns(busy: Workspace, snap_compare: Any, tab: str) -> None:
    """Under 70 columns ctrl+b shows the projects (notebooks) in the pane's place."""
    snap(busy, snap_compare, (50, 20), keys(tab, "ctrl+b", "down"))
