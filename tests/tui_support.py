"""Helpers for Pilot tests of the TUI."""

from __future__ import annotations

from textual.pilot import Pilot

from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.tui.app import TeamspaceApp
from teamspace.tui.panes.microblog.postlist import PostList


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the keys sent are routed (tui/typeahead.py), every worker has
    finished and the screen has caught up."""
    typeahead = getattr(pilot.app, "_typeahead", None)
    for _ in range(1000):  # a loaded machine routes a burst slowly; 10 s at most
        if typeahead is None or not (typeahead.waiting or (
                typeahead.task is not None and not typeahead.task.done())):
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[None], condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    """Poll ``condition`` while the app runs (for live updates from another process)."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


def team(workspace: Workspace) -> dict[str, Workspace]:
    """anna (the workspace's user), bob and chen on one file."""
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    return {"anna": workspace, **{n: Workspace.open(workspace.path, user=n)
                                  for n in ("bob", "chen")}}


def stream(app: TeamspaceApp) -> PostList:
    """The Microblog pane's post list."""
    return app.query_one("#stream", PostList)


def shown_ids(app: TeamspaceApp) -> list[int]:
    """Post ids in the stream, top to bottom."""
    return [p.id for p in stream(app).posts]


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Deliver ``keys`` the way a laggy SSH link does: all queued at once, before the app
    has handled the first (Pilot's press() waits after each key)."""
    import unicodedata

    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
