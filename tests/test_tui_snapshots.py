"""SVG snapshots of the Microblog pane at a fixed size (review any change by eye).

Update with: .venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest

from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts
from teamspace.tui.app import build_app

from tui_support import team

SIZE = (100, 30)


@pytest.fixture
def busy(workspace: Workspace) -> Workspace:
    """A small, deterministic conversation."""
    ws = team(workspace)
    ws["anna"].set_meta("name", "Snapshot team")
    groups.create_group(ws["bob"], name="dev")
    posts.create_post(ws["chen"], text="Morning all! Coffee is on in the kitchen.")
    root = posts.create_post(ws["bob"], text="@anna can you review the release notes? #release")
    posts.create_post(ws["chen"], text="I can help too", reply_to=root)
    posts.create_post(ws["bob"], text="lunch at 12?", to=["anna"])
    posts.create_post(ws["bob"], text="[bold]not markup[/bold] \x1b[31mnot red", group="dev")
    posts.react(ws["chen"], post_id=root, emoji="+1")
    return ws["anna"]


async def _settled(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_stream(busy: Workspace, snap_compare: Any) -> None:
    assert snap_compare(build_app(busy, watch=False), terminal_size=SIZE,
                        run_before=_settled)


def test_thread(busy: Workspace, snap_compare: Any) -> None:
    async def open_thread(pilot: Any) -> None:
        await _settled(pilot)
        stream = pilot.app.query_one("#stream")
        stream.highlighted = [p.id for p in stream.posts].index(2)
        await pilot.press("enter")
        await _settled(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # a picture taken mid-blink differs run to run
        await _settled(pilot)

    assert snap_compare(build_app(busy, watch=False), terminal_size=SIZE,
                        run_before=open_thread)


def test_help(busy: Workspace, snap_compare: Any) -> None:
    assert snap_compare(build_app(busy, watch=False), terminal_size=(100, 50),
                        press=["question_mark"], run_before=_settled)
