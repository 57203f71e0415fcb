"""Units of work per change, per client: one read for the visible pane, none for hidden
panes until they are shown, and a client's own write read once (not twice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import TabbedContent

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts
from teamspace.store.tasks import tasks
from teamspace.tui.app import TeamspaceApp, build_app
from teamspace.tui.widgets.composer import Composer

from tui_support import shown_ids, team, until


def count_reads(ws: Workspace) -> list[str]:
    """Record every read unit of work ``ws`` runs (its lock-taking transactions)."""
    seen: list[str] = []
    unit: Callable[..., Any] = ws._unit

    def counted(fn: Callable[..., Any], **kwargs: Any) -> Any:
        if not kwargs["write"]:
            seen.append(kwargs["purpose"])
        return unit(fn, **kwargs)

    ws._unit = counted  # type: ignore[method-assign]
    return seen


async def quiet(pilot: Any, app: TeamspaceApp) -> None:
    """Let the watcher report everything and every other worker finish."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(6):
        await pilot.pause(0.15)
        for worker in [w for w in app.workers if w.group != "watch"]:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass
        await pilot.pause()


async def test_a_colleagues_change_costs_one_read_on_the_visible_pane(
        workspace: Workspace) -> None:
    ws = team(workspace)
    first = posts.create_post(ws["bob"], text="older")
    posts.mark_read(ws["anna"], everything=True)
    app = build_app(ws["anna"])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: shown_ids(app) == [first])
        await quiet(pilot, app)
        reads = count_reads(ws["anna"])
        microblog, tasks_pane = app.panes()[:2]  # the first two tabs (more panes follow)
        before = (microblog.loads, tasks_pane.loads)

        new = posts.create_post(ws["bob"], text="hello")  # another client writes
        assert await until(pilot, lambda: shown_ids(app) == [new, first])
        await quiet(pilot, app)
        assert len(reads) == 1, reads
        assert (microblog.loads, tasks_pane.loads) == (before[0] + 1, before[1])
        assert tasks_pane.stale  # hidden: marked, not read

        tasks.add_task(ws["bob"], title="also hidden")  # a second change while hidden
        await quiet(pilot, app)
        assert len(reads) == 2 and tasks_pane.loads == before[1]

        app.query_one("#tabs", TabbedContent).active = "tasks"  # shown: catches up once
        await quiet(pilot, app)
        assert len(reads) == 3 and tasks_pane.loads == before[1] + 1
        assert not tasks_pane.stale


async def test_a_burst_of_changes_is_read_at_most_twice(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"])
    async with app.run_test(size=(100, 30)) as pilot:
        await quiet(pilot, app)
        reads = count_reads(ws["anna"])
        burst = [posts.create_post(ws["bob"], text=f"b{n}") for n in range(8)]
        assert await until(pilot, lambda: shown_ids(app)[:1] == [burst[-1]])
        await quiet(pilot, app)
        assert 1 <= len(reads) <= 3, reads  # not one read per commit


async def test_my_own_write_is_read_once(workspace: Workspace) -> None:
    ws = team(workspace)
    posts.create_post(ws["bob"], text="older")
    posts.mark_read(ws["anna"], everything=True)
    app = build_app(ws["anna"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", *"mine")  # opening the composer reads the tags once
        await quiet(pilot, app)
        reads = count_reads(ws["anna"])
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(shown_ids(app)) == 2)
        await quiet(pilot, app)
        assert app.query_one(Composer).text == ""
        assert len(reads) == 1, reads
