"""Task alerts made while the TUI was closed are told when it starts: a toast each when
there are a few, one summary when many, the Tasks tab counting them until the pane is
viewed; only then does the member's mark in the workspace move, so a second start tells
nothing again (and a start before viewing tells them again)."""

from __future__ import annotations

from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import alerts, tasks
from teamspace.tui.app import TeamspaceApp, build_app

from tui_support import settle, team, until

SIZE = (130, 36)
HOSTILE = "Budget \x1b]0;owned\x07[bold]now[/] \u202eevil"


def tab_label(app: TeamspaceApp) -> str:
    return str(app.query_one("#tabs").get_tab("tasks").label)  # type: ignore[attr-defined]


def task_toasts(app: TeamspaceApp) -> list[tuple[str, str]]:
    return [(str(n.title), n.message) for n in app._notifications
            if "you" in str(n.title) or "task alerts" in str(n.title)]




async def test_a_few_alerts_from_while_closed_are_toasted_and_counted_until_viewed(
        workspace: Workspace) -> None:
    ws = team(workspace)
    budget = tasks.add_task(ws["bob"], title=HOSTILE, assignee="anna")  # app not running
    tasks.add_comment(ws["chen"], task_id=budget, text="@anna numbers by Friday?")
    tasks.add_task(ws["bob"], title="Someone else's", assignee="chen")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: len(task_toasts(app)) == 2)
        (title1, message1), (title2, message2) = task_toasts(app)
        assert title1 == f"bob assigned you #{budget}" and title2.startswith("chen mentioned")
        assert "\x1b" not in message1 and "\u202e" not in message1
        assert "[bold]now[/]" in message1 and message2 == "@anna numbers by Friday?"
        assert await until(pilot, lambda: tab_label(app) == "Tasks (2)")
        await settle(pilot)
        assert alerts.backlog(ws["anna"]).seen is None  # told, not yet seen
        await pilot.press("2")
        assert await until(pilot, lambda: alerts.backlog(ws["anna"]).alerts == [])
        assert tab_label(app) == "Tasks"
    app = build_app(ws["anna"], watch=False)  # the next morning: nothing new
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert task_toasts(app) == [] and tab_label(app) == "Tasks"


async def start_with_many(anna: Workspace, made: list[int], *, view: bool) -> None:
    """Start the app on five unseen alerts; view them (press 2) if ``view``."""
    app = build_app(anna, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: tab_label(app) == "Tasks (5)")
        await settle(pilot)
        [(title, message)] = task_toasts(app)
        assert title == "5 task alerts while you were away"
        assert message == (f"chen assigned you #{made[0]} “Job 0 [i]x[/i]”; "
                           f"bob assigned you #{made[1]} “Job 1 [i]x[/i]”; "
                           f"chen assigned you #{made[2]} “Job 2 [i]x[/i]”; and 2 more")
        assert alerts.backlog(anna).seen is None
        if view:
            await pilot.press("2")
            assert await until(pilot, lambda: alerts.backlog(anna).seen is not None)
            assert tab_label(app) == "Tasks"


async def test_many_alerts_come_as_one_summary_and_stay_unseen_until_viewed(
        workspace: Workspace) -> None:
    ws = team(workspace)
    made = [tasks.add_task(ws["bob" if n % 2 else "chen"], title=f"Job {n} [i]x[/i]",
                           assignee="anna") for n in range(5)]
    for view in (False, True):  # quit unviewed: the next start tells them again
        await start_with_many(ws["anna"], made, view=view)
    assert alerts.backlog(ws["anna"]).alerts == []


async def test_alerts_in_view_are_seen_at_once(workspace: Workspace) -> None:
    """Live, with the Tasks pane in view: the toast is the seeing; the mark follows."""
    ws = team(workspace)
    app = build_app(ws["anna"])  # watching the file, as a real session does
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one("#tasks-pane")
        assert await until(pilot, lambda: pane.alert_mark is not None)  # type: ignore[attr-defined]
        await pilot.press("2")
        assert await until(pilot, lambda: app.visible_pane() is pane)
        job = tasks.add_task(ws["bob"], title="Now", assignee="anna")
        assert await until(pilot, lambda: (f"bob assigned you #{job}", "Now")
                           in task_toasts(app))
        assert await until(pilot, lambda: alerts.backlog(ws["anna"]).seen is not None)
        assert alerts.backlog(ws["anna"]).alerts == [] and tab_label(app) == "Tasks"


async def test_a_mark_far_behind_moves_on_a_look_even_without_alerts(
        workspace: Workspace, monkeypatch: Any) -> None:
    from teamspace.tui.panes.tasks import alerts as tui_alerts

    monkeypatch.setattr(tui_alerts, "MARK_LAG", 2)
    ws = team(workspace)
    for n in range(3):
        tasks.add_task(ws["bob"], title=f"Not for anna {n}", assignee="chen")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert alerts.backlog(ws["anna"]).seen is None  # hidden: nothing written
        await pilot.press("2")
        assert await until(pilot, lambda: alerts.backlog(ws["anna"]).seen is not None)
        assert task_toasts(app) == [] and tab_label(app) == "Tasks"


def test_a_burst_while_running_is_summed_up_too() -> None:
    from teamspace.store.tasks.alerts import TaskAlert
    from teamspace.tui.panes.tasks.alerts import summary

    burst = [TaskAlert(n, n, f"T{n}\x1b[2J", "bob", "assigned", "") for n in range(1, 5)]
    assert summary(burst, away=False) == (
        "4 new task alerts", "bob assigned you #1 “T1\ufffd[2J”; bob assigned you #2 "
        "“T2\ufffd[2J”; bob assigned you #3 “T3\ufffd[2J”; and 1 more")
    assert summary(burst[:3], away=True)[0] == "3 task alerts while you were away"
