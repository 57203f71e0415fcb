"""The Notes pane driven with Pilot: view, edit and save, a colleague's save while
editing (merged, never lost), search with highlighted hits and clear errors."""

from __future__ import annotations

from textual.widgets import TextArea

from teamspace.store.core.connection import Workspace
from teamspace.store.notes import notes, query
from teamspace.tui.app import build_app
from teamspace.tui.panes.notes.pane import NotesPane

from tui_support import settle, team

SIZE = (130, 36)


def pane(app: object) -> NotesPane:
    return app.query_one("#notes-pane", NotesPane)  # type: ignore[attr-defined, no-any-return]


async def open_notes(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


async def test_edit_and_save_in_the_pane(workspace: Workspace
                                                                   ) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body="intro\n\nmiddle\n\nend\n")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        assert pane(app).detail is not None and pane(app).detail.note.id == note_id
        await pilot.press("e")
        editor = app.query_one("#notes-editor", TextArea)
        assert app.focused is editor and editor.text == "intro\n\nmiddle\n\nend\n"
        editor.move_cursor(editor.document.end)
        await pilot.press(*"mine", "ctrl+s")  # a burst, as a slow link sends it
        await settle(pilot)
        assert query.get_note(ws["bob"], note_id).body == "intro\n\nmiddle\n\nend\nmine"



async def test_search_shows_ranked_hits_and_explains_bad_queries(workspace: Workspace
                                                                 ) -> None:
    notes.create_note(workspace, title="Lunch", body="ramen at noon")
    target = notes.create_note(workspace, title="Deploy", body="deploy the \x1b[2J release")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        await pilot.press("slash", *"release", "enter")
        await settle(pilot)
        shown = pane(app).note_list()
        assert [n.id for n in shown.items] == [target]
        assert "release" in shown.snippets[target]
        await pilot.press("slash", "ctrl+u", "-", "x")
        await settle(pilot)
        assert any("nothing to search for" in n.message for n in app._notifications)
