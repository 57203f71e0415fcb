"""The Notes pane's writing: the TextArea editor (ctrl+s saves, based on the revision
it opened; a colleague's save in between is merged, or the conflict resolver opens),
``E`` for $EDITOR with the app suspended, the presence heartbeat while editing, new
notes, comments, pin, delete with undo, restore a version.

A mixin for NotesPane.  A failed save keeps the editor's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer
from textual.widgets import TextArea

from teamspace.errors import Queued, TeamspaceError
from teamspace.store.notes import comments, notes
from teamspace.tui.pane import change_mark
from teamspace.tui.panes.notes.screens import ConflictScreen, HistoryScreen, Prompt

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.store.core.connection import Workspace
    from teamspace.store.notes.query import NoteView

HEARTBEAT_SECONDS = 20.0


class Editing:
    """Mixin: editing and the other writes (the pane provides the attributes below)."""

    workspace: Workspace
    app: App[None]
    notify: Callable[..., None]
    run_write: Callable[..., Any]
    set_interval: Callable[..., Timer]
    detail: NoteView | None
    editing: tuple[int, int] | None  # (note id, base revision) while the editor is open
    undo_stack: list[int]
    _beat: Timer | None
    _loaded: str  # the text the editor was opened with
    _dropping: int | None  # the note whose draft a second e drops
    reload: Callable[[], None]
    changed: Callable[..., None]
    focus_now: Callable[[Any], None]

    def editor(self) -> TextArea:
        """Provided by the pane."""
        raise NotImplementedError

    def show_mode(self, mode: str) -> None:
        """Provided by the pane: 'view', 'edit', 'preview' or 'outline'."""
        raise NotImplementedError

    def _current_view(self) -> NoteView | None:
        if self.detail is None:
            self.notify("No note selected.", severity="warning", markup=False)
        return self.detail

    # ------------------------------------------------------------------ the editor
    def action_edit(self) -> None:
        """Edit the note in the pane (ctrl+s saves, esc leaves keeping the draft)."""
        view = self._current_view()
        if view is None:
            return
        if self.editing is not None and self.editing[0] != view.note.id:
            draft = self.editing[0]
            if self.editor().text != self._loaded and self._dropping != draft:
                self._dropping = draft  # a second e drops the draft
                self.notify(f"Unsaved changes to #{draft} are in the editor: open it and "
                            "press ctrl+s to keep them, or e again to drop them.",
                            severity="warning", timeout=8, markup=False)
                return
            self.stop_editing()
        if self.editing is None:
            self.editing = (view.note.id, view.note.revision)
            self._loaded = view.body
            self.editor().load_text(view.body)
            self._heartbeat()
            self._beat = self.set_interval(HEARTBEAT_SECONDS, self._heartbeat)
        self.show_mode("edit")
        self.focus_now(self.editor())  # keys typed right after e belong to the editor

    def action_save(self) -> None:
        """Save the editor's text, based on the revision it was opened at (not while
        conflict markers from a resolution are left in it)."""
        if self.editing is None:
            return
        from teamspace.store.notes.merge import has_markers

        note_id, base = self.editing
        text = self.editor().text
        if has_markers(text) and not has_markers(self._loaded):
            self.notify("Conflict markers are still in the text: keep what should stay "
                        "between <<<<<<< and >>>>>>>, then save.", severity="warning",
                        markup=False)
            return
        self._save(note_id, base, text)

    @work(thread=True, exclusive=True, group="notes-save", exit_on_error=False)
    def _save(self, note_id: int, base: int, text: str) -> None:
        from teamspace.store.core.submit import submit

        # Widgets have no call_from_thread: the app's hands the outcome to the UI thread.
        ui = self.app.call_from_thread
        try:
            result = submit(self.workspace, notes.save_note, note_id=note_id, body=text,
                            base_revision=base)
        except notes.MergeConflict as conflict:
            ui(self._conflict, note_id, conflict)
            return
        except Queued as exc:
            ui(self.notify, str(exc), severity="warning", markup=False)
            return
        except TeamspaceError as exc:  # the editor keeps the text
            ui(self.notify, str(exc), severity="error", timeout=8, markup=False)
            return
        ui(self._saved, note_id, result, change_mark(self.workspace))

    def _saved(self, note_id: int, result: dict[str, Any], mark: int | None) -> None:
        if result["merged"]:
            self.notify(f"Saved #{note_id}, merged with {', '.join(result['with'])}'s "
                        "changes", markup=False)
        else:
            self.notify(f"Saved #{note_id}" if result["changed"] else "No changes",
                        markup=False)
        self.stop_editing()
        self.changed(mark, visible=True)  # read once, however the watcher races it

    def _conflict(self, note_id: int, conflict: notes.MergeConflict) -> None:
        """Overlapping changes: the resolver shows theirs beside the merged draft."""
        def resolved(answer: tuple[str, bool] | None) -> None:
            if answer is None:
                return
            text, save = answer
            # The resolution is based on what they saved: a later save merges with it.
            self.editing = (note_id, conflict.revision)
            self._loaded = conflict.theirs
            self.editor().load_text(text)
            if save:
                self._save(note_id, conflict.revision, text)
            else:
                self.show_mode("edit")
                self.focus_now(self.editor())

        self.app.push_screen(ConflictScreen(conflict.message, conflict.theirs, conflict.text),
                             resolved)

    def action_cancel(self) -> None:
        """Leave the editor (an unsaved draft is kept until you edit another note)."""
        self.show_mode("view")

    def stop_editing(self) -> None:
        """The edit is over: stop the heartbeat and tell the others."""
        if self.editing is not None:
            self._presence(self.editing[0], leaving=True)
        self.editing = None
        self._dropping = None
        if self._beat is not None:
            self._beat.stop()
            self._beat = None
        self.show_mode("view")

    def _heartbeat(self) -> None:
        if self.editing is not None:
            self._presence(self.editing[0], leaving=False)

    @work(thread=True, group="notes-presence", exit_on_error=False)
    def _presence(self, note_id: int, leaving: bool) -> None:
        try:
            comments.heartbeat(self.workspace, note_id=note_id, leaving=leaving)
        except TeamspaceError:
            pass  # presence is a hint: never bother the user over it

    def action_external(self) -> None:
        """Edit in $EDITOR with the app suspended; the result lands in the editor."""
        import os
        import subprocess
        import tempfile

        view = self._current_view()
        if view is None:
            return
        if self.editing is None or self.editing[0] != view.note.id:
            self.action_edit()
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        handle, path = tempfile.mkstemp(prefix="teamspace-", suffix=".md")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self.editor().text)
            import shlex

            try:
                with self.app.suspend():
                    code = subprocess.call([*shlex.split(editor), path])
            except Exception:  # no terminal to hand over (tests, headless): run as is
                code = subprocess.call([*shlex.split(editor), path])
            if code != 0:
                self.notify(f"The editor exited with status {code}; nothing changed.",
                            severity="warning", markup=False)
                return
            with open(path, encoding="utf-8") as saved:
                self.editor().load_text(saved.read())
        except OSError as exc:
            self.notify(f"Cannot run the editor '{editor}': {exc.strerror}",
                        severity="error", markup=False)
            return
        finally:
            if os.path.exists(path):
                os.unlink(path)
        self.show_mode("edit")
        self.notify("Back from the editor: ctrl+s saves.", markup=False)

    # ------------------------------------------------------------------ other writes
    def action_add(self) -> None:
        """A new note in the notebook shown (title first; then write it)."""
        def chosen(title: str | None) -> None:
            if title and title.strip():
                book = getattr(self, "notebook", None)
                self.run_write(notes.create_note, {"title": title, "notebook": book},
                               "Added #{result}", extra={"open": True})

        self.app.push_screen(Prompt("Title of the new note:"), chosen)

    def action_comment(self) -> None:
        """Comment on the note."""
        view = self._current_view()
        if view is None:
            return

        def chosen(text: str | None) -> None:
            if text and text.strip():
                self.run_write(comments.add_comment, {"note_id": view.note.id, "text": text},
                               f"Commented on #{view.note.id}")

        self.app.push_screen(Prompt(f"Comment on #{view.note.id}:"), chosen)

    def action_pin(self) -> None:
        """Pin or unpin the note."""
        view = self._current_view()
        if view is not None:
            pinned = not view.note.pinned
            self.run_write(notes.edit_note, {"note_id": view.note.id,
                                             "changes": {"pinned": pinned}},
                           f"{'Pinned' if pinned else 'Unpinned'} #{view.note.id}")

    def action_delete(self) -> None:
        """Move the note to the trash; u brings it back."""
        view = self._current_view()
        if view is not None:
            self.run_write(notes.delete_note, {"note_id": view.note.id},
                           f"Deleted #{view.note.id} — u undoes",
                           extra={"undo": view.note.id})

    def action_undo(self) -> None:
        """Bring back the last note deleted here."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        note_id = self.undo_stack.pop()
        self.run_write(notes.restore_note, {"note_id": note_id}, f"Restored #{note_id}")

    def action_history(self) -> None:
        """Versions with their diffs; r restores one (as a new version)."""
        view = self._current_view()
        if view is None:
            return

        def chosen(revision: int | None) -> None:
            if revision is not None:
                self.run_write(notes.restore_version, {"note_id": view.note.id,
                                                       "revision": revision},
                               f"#{view.note.id} restored to revision {revision}")

        self.app.push_screen(HistoryScreen(self.workspace, view.note.id), chosen)
