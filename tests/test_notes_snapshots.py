"""SVG snapshots of the Notes pane — list and viewer, editor, outline, history with its
diff — at 80×24, 120×40 and 200×60 (review any change by eye:
``rsvg-convert -w 1400 X.svg -o /tmp/x.png``).

Update with: .venv/bin/python -m pytest tests/test_notes_snapshots.py --snapshot-update
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.notes import comments, files, notebooks, notes
from teamspace.tui.app import build_app

from tui_support import team

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
PLAN = """# Offsite plan

Two days in **Lisbon**, [bold]not markup[/] and `code`.

## Agenda

- Roadmap for the next quarter
  - Search that scales
  - Notes on the share
- Hiring

## Decisions

1. Book the venue by Friday
2. Keep the budget under 8k

## Action items

- [ ] @bob book the venue due:2099-01-09
- [ ] @anna draft the agenda
"""


@pytest.fixture
def shelf(workspace: Workspace) -> Workspace:
    """Three notebooks, a few notes; the one on top has versions, tags, a file and
    comments."""
    ws = team(workspace)
    ws["anna"].set_meta("name", "Snapshot team")
    groups.create_group(ws["bob"], name="dev")
    notebooks.add_notebook(ws["anna"], name="Handbook")
    notebooks.add_notebook(ws["bob"], name="Dev log", visibility="group", group="dev")
    notebooks.add_notebook(ws["anna"], name="Ideas", visibility="private")
    notes.create_note(ws["chen"], title="Lunch places", body="- ramen\n- tacos\n",
                      notebook="Handbook", tags=["food"])
    notes.create_note(ws["bob"], title="Deploy checklist", body="1. tag\n2. ship\n",
                      notebook="Dev log", tags=["release", "ops"])
    notes.create_note(ws["anna"], title="Side project", body="a quiet idea\n",
                      notebook="Ideas")
    plan = notes.create_note(ws["anna"], title="Offsite plan", body=PLAN.replace(
        "Lisbon", "Porto"), tags=["offsite"], pinned=True)
    notes.save_note(ws["bob"], note_id=plan, body=PLAN, base_revision=1)
    files.attach_file(ws["bob"], note_id=plan, name="venue.pdf",
                      content_b64=base64.b64encode(b"%PDF-1.4 venue").decode())
    comments.add_comment(ws["chen"], note_id=plan, text="Porto was nicer [i]honestly[/i]")
    comments.add_comment(ws["bob"], note_id=plan, text="Lisbon has the better venue")
    return ws["anna"]


async def _open(pilot: Any, *keys: str) -> None:
    from textual.worker import WorkerCancelled

    for step in (["3"], list(keys)):
        if step:
            await pilot.press(*step)
        for _ in range(2):
            try:
                await pilot.app.workers.wait_for_complete()
            except WorkerCancelled:  # a read replaced by a newer one
                pass
            await pilot.pause()


VIEWS = {"list": (), "editor": ("e",), "outline": ("o",), "history": ("h",)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_notes_pane(shelf: Workspace, snap_compare: Any, view: str, size: str) -> None:
    async def run_before(pilot: Any) -> None:
        from textual.widgets import TextArea

        for area in pilot.app.query(TextArea):
            area.cursor_blink = False  # a blinking cursor is drawn or not by chance
        await _open(pilot, *VIEWS[view])

    assert snap_compare(build_app(shelf, watch=False), terminal_size=SIZES[size],
                        run_before=run_before)
