"""The side-panel key (ctrl+b, f2) on a busy workspace (tests/layout_data.py): under 70
columns the side column (projects, notebooks, tags, the Time team side) is hidden by
the layout, and the key is the one way to pick a project there; from 70 on it only
moves the focus.  Also what else must fit 50 columns: the Time week grid (all seven
days) and the task form's due examples.  The pictures are in
test_tui_side_panel_snapshots.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList

from teamspace.store.core.connection import Workspace
from teamspace.tui.app import TeamspaceApp, build_app
from teamspace.tui.pane import Pane
from teamspace.tui.panes.tasks.form import FIELDS, SHORT_DUE
from teamspace.tui.panes.time.pane import TimePane
from teamspace.tui.widgets.itemlist import ItemList

from layout_data import seeded_file
from tui_support import settle

pytestmark = pytest.mark.usefixtures("utc_days")  # days are UTC days


@pytest.fixture(scope="module")
def busy_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One busy workspace for the module (seeding costs seconds); nothing here writes."""
    yield seeded_file(str(tmp_path_factory.mktemp("side") / "team.db"))


@pytest.fixture
def busy(busy_path: str) -> Iterator[Workspace]:
    """The busy workspace, opened as anna."""
    ws = Workspace.open(busy_path, user="anna")
    yield ws
    ws.close()


# tab key -> (side widget, list, what an option id names, does an item match it)
Match = Callable[[Any, str], bool]
PICKERS: dict[str, tuple[str, str, str, Match]] = {
    "2": ("#task-projects", "#task-list", "p:", lambda task, name: task.project == name),
    "3": ("#notes-books", "#note-list", "b:", lambda note, name: note.notebook == name),
    "4": ("#link-tags", "#link-list", "t:", lambda link, name: name in link.tags),
}


def pane_of(app: TeamspaceApp) -> Pane:
    """The pane shown."""
    pane = app.visible_pane()
    assert pane is not None
    return pane


def footer_text(app: TeamspaceApp) -> str:
    """The keys the footer offers now."""
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.children)


def covers(widget: Widget, app: TeamspaceApp) -> bool:
    """The widget spans the terminal's whole width."""
    return widget.region.width == app.size.width


def hidden(widget: Widget) -> bool:
    """Not drawn (display none, or laid out to nothing)."""
    return widget.region.width == 0 or widget.region.height == 0


async def pick(pilot: Any, key: str, narrow: bool, opener: str, entry: int,
               how: str) -> str:
    """Open the side panel of pane ``key`` with ``opener``, go to entry ``entry`` (0 is
    "All"), leave with ``how`` (enter or escape): the list, with the keyboard, shows
    that entry's items only.  Returns the entry's name."""
    app: TeamspaceApp = pilot.app
    side_id, list_id, prefix, matches = PICKERS[key]
    side, items = app.query_one(side_id, OptionList), app.query_one(list_id, ItemList)
    await pilot.press(opener, "home", *["down"] * entry)
    await settle(pilot)
    pane = pane_of(app)
    assert app.focused is side
    column = pane.side_column()
    assert column is not None
    if narrow:  # shown in the pane's place, full width; the list makes way
        assert pane.side_open and covers(column, app) and hidden(items)
    else:  # it was there already: only the focus moved
        assert not pane.side_open and not hidden(items) and not covers(column, app)
    option_id = side.get_option_at_index(side.highlighted or 0).id
    assert option_id is not None and option_id.startswith(prefix)
    name = option_id.removeprefix(prefix)
    await pilot.press(how)
    await settle(pilot)
    assert app.focused is items and not pane.side_open and not hidden(items)
    assert hidden(column) if narrow else not hidden(column)
    chosen = list(items.items)
    assert chosen and all(matches(item, name) for item in chosen), (key, name)
    if key == "2":  # the filter bar names the project (the sidebar may be hidden)
        assert name in str(app.query_one("#task-filters").render())
    return name


@pytest.mark.parametrize("size", [(50, 20), (60, 24), (120, 40)])
async def test_narrow_terminals_pick_with_the_side_panel_and_see_the_week(
        busy: Workspace, size: tuple[int, int]) -> None:
    """Each pane's side panel; the Time grid's seven days; the due examples."""
    narrow = size[0] < 70
    app = build_app(busy, watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # The Microblog has no side column: the key is not offered there, and does
        # nothing.
        assert app.check_action("side_panel", ()) is False
        assert "Side panel" not in footer_text(app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "stream"
        for key, (_, list_id, _, matches) in PICKERS.items():
            await pilot.press(key)
            await settle(pilot)
            assert app.check_action("side_panel", ()) is True
            if not narrow:  # the footer is cut on narrow terminals (? lists it)
                assert "Side panel" in footer_text(app)
            # enter picks an entry; esc leaves with what is highlighted picked; f2 is
            # the same key (for tmux, whose prefix ^b is).
            everything = list(app.query_one(list_id, ItemList).items)
            for opener, entry, how in (("ctrl+b", 1, "enter"), ("f2", 2, "escape")):
                name = await pick(pilot, key, narrow, opener, entry, how)
                assert not all(matches(item, name) for item in everything)  # it filtered
        # Time: who is timing, the hours by project and the heat map; esc returns.
        await pilot.press("5")
        await settle(pilot)
        time_pane = app.query_one(TimePane)
        side, entries = app.query_one("#time-side"), time_pane.entry_list()
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.focused is side and not hidden(side)
        if size[1] < 30:  # short terminals hide the team side: it takes the pane
            assert time_pane.side_open and hidden(entries)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is entries and not time_pane.side_open and not hidden(entries)
        time_pane.week = date(2000, 1, 3)
        await settle(pilot)
        week_fits(app, narrow)
        await pilot.press("2", "a")
        await settle(pilot)
        due_fits(app, size[0])


async def test_the_side_panel_goes_when_the_focus_leaves(busy: Workspace) -> None:
    """The key works while typing in a filter: esc goes back there, the text kept;
    another tab puts the pane's parts back."""
    app = build_app(busy, watch=False)
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"site")
        await settle(pilot)
        search = app.query_one("#task-search", Input)
        assert search.has_focus
        await pilot.press("ctrl+b")
        await settle(pilot)
        tasks = pane_of(app)
        assert tasks.side_open and app.focused is app.query_one("#task-projects")
        # esc: back in the filter, typing on.
        await pilot.press("escape", "s")
        await settle(pilot)
        assert not tasks.side_open and search.has_focus and search.value == "sites"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert tasks.side_open
        await pilot.press("4")  # a digit in an OptionList switches the tab
        await settle(pilot)
        assert not tasks.side_open
        await pilot.press("2")
        await settle(pilot)
        assert app.focused is tasks.main_widget() and not hidden(tasks.main_widget())
        # The Time grid follows the width: narrow at 50, the full one once wider.
        await pilot.press("5")
        await settle(pilot)
        grid = app.query_one("#time-grid")
        assert "Su" in str(grid.render()) and "Sun" not in str(grid.render())
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Sun " in str(grid.render())


def week_fits(app: TeamspaceApp, narrow: bool) -> None:
    """The Time grid shows all seven days and the totals within its width."""
    grid = app.query_one("#time-grid")
    lines = str(grid.render()).splitlines()
    room = grid.content_region.width
    assert lines and all(len(line) <= room for line in lines), (room, lines)
    if narrow:
        assert lines[0].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Total"]
    else:
        assert [f"{day} {n}" for n, day in enumerate(
            ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), start=3)] == \
            [" ".join(pair) for pair in zip(*[iter(lines[0].split()[:14])] * 2, strict=True)]
        assert lines[0].rstrip().endswith("Total")
    # anna's week (5:30 + 4:00 + 2:30) and everyone's, in the format that fits.
    anna = next(line for line in lines if line.startswith("anna"))
    assert anna.split()[-1] == ("12.0" if narrow else "12:00")
    assert lines[-1].split()[-1] == ("28.0" if narrow else "28:00")


def due_fits(app: TeamspaceApp, width: int) -> None:
    """The task form's fields show their examples whole; the due field's are cut short
    at 50 columns (its field has 23), whole from 60 on (28)."""
    due = app.query_one("#taskform-due", Input)
    full = next(text for name, text, _ in FIELDS if name == "due")
    assert due.placeholder == (SHORT_DUE if width < 60 else full)
    for field in app.screen.query("#taskform-fields Input").results(Input):
        assert len(field.placeholder) <= field.content_region.width, field.id
