"""The cursor stays where the hand left it (issue 12): live updates do not push the
post under the cursor off screen, the "new above" divider has no unread post below it,
ticking a task keeps the cursor on it (or on the next one when it leaves the view)."""

from __future__ import annotations

from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts
from teamspace.store.tasks import tasks
from teamspace.tui.app import build_app
from teamspace.tui.panes.microblog.pane import MicroblogPane
from teamspace.tui.panes.microblog.postlist import NEW_MARKER
from teamspace.tui.panes.tasks.tasklist import TaskList
from teamspace.tui.widgets.itemlist import ItemList

from tui_support import settle, shown_ids, stream, team


def screen_line(items: ItemList[Any]) -> int:
    """Where the cursor's item starts, counted from the top of the list's view."""
    assert items.highlighted is not None
    return items._index_to_line[items.highlighted] - round(items.scroll_y)


async def test_live_posts_above_keep_the_cursor_post_in_place(workspace: Workspace) -> None:
    ws = team(workspace)
    ids = [posts.create_post(ws["bob"], text=f"post {n} " + "words " * 20) for n in range(30)]
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        posts_list = stream(app)
        posts_list.focus()
        await pilot.press(*["down"] * 6)
        await settle(pilot)
        looked = posts_list.current_post
        assert looked is not None
        line = screen_line(posts_list)
        for n in range(8):  # a burst of news above the cursor
            posts.create_post(ws["chen"], text=f"news {n}")
        app.query_one(MicroblogPane).reload()
        await settle(pilot)
        assert len(shown_ids(app)) > 30 and shown_ids(app)[0] != ids[-1]
        current = posts_list.current_post
        assert current is not None and current.id == looked.id
        assert screen_line(posts_list) == line  # same place on screen, not pushed down


async def test_new_above_divider_has_no_unread_post_below_it(workspace: Workspace) -> None:
    ws = team(workspace)
    read = posts.create_post(ws["bob"], text="read already")
    posts.mark_read(ws["anna"], post_ids=[read])
    older = [posts.create_post(ws["bob"], text=f"unread {n}") for n in range(3)]
    mine = posts.create_post(ws["anna"], text="my own post")
    newest = posts.create_post(ws["chen"], text="newest")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = [o.id for o in stream(app).options]
        divider = next(i for i, o in enumerate(stream(app).options)
                       if str(o.prompt) == NEW_MARKER.plain)
        position = {post_id: rows.index(f"post-{post_id}") for post_id in
                    (*older, mine, newest, read)}
        assert all(position[p] < divider for p in (*older, mine, newest))
        assert position[read] > divider


async def test_ticking_a_task_keeps_the_cursor_there(workspace: Workspace) -> None:
    ids = [tasks.add_task(workspace, title=f"task {n:02}", due=f"2099-01-{n + 1:02}")
           for n in range(20)]
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        task_list = app.query_one("#task-list", TaskList)
        task_list.focus()
        await pilot.press(*["down"] * 12)
        await settle(pilot)
        ticked = task_list.current_task
        assert ticked is not None and ticked.id == ids[12]
        line = screen_line(task_list)
        await pilot.press("space")
        await settle(pilot)
        # The done task left the view: the cursor is on the one after it, same place.
        assert ids[12] not in [t.id for t in task_list.tasks]
        current = task_list.current_task
        assert current is not None and current.id == ids[13]
        assert screen_line(task_list) == line
        # With done ones shown, ticking a task keeps the cursor on that task.
        await pilot.press("o")
        await settle(pilot)
        assert task_list.select(ids[15])
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        current = task_list.current_task
        assert current is not None and current.id == ids[15] and current.done
