"""Type-ahead (tui/typeahead.py): a burst of keys in one read — a key that opens an
editor, text, the send key — lands in the editor, as typed."""

from __future__ import annotations

from textual import events

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed
from teamspace.tui.app import build_app

from tui_support import settle


async def test_a_burst_that_opens_the_composer_is_posted_whole(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ["c", *"deploy done", "ctrl+s"]:  # all queued before the first is handled
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]
        await settle(pilot)
        assert [p.text for p in feed.feed(workspace)] == ["deploy done"]
