"""Issue 12, the first day of a real team: nothing typed is lost, however the keys
arrive; the keyboard goes where people expect."""

from __future__ import annotations

from textual.widgets import TabbedContent

from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.tui.app import build_app
from teamspace.tui.widgets.composer import Composer

from tui_support import burst, settle, shown_ids, stream, team


async def test_text_and_ctrl_s_in_one_burst_sends_all_of_it(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await burst(pilot, *"hello world", "ctrl+s")
        await settle(pilot)
        assert [p.text for p in feed.feed(workspace)] == ["hello world"]
        assert app.query_one(Composer).text == ""
        assert app.focused is stream(app)  # the next key is a command, not more text
        await pilot.press("2")
        assert app.query_one("#tabs", TabbedContent).active == "tasks"


async def test_an_edit_in_one_burst_saves_and_an_unchanged_edit_says_so(
        workspace: Workspace) -> None:
    mine = posts.create_post(workspace, text="draft")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await burst(pilot, "end", *" plan", "ctrl+s")
        await settle(pilot)
        assert feed.get_post(workspace, mine).text == "draft plan"
        await pilot.press("e", "ctrl+s")
        await settle(pilot)
        assert any(n.message == "No change." for n in app._notifications)
        assert feed.get_post(workspace, mine).version == 2


async def test_keys_typed_after_sending_are_kept_for_the_next_message(
        workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await burst(pilot, *"first", "ctrl+s", "enter", *"second")
        await settle(pilot)
        assert [p.text for p in feed.feed(workspace)] == ["first"]
        assert app.query_one(Composer).text == "second"


async def test_thread_replies_complete_names_and_q_j_k_n_escape(workspace: Workspace) -> None:
    ws = team(workspace)
    people.add_person(workspace, "bobby")
    first = posts.create_post(ws["bob"], text="one")
    second = posts.create_post(ws["bob"], text="two")
    posts.mark_read(ws["anna"], post_ids=[second])
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_ids(app) == [second, first]
        await pilot.press("j")
        assert stream(app).current_post.id == first  # type: ignore[union-attr]
        await pilot.press("k", "n")
        assert stream(app).current_post.id == first  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"thanks @bobb", "tab")
        composer = app.screen.query_one(Composer)
        assert composer.text == "thanks @bobby "
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("m", "escape")
        assert app.query_one("#microblog-pane").view == "all"  # type: ignore[attr-defined]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running
