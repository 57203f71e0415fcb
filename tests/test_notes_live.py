"""Live, two users: another process (``python -m teamspace note …`` as bob) comments on
and edits the note anna's TUI shows; her view follows while her cursor, scroll and
half-written text stay where they were.

The app here watches the workspace, so its watcher worker runs until the app closes:
waiting for "every worker" (tui_support.settle) would wait forever — the hang this
test once had.  ``quiet`` waits for every worker but the watcher.
"""

from __future__ import annotations

from test_tui_units import quiet
from textual.containers import VerticalScroll

from teamspace.store.core.connection import Workspace
from teamspace.store.notes import notes, query
from teamspace.tui.app import build_app
from teamspace.tui.panes.notes.pane import NotesPane

from support import run_cli
from tui_support import team, until

LONG = "".join(f"paragraph {n}\n\n" for n in range(60))


async def test_another_process_comments_and_edits_while_anna_looks_and_types(
        workspace: Workspace) -> None:
    ws = team(workspace)
    target = notes.create_note(ws["anna"], title="Target", body=LONG)
    for n in range(4):
        notes.create_note(ws["chen"], title=f"Other {n}", body="x")
    bob = {"TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "bob"}
    app = build_app(ws["anna"])
    async with app.run_test(size=(130, 36)) as pilot:
        await pilot.press("3")
        pane = app.query_one("#notes-pane", NotesPane)
        assert await until(pilot, lambda: len(pane.note_list().items) == 5)
        pane.note_list().select(target)  # not the first row
        await quiet(pilot, app)
        viewer = app.query_one("#notes-view-box", VerticalScroll)
        viewer.scroll_to(y=25, animate=False)
        await quiet(pilot, app)
        assert viewer.scroll_y == 25

        result = run_cli("note", "comment", str(target), "seen it, live", env=bob)
        assert result.returncode == 0, result.stderr
        assert await until(pilot, lambda: pane.detail is not None and [
            c["text"] for c in pane.detail.comments] == ["seen it, live"])
        await quiet(pilot, app)
        current = pane.note_list().current
        assert current is not None and current.id == target
        assert viewer.scroll_y == 25

        await pilot.press("e")
        editor = pane.editor()
        editor.move_cursor((4, 0))
        await pilot.press(*"half-written ")
        editor.scroll_to(y=10, animate=False)
        await quiet(pilot, app)
        draft, cursor = editor.text, editor.cursor_location
        result = run_cli("note", "edit", str(target), "--file", "-", env=bob,
                         input=LONG + "bob's closing line\n")
        assert result.returncode == 0, result.stderr
        assert await until(pilot, lambda: pane.detail is not None
                           and pane.detail.note.revision == 2)
        await quiet(pilot, app)
        assert editor.text == draft and editor.cursor_location == cursor
        assert editor.scroll_y == 10 and app.focused is editor and pane.mode() == "edit"
        assert "was saved while you edit" in str(
            app.query_one("#notes-presence").render())

        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: pane.editing is None)
        body = query.get_note(ws["chen"], target).body
        assert "half-written paragraph 2" in body and body.endswith("bob's closing line\n")
