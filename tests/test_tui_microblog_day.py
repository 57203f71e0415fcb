"""Issue 12 in the Microblog pane, with bursts of keys as a laggy link delivers them: a
private message started from the Private view (it asks for recipients), who reacted to
a post, and a post's edit history (h)."""

from __future__ import annotations

from textual.widgets import Static

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.tui.app import build_app
from teamspace.tui.panes.microblog.history import HistoryScreen
from teamspace.tui.panes.microblog.pickers import RecipientPrompt
from teamspace.tui.widgets.composer import Composer

from tui_support import burst, settle, shown_ids, stream, team

SIZE = (110, 34)


def plain_of(prompt: object) -> str:
    return str(getattr(prompt, "plain", prompt))


async def test_a_private_message_from_the_private_view(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p", "c")
        await settle(pilot)
        assert isinstance(app.screen, RecipientPrompt)
        await burst(pilot, *"bob, nobody", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RecipientPrompt)  # an unknown name: said, kept
        assert "no member called nobody" in plain_of(
            app.screen.query_one("#recipient-hint", Static).content)
        app.screen.query_one("#recipient-input").value = ""  # type: ignore[attr-defined]
        await burst(pilot, *"@bob", "enter")
        await settle(pilot)
        composer = app.query_one(Composer)
        assert not isinstance(app.screen, RecipientPrompt)
        assert "Private message to bob" in plain_of(
            composer.query_one("#composer-mode").render())
        await burst(pilot, *"just between us", "ctrl+s")
        await settle(pilot)
        [sent] = feed.feed(ws["bob"], view="private")
        assert (sent.text, sent.visibility, sorted(sent.recipients)) == (
            "just between us", "private", ["anna", "bob"])
        assert feed.feed(ws["chen"]) == [] and shown_ids(app) == [sent.id]
        assert composer.text == ""
        # The next message in this view goes to the same people without asking again.
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, RecipientPrompt)
        assert app.screen.query_one("#recipient-input").value == "bob"  # type: ignore[attr-defined]


async def test_who_reacted_and_the_edit_history(workspace: Workspace) -> None:
    ws = team(workspace)
    post_id = posts.create_post(ws["anna"], text="first words")
    posts.edit_post(ws["anna"], post_id=post_id, text="second [bold]words[/]")
    for name in ("bob", "chen"):
        posts.react(ws[name], post_id=post_id, emoji="🎉")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "🎉 bob, chen" in plain_of(stream(app).get_option_at_index(0).prompt)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        body = plain_of(app.screen.query_one("#history-body", Static).content)
        assert "Version 1" in body and "first words" in body
        assert "Version 2" in body and "second [bold]words[/]" in body
        assert body.index("first words") < body.index("second [bold]words[/]")
        assert "bob reacted 🎉" in body
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)
        # In the thread too: who reacted, and h.
        await pilot.press("enter")
        await settle(pilot)
        thread = app.screen.query_one("#thread-posts")
        assert "🎉 bob, chen" in plain_of(thread.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_on_a_short_terminal_the_idle_composer_leaves_the_room_to_the_feed(
        workspace: Workspace) -> None:
    """At 80x24 the composer not in use is its mode line and one line of text (a
    draft shows whole); with the focus it opens up with its hint and Send button; on a
    tall terminal it stays open."""
    for number in range(12):
        posts.create_post(workspace, text=f"post {number}")
    for size, short in (((80, 24), True), ((120, 40), False)):
        app = build_app(workspace, watch=False)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            composer = app.query_one(Composer)
            bar = app.query_one("#composer-bar")
            idle = composer.region.height
            assert (idle <= 3) is short and bar.display is not short, (size, idle)
            await pilot.press("c", *"first", "enter", *"second")
            await settle(pilot)
            assert composer.text_area.has_focus and bar.display
            assert bar.region.height == 1 and composer.region.bottom <= app.screen.region.bottom
            opened = composer.region.height
            await pilot.press("escape")
            await settle(pilot)
            assert composer.text == "first\nsecond"  # the draft stays
            assert not composer.text_area.has_focus
            if short:
                assert composer.region.height == 4 < opened and not bar.display
                # every line of the draft is still in view
                assert composer.text_area.region.height == 2
