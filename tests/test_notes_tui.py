"""The Notes pane driven with Pilot: view, edit and save, a colleague's save while
editing (merged and reported, or resolved side by side — never lost), bursts of keys,
search with highlighted hits and clear errors."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Markdown, TextArea

from teamspace.store.core.connection import Workspace
from teamspace.store.notes import notes, query
from teamspace.tui.app import build_app
from teamspace.tui.panes.notes.pane import NotesPane
from teamspace.tui.panes.notes.screens import ConflictScreen

from tui_support import team

BACKENDS = ("sqlite", "postgres")  # the TUI on a server too

SIZE = (130, 36)
BODY = "intro\n\nmiddle\n\nend\n"


def pane(app: object) -> NotesPane:
    return app.query_one("#notes-pane", NotesPane)  # type: ignore[attr-defined, no-any-return]


def record_toasts(app: Any) -> list[str]:
    """Every toast the app shows from now on (shown ones expire on a slow machine)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(message)
        notify(message, *args, **kwargs)

    app.notify = recording
    return said


async def settle(pilot: Any) -> None:
    """Wait until every worker is done (one replaced by a newer read counts as done)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(2):
        for worker in [w for w in pilot.app.workers if w.group != "watch"]:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass
        await pilot.pause()


async def open_notes(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


async def burst(pilot: Any, *keys: str) -> None:
    """Keys as a laggy link delivers them: all in the app's queue before the first is
    handled (pilot.press waits for the app between keys)."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await settle(pilot)


async def save_after_bob(pilot: Any, ws: dict[str, Workspace], note_id: int,
                         at: tuple[int, int] | None, keys: list[str], bobs: str) -> None:
    """anna edits (``keys`` typed at ``at``, default: the end), bob saves ``bobs`` from
    the same revision meanwhile, then anna presses ctrl+s."""
    await pilot.press("e")
    editor = pane(pilot.app).editor()
    editor.move_cursor(editor.document.end if at is None else at)
    await pilot.press(*keys)
    notes.save_note(ws["bob"], note_id=note_id, body=bobs, base_revision=1)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_edit_and_save_in_the_pane(workspace: Workspace) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body=BODY)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        assert pane(app).detail is not None and pane(app).detail.note.id == note_id
        await pilot.press("e")
        editor = app.query_one("#notes-editor", TextArea)
        assert app.focused is editor and editor.text == BODY
        editor.move_cursor(editor.document.end)
        await pilot.press(*"**mine**", "ctrl+r")  # the draft rendered
        assert pane(app).mode() == "preview"
        preview = app.query_one("#notes-preview-box").query_one(Markdown)
        assert preview.source == editor.text and preview.source.endswith("**mine**")
        await pilot.press("ctrl+r", *" ok")  # back to the editor, where it was
        assert pane(app).mode() == "edit" and app.focused is editor
        await pilot.press(*"mine", "ctrl+s")  # text and the save key in one call
        await settle(pilot)
        assert query.get_note(ws["bob"], note_id).body == BODY + "**mine** okmine"
        assert pane(app).mode() == "view" and f"Saved #{note_id}" in toasts


async def test_bursts_land_where_they_were_typed(workspace: Workspace) -> None:
    """e, the text and ctrl+s in one read; C, a comment and ctrl+s in one read: all of
    it saved, and no letter of it ran a one-key command (d deletes, P pins)."""
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body="")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        await burst(pilot, "e", *"draft: Pad", "ctrl+s")
        await burst(pilot, "C", *"seen: Pad", "ctrl+s")
        view = query.get_note(ws["bob"], note_id)
        assert view.body == "draft: Pad"
        assert [c["text"] for c in view.comments] == ["seen: Pad"]
        assert not view.note.pinned
        await pilot.press("C", *"typed with enter", "enter")
        await settle(pilot)
        assert [c["text"] for c in query.get_note(ws["bob"], note_id).comments] == [
            "seen: Pad", "typed with enter"]


async def test_a_colleagues_save_in_between_is_merged_and_reported(workspace: Workspace
                                                                   ) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body=BODY)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        await save_after_bob(pilot, ws, note_id, None, list("mine"), "BOB " + BODY)
        assert query.get_note(ws["chen"], note_id).body == "BOB " + BODY + "mine"
        assert f"Saved #{note_id}, merged with bob's changes" in toasts
        assert [v.action for v in query.history(ws["chen"], note_id)] == [
            "create", "save", "merge"]
        assert pane(app).mode() == "view" and pane(app).editing is None
        assert pane(app).detail is not None and pane(app).detail.body.startswith("BOB ")


async def test_overlapping_saves_are_resolved_side_by_side(workspace: Workspace) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body=BODY)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        await save_after_bob(pilot, ws, note_id, (0, 0), list("ANNA "), "BOB " + BODY)
        assert isinstance(app.screen, ConflictScreen)
        theirs = app.screen.query_one("#conflict-theirs", TextArea)
        mine = app.screen.query_one("#conflict-mine", TextArea)
        assert theirs.text == "BOB " + BODY  # what bob saved, not the note as first shown
        assert "<<<<<<< yours\nANNA intro\n=======\nBOB intro\n>>>>>>> bob" in mine.text
        assert app.focused is mine
        await pilot.press("ctrl+s")  # markers left: refused, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert query.get_note(ws["chen"], note_id).note.revision == 2

        await pilot.press("escape")  # back to the editor with the merged draft
        await settle(pilot)
        editor = pane(app).editor()
        assert pane(app).mode() == "edit" and "<<<<<<< yours" in editor.text
        await pilot.press("ctrl+s")  # still markers: the editor refuses too
        await settle(pilot)
        assert query.get_note(ws["chen"], note_id).note.revision == 2
        assert any("Conflict markers" in t for t in toasts)

        editor.load_text("ANNA BOB intro\n\nmiddle\n\nend\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        final = query.get_note(ws["chen"], note_id)
        assert final.body == "ANNA BOB intro\n\nmiddle\n\nend\n"
        assert [v.author for v in query.history(ws["chen"], note_id)] == [  # none lost
            "anna", "bob", "anna"]
        assert query.diff(ws["chen"], note_id, 1, 2)[2] and query.diff(ws["chen"], note_id,
                                                                         2, 3)[2]
        assert pane(app).mode() == "view"


async def test_the_resolver_saves_a_resolution_or_their_text(workspace: Workspace) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Plan", body=BODY)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        await save_after_bob(pilot, ws, note_id, (0, 0), ["delete", "X"], "Y" + BODY[1:])
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+t", "ctrl+s")  # take theirs, save it: nothing to change
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)
        assert query.get_note(ws["chen"], note_id).body == "Y" + BODY[1:]
        assert query.get_note(ws["chen"], note_id).note.revision == 2
        assert "No changes" in toasts and pane(app).editing is None


async def test_search_shows_ranked_hits_and_explains_bad_queries(workspace: Workspace
                                                                 ) -> None:
    notes.create_note(workspace, title="Lunch", body="ramen at noon")
    target = notes.create_note(workspace, title="Deploy", body="deploy the \x1b[2J release")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        await pilot.press("slash", *"release", "enter")
        await settle(pilot)
        shown = pane(app).note_list()
        assert [n.id for n in shown.items] == [target]
        assert "release" in shown.snippets[target]
        await pilot.press("slash", "ctrl+u", "-", "x")
        await settle(pilot)
        assert any("nothing to search for" in t for t in toasts)


async def test_editing_another_note_keeps_an_unsaved_draft(workspace: Workspace) -> None:
    ws = team(workspace)
    first = notes.create_note(ws["anna"], title="First", body="one\n")
    notes.create_note(ws["anna"], title="Second", body="two\n")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        toasts = record_toasts(app)
        await open_notes(pilot)
        pane(app).note_list().select(first)
        await settle(pilot)
        await pilot.press("e", *"draft ", "escape")
        await settle(pilot)
        assert app.focused is pane(app).note_list()
        await pilot.press("up")
        await settle(pilot)
        assert pane(app).detail is not None and pane(app).detail.note.title == "Second"
        await pilot.press("e")  # a draft of #first is in the editor: not dropped
        await settle(pilot)
        assert pane(app).editing is not None and pane(app).editing[0] == first
        assert pane(app).editor().text == "draft one\n"
        assert any("Unsaved changes" in t for t in toasts)
        await pilot.press("e")  # again: dropped, the second note is edited
        await settle(pilot)
        assert pane(app).editor().text == "two\n" and pane(app).editing[0] != first


async def test_a_long_note_is_shown_whole_as_text_a_short_one_rendered(
        workspace: Workspace) -> None:
    """Rendering mounts a widget per Markdown block (a 1 MB note took 13 s): past
    RENDER_LIMIT the viewer shows the text, all of it, at once."""
    from teamspace.tui.panes.notes.viewer import RENDER_LIMIT, NoteViewer

    long_text = "## Part\n\n" + "word " * (RENDER_LIMIT // 4) + "\n\nTHE END\n"
    notes.create_note(workspace, title="Long", body=long_text)
    notes.create_note(workspace, title="Short", body="**short**")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_notes(pilot)
        viewer = app.query_one("#notes-viewer", NoteViewer)
        assert not viewer.long and viewer.current == "notes-view-box"
        await pilot.press("down")
        await settle(pilot)
        assert viewer.long and viewer.current == "notes-view-text"
        shown = viewer.long_text()
        assert shown.text == long_text
        for _ in range(8):  # tab to the viewer, which scrolls with the keys
            if shown.has_focus:
                break
            await pilot.press("tab")
        assert shown.has_focus
        assert shown.scroll_y == 0
        await pilot.press("end")
        await settle(pilot)
        assert shown.scroll_y > 0
        bottom = [shown.render_line(y).text for y in range(shown.scrollable_content_region.height)]
        assert any("THE END" in line for line in bottom)
        for _ in range(8):
            if pane(app).note_list().has_focus:
                break
            await pilot.press("shift+tab")
        await pilot.press("up")
        await settle(pilot)
        assert not viewer.long and app.query_one("#notes-view", Markdown).source == "**short**"
