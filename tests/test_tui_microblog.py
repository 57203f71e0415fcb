"""The Microblog pane and the TUI shell, driven with Textual's Pilot."""

from __future__ import annotations

from textual.widgets import TabbedContent

from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.tui.app import build_app
from teamspace.tui.widgets.composer import Composer

from tui_support import settle, shown_ids, stream, team

BACKENDS = ("sqlite", "postgres")  # the TUI on a server too

async def test_stream_shows_posts_newest_first_with_unread(workspace: Workspace) -> None:
    ws = team(workspace)
    made = [posts.create_post(ws["bob"], text=f"post {n}") for n in range(3)]
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_ids(app) == list(reversed(made))
        # The post under the cursor is marked read once the cursor rests on it (0.8 s;
        # a busy machine may get there before this line): the others stay unread.
        assert all(p.unread for p in stream(app).posts[1:])
        assert app.focused is stream(app)


async def test_hostile_text_is_shown_literally(workspace: Workspace) -> None:
    ws = team(workspace)
    posts.create_post(ws["bob"], text="[bold red]fake[/] \x1b[2J\x1b]0;title\x07 \u202edone")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        prompt = stream(app).get_option_at_index(0).prompt
        plain = getattr(prompt, "plain", str(prompt))
        assert "[bold red]fake[/]" in plain
        assert "\x1b" not in plain and "\x07" not in plain and "\u202e" not in plain


async def test_compose_and_send_with_ctrl_s(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"hi @b", "tab", *"#rel", "ctrl+s")
        await settle(pilot)
        [sent] = feed.feed(ws["bob"])
        assert sent.text == "hi @bob #rel" and sent.mentions == ["bob"]
        assert app.query_one(Composer).text == ""
        assert shown_ids(app) == [sent.id]


async def test_send_button_and_failed_send_keeps_text(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"hello @nobody")
        await pilot.click("#composer-send")
        await settle(pilot)
        composer = app.query_one(Composer)
        assert composer.text == "hello @nobody"  # nothing lost
        assert feed.feed(ws["bob"]) == []
        assert any("unknown user @nobody" in n.message for n in app._notifications)


async def test_reply_edit_delete_undo_react(workspace: Workspace) -> None:
    ws = team(workspace)
    mine = posts.create_post(ws["anna"], text="draft plan")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        app.query_one(Composer).text_area.select_all()
        await pilot.press(*"final plan", "ctrl+s")
        await settle(pilot)
        assert feed.get_post(ws["bob"], mine).text == "final plan"
        app.query_one(Composer).blur()
        stream(app).focus()
        await pilot.press("r", *"with a reply", "ctrl+s")
        await settle(pilot)
        assert [p.text for p in feed.thread(ws["bob"], mine)] == ["final plan", "with a reply"]
        stream(app).focus()
        stream(app).highlighted = shown_ids(app).index(mine)
        await pilot.press("plus", "3")
        await settle(pilot)
        assert feed.get_post(ws["bob"], mine).reactions == {"🎉": ["anna"]}
        await pilot.press("d")
        await settle(pilot)
        assert mine not in [p.id for p in feed.feed(ws["bob"])]
        await pilot.press("u")
        await settle(pilot)
        assert mine in [p.id for p in feed.feed(ws["bob"])]


async def test_cannot_edit_or_delete_others_posts(workspace: Workspace) -> None:
    ws = team(workspace)
    theirs = posts.create_post(ws["bob"], text="bob's")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d", "e")
        await settle(pilot)
        assert feed.get_post(ws["bob"], theirs).text == "bob's"
        messages = [n.message for n in app._notifications]
        assert "You can only delete your own posts." in messages
        assert "You can only edit your own posts." in messages


async def test_filters_and_group_picker(workspace: Workspace) -> None:
    ws = team(workspace)
    groups.create_group(ws["bob"], name="dev")
    everyone = posts.create_post(ws["chen"], text="hello all")
    mention = posts.create_post(ws["bob"], text="ping @anna")
    private = posts.create_post(ws["bob"], text="psst", to=["anna"])
    in_group = posts.create_post(ws["bob"], text="dev stuff", group="dev")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_ids(app) == [in_group, private, mention, everyone]
        await pilot.press("m")
        await settle(pilot)
        assert shown_ids(app) == [mention]
        await pilot.press("p")
        await settle(pilot)
        assert shown_ids(app) == [private]
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown_ids(app) == [in_group]
        await pilot.press("c", *"from the pane", "ctrl+s")
        await settle(pilot)
        assert feed.feed(ws["bob"], group="dev")[0].text == "from the pane"
        stream(app).focus()
        await pilot.press("a")
        await settle(pilot)
        assert len(shown_ids(app)) == 5


async def test_thread_screen(workspace: Workspace) -> None:
    ws = team(workspace)
    root = posts.create_post(ws["bob"], text="question")
    posts.create_post(ws["chen"], text="answer", reply_to=root)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        stream(app).highlighted = shown_ids(app).index(root)
        await pilot.press("enter")
        await settle(pilot)
        thread_list = app.screen.query_one("#thread-posts")
        assert [p.text for p in thread_list.posts] == ["question", "answer"]  # type: ignore[attr-defined]
        assert feed.counts(ws["anna"]).unread == 0  # reading a thread marks it read
        await pilot.press("c", *"thanks", "ctrl+s")
        await settle(pilot)
        assert [p.text for p in feed.thread(ws["bob"], root)][-1] == "thanks"
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]


async def test_tab_label_counts_mentions_and_private_only(workspace: Workspace) -> None:
    ws = team(workspace)
    posts.create_post(ws["bob"], text="noise")
    posts.create_post(ws["bob"], text="ping @anna")
    posts.create_post(ws["chen"], text="dm", to=["anna"])
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tab = app.query_one("#tabs", TabbedContent).get_tab("microblog")
        assert str(tab.label) == "Microblog (2)"
        await pilot.press("R")
        await settle(pilot)
        assert str(tab.label) == "Microblog"


async def test_paging_loads_older_posts(workspace: Workspace) -> None:
    ws = team(workspace)
    for n in range(130):
        posts.create_post(ws["bob"], text=f"p{n}")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(shown_ids(app)) == 100
        stream(app).highlighted = 99
        await settle(pilot)
        assert len(shown_ids(app)) == 130
        assert shown_ids(app) == sorted(shown_ids(app), reverse=True)
