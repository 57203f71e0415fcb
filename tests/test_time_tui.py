"""The Time pane driven with Pilot: a ticking timer (the pane's clock is injected,
nothing sleeps), start/stop/continue/cancel keys, logging and fixing entries, today's
and the week's entries, the person × day grid, the charts, week navigation, submitting,
the suggestion review screen, a colleague's timer appearing live, hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from textual.binding import Binding

from teamspace.dates import to_text
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.time import clock, entries, interop, sheets, timers
from teamspace.tui.app import build_app
from teamspace.tui.panes.time.charts import Chart
from teamspace.tui.panes.time.pane import TimePane
from teamspace.tui.panes.time.prompts import TimePrompt
from teamspace.tui.panes.time.suggest import SuggestScreen
from teamspace.tui.panes.time.widgets import EntryList, TimerLine

from tui_support import settle, team, until

BACKENDS = ("sqlite", "postgres")  # the TUI on a server too

SIZE = (150, 44)


def pane(app) -> TimePane:  # type: ignore[no-untyped-def]
    return app.query_one(TimePane)  # type: ignore[no-any-return]


def text_of(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one(selector).render())


def shown(app) -> list[int]:  # type: ignore[no-untyped-def]
    return [e.id for e in app.query_one(EntryList).items]


async def open_time(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)


async def test_the_timer_ticks_by_the_injected_clock(workspace: Workspace) -> None:
    projects.create_project(workspace, name="acme")
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1, minutes=5)
    timers.start_timer(workspace, project="acme", tags=["dev"], at=to_text(started))
    fake = [started + timedelta(hours=1, minutes=5)]
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        pane(app).clock = lambda: fake[0]
        await open_time(pilot)
        line = app.query_one(TimerLine)
        assert "● acme +dev  1:05:00  since" in str(line.render())
        fake[0] += timedelta(seconds=9)
        pane(app).tick()  # what the one-second interval calls
        await pilot.pause()
        assert "1:05:09" in str(line.render())
        fake[0] += timedelta(hours=11)  # forgotten: over 12 hours
        pane(app).tick()
        await pilot.pause()
        assert "12:05:09" in str(line.render()) and "⚠ over 12h" in str(line.render())


async def test_start_stop_continue_cancel_keys(workspace: Workspace) -> None:
    projects.create_project(workspace, name="acme")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_time(pilot)
        assert "no timer running" in str(app.query_one(TimerLine).render())
        await pilot.press("s", *"acme +dev +review", "enter")
        await settle(pilot)
        running = timers.running(workspace, "anna")
        assert running is not None and running.tags == ["dev", "review"]
        assert "● acme +dev +review" in str(app.query_one(TimerLine).render())
        assert shown(app) == [running.id]
        await pilot.press("x")
        await settle(pilot)
        assert timers.running(workspace, "anna") is None
        assert "no timer running" in str(app.query_one(TimerLine).render())
        await pilot.press("c")
        await settle(pilot)
        again = timers.running(workspace, "anna")
        assert again is not None and again.project == "acme"
        await pilot.press("X")
        await settle(pilot)
        assert timers.running(workspace, "anna") is None
        await pilot.press("u")  # the cancelled timer comes back
        await settle(pilot)
        assert timers.running(workspace, "anna") is not None
        await pilot.press("s", *"nowhere", "enter")  # a failed start changes nothing
        await settle(pilot)
        assert any("no project 'nowhere'" in n.message for n in app._notifications)
        assert timers.running(workspace, "anna").project == "acme"  # type: ignore[union-attr]


async def test_log_fix_and_delete_entries_today_and_this_week(workspace: Workspace) -> None:
    projects.create_project(workspace, name="acme")
    projects.create_project(workspace, name="Beta")
    today = clock.local_now().date()
    monday = clock.week_start(today)
    earlier = None
    if today != monday:  # something on an earlier day of this week
        start = clock.at_local(monday, datetime(2000, 1, 1, 9).time())
        earlier = entries.add_entry(workspace, project="Beta", started_at=to_text(start),
                                    ended_at=to_text(start + timedelta(hours=2)))["id"]
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_time(pilot)
        await pilot.press("a", *"20m acme +call", "enter")
        await settle(pilot)
        [mine] = [e for e in interop_all(workspace) if e.project == "acme"]
        assert mine.seconds(datetime.now(UTC)) == 1200 and mine.tags == ["call"]
        assert shown(app)[0] == mine.id  # today first, then the week's earlier days
        if earlier:
            assert shown(app) == [mine.id, earlier]
        rows = [str(o.prompt) for o in app.query_one(EntryList).options]
        assert rows[0].startswith("Today")
        await pilot.press("n", *"with [b]bob[/b]", "enter")
        await settle(pilot)
        assert interop_all(workspace)[-1].note == "with [b]bob[/b]"
        assert "with [b]bob[/b]" in rows_text(app)  # shown literally, never as markup
        entries.edit_entry(workspace, entry_id=mine.id, changes={"note": "x \x1b[31m y"})
        app.action_refresh()
        await settle(pilot)
        assert "x \ufffd[31m y" in rows_text(app) and "\x1b" not in rows_text(app)
        await pilot.press("m", *["backspace"] * 4, *"Beta", "enter")
        await settle(pilot)
        assert next(e for e in interop_all(workspace) if e.id == mine.id).project == "Beta"
        await pilot.press("d")
        await settle(pilot)
        assert mine.id not in [e.id for e in interop_all(workspace)]
        await pilot.press("u")
        await settle(pilot)
        assert mine.id in [e.id for e in interop_all(workspace)]
        await pilot.press("a", *"45 acme", "enter")  # no unit: refused, nothing written
        await settle(pilot)
        assert any("needs a unit" in n.message for n in app._notifications)


def interop_all(ws: Workspace) -> list[entries.Entry]:
    return ws.read(lambda s: interop.select_all(s, "anna"))


def rows_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(o.prompt) for o in app.query_one(EntryList).options)


async def test_week_grid_charts_navigation_and_submit(workspace: Workspace) -> None:
    ws = team(workspace)
    projects.create_project(ws["anna"], name="acme")
    projects.create_project(ws["anna"], name="Beta")
    monday = clock.week_start(clock.local_now().date()) - timedelta(days=7)
    for user, day, hour, hours, project in [("anna", 0, 9, 2, "acme"), ("anna", 1, 13, 3, "Beta"),
                                            ("bob", 2, 8, 4, "acme")]:
        start = clock.at_local(monday + timedelta(days=day), datetime(2000, 1, 1, hour).time())
        entries.add_entry(ws[user], project=project, started_at=to_text(start),
                          ended_at=to_text(start + timedelta(hours=hours)))
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_time(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert pane(app).week == monday and len(shown(app)) == 2
        grid = text_of(app, "#time-grid")
        assert [line.split() for line in grid.splitlines()[1:3]] == [
            ["anna", "2:00", "3:00", "·", "·", "·", "·", "·", "5:00"],
            ["bob", "·", "·", "4:00", "·", "·", "·", "·", "4:00"]]
        bars = text_of(app, "#time-bars").splitlines()
        assert bars[0].startswith("acme") and bars[0].endswith("6:00")
        assert bars[1].startswith("Beta") and bars[1].endswith("3:00")
        heat = text_of(app, "#time-heat").splitlines()
        assert heat[1].startswith("Mon") and heat[1].endswith("2:00")
        assert heat[3].startswith("Wed") and "██" in heat[3]
        await pilot.press("v")  # my time only
        await settle(pilot)
        assert text_of(app, "#time-bars").splitlines()[0].endswith("3:00")
        await pilot.press("S")
        await settle(pilot)
        assert sheets.sheet(ws["anna"], "anna", monday).status == "submitted"
        assert "timesheet submitted" in text_of(app, "#time-heading")
        await pilot.press("t")
        await settle(pilot)
        assert pane(app).week == monday + timedelta(days=7)


async def test_suggestion_review_screen(workspace: Workspace) -> None:
    projects.create_project(Workspace.open(workspace.path, user="bob"), name="acme")
    now = datetime.now(UTC)
    base = now - timedelta(hours=4)
    if clock.local_day(base) != clock.local_day(now):
        base = now - timedelta(minutes=100)

    def seed(session: Session) -> None:
        for minutes, item, changes in [(0, 1, '{"project_id": [null, 1]}'),
                                       (60, 2, '{"title": [null, "read"]}')]:
            session.execute(
                "INSERT INTO activity (at, actor, op_id, item_type, item_id, action, changes) "
                "VALUES (:at, 'anna', 'seed', 'task', :i, 'update', :c)",
                {"at": to_text(base + timedelta(minutes=minutes)), "i": item, "c": changes})

    workspace.write(seed, kind="test.seed")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_time(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestScreen) and len(screen.blocks) == 2
        assert interop_all(workspace) == []  # nothing written by looking
        assert screen.blocks[0].project == "acme" and screen.blocks[1].project is None
        await pilot.press("a")
        await settle(pilot)
        [accepted] = interop_all(workspace)
        assert accepted.project == "acme" and accepted.source == "suggest"
        assert len(screen.blocks) == 1
        await pilot.press("e")  # no project: adjust asks for one
        await settle(pilot)
        assert isinstance(app.screen, TimePrompt)
        await pilot.press("home", *"acme ", "enter")
        await settle(pilot)
        assert [e.project for e in interop_all(workspace)] == ["acme", "acme"]
        assert screen.blocks == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.query_one(TimePane), TimePane)
        assert len(shown(app)) == 2


async def test_a_colleagues_timer_appears_live(workspace: Workspace) -> None:
    ws = team(workspace)
    projects.create_project(ws["anna"], name="acme")
    app = build_app(ws["anna"])  # watching the file, as in use (so no settle: the
    async with app.run_test(size=SIZE) as pilot:  # watcher never finishes)
        await pilot.press("5")
        assert await until(pilot, lambda: "Nobody has a timer" in text_of(app, "#time-team"))
        timers.start_timer(ws["bob"], project="acme", tags=["ops"])
        assert await until(pilot, lambda: "bob" in text_of(app, "#time-team"))
        assert "acme +ops" in text_of(app, "#time-team")


def test_every_binding_has_an_id_and_a_description() -> None:
    for cls in (TimePane, SuggestScreen, TimePrompt):
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding) and binding.id and binding.description
            assert binding.id.startswith("time.")
    sections = TimePane.help_sections("Time")
    assert [title for title, _ in sections] == ["Time", "Suggested entries", "Time prompt"]


def test_chart_widgets_draw_what_they_are_given() -> None:
    from teamspace.tui.panes.time.charts import bar, bars_text, heat_text

    assert bar(1.0, 4) == "████" and bar(0.5, 4) == "██  " and bar(0.0, 3) == "   "
    assert bar(1 / 16, 2) == "▏ "
    text = bars_text([("a very long project name indeed", 7200), ("b", 3600)], 10).plain
    assert text.splitlines()[0] == "a very long proje… ██████████   2:00"
    heat = [[0.0] * 24 for _ in range(7)]
    heat[0][9], heat[0][10] = 3600.0, 900.0
    lines = heat_text(heat, date(2026, 11, 23)).plain.splitlines()
    assert lines[1].startswith("Mon · · · ██░░· ") and lines[1].endswith("1:15")
    assert lines[0].split() == ["6", "9", "12", "15", "18"]
    assert issubclass(Chart, object)


async def test_the_task_detail_shows_the_time_logged(workspace: Workspace) -> None:
    from teamspace.store.tasks import tasks

    projects.create_project(workspace, name="acme")
    task = tasks.add_task(workspace, title="Fix login", project="acme")
    start = datetime.now(UTC) - timedelta(hours=3)
    entries.add_entry(workspace, project="acme", task_id=task, started_at=to_text(start),
                      ended_at=to_text(start + timedelta(minutes=95)))
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "time     1h35m logged" in text_of(app, "#task-detail")
