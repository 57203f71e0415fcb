"""The Notes pane: notebooks (left), notes or search hits (middle), the note under the
cursor (right) — a Markdown viewer, or the editor, a preview, or its outline as a
tree — with who is editing it, its files and comments below.

Everything is read in one unit of work (store/notes/board.py) in a thread worker; a
live change reloads it in place, keeping the cursor, the scroll position and the
editor's half-written text (tui/pane.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, OptionList, Static, TextArea, Tree
from textual.widgets.option_list import Option

from teamspace.store.notes import board as notes_board
from teamspace.store.notes.board import Board
from teamspace.store.notes.outline import Node, tree
from teamspace.store.notes.query import NoteSummary, NoteView
from teamspace.text import clean, one_line
from teamspace.tui.pane import Pane, WriteDone
from teamspace.tui.panes.notes.editing import Editing
from teamspace.tui.panes.notes.render import NoteList, extras_text, presence_text
from teamspace.tui.panes.notes.viewer import NoteViewer
from teamspace.tui.widgets.itemlist import ItemList

LIMIT = 500
ALL = "\x00all"  # an option id no notebook name can have


class NotesPane(Editing, Pane):
    """Shared and private notebooks in Markdown, with history — live."""

    KEY = "notes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "New note", id="notes.add"),
        Binding("e", "edit", "Edit", id="notes.edit"),
        Binding("E", "external", "Edit in $EDITOR", id="notes.external"),
        Binding("ctrl+s", "save", "Save", priority=True, id="notes.save"),
        # priority: the editor (tab indents) would take esc to move the focus instead
        Binding("escape", "cancel", "Leave the editor", show=False, priority=True,
                id="notes.cancel"),
        # ctrl+r, not a letter: it must work while the editor takes the letters
        Binding("ctrl+r", "preview", "Preview/editor", priority=True, id="notes.preview"),
        Binding("slash", "search", "Search", key_display="/", id="notes.search"),
        Binding("o", "outline", "Outline", id="notes.outline"),
        Binding("h", "history", "History", id="notes.history"),
        Binding("C", "comment", "Comment", id="notes.comment"),
        Binding("P", "pin", "Pin", id="notes.pin"),
        Binding("d", "delete", "Delete", id="notes.delete"),
        Binding("u", "undo", "Undo delete", id="notes.undo"),
    ]
    notebook: reactive[str | None] = reactive(None, init=False)
    text: reactive[str] = reactive("", init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail: NoteView | None = None
        self.detail_id: int | None = None
        self.editing: tuple[int, int] | None = None
        self.undo_stack: list[int] = []
        self._beat: Timer | None = None
        self._loaded = ""
        self._dropping: int | None = None
        # (note, revision, task states) the viewer shows: re-rendered only on a change.
        self._shown_body: tuple[int, int, str] | None = None
        self._outline_of: tuple[int, int] | None = None  # the note the tree shows
        self.open_new: int | None = None

    def compose(self) -> ComposeResult:
        """Notebooks | search, notes | presence, viewer/editor/outline, files+comments."""
        with Vertical(id="notes-side"):
            yield Static(Text("Notebooks", style="bold"), id="notes-side-title")
            yield OptionList(id="notes-books")
        with Vertical(id="notes-main"):
            yield Input(placeholder="search: words, \"a phrase\", pre*, -not, a OR b",
                        id="notes-search")
            yield NoteList(id="note-list")
        with Vertical(id="notes-right"):
            yield Static(id="notes-presence")
            with ContentSwitcher(initial="notes-viewer", id="notes-switch"):
                yield NoteViewer("notes-view", id="notes-viewer")
                yield TextArea(id="notes-editor", soft_wrap=True, tab_behavior="indent")
                yield NoteViewer("notes-preview", id="notes-previewer")
                outline: Tree[str] = Tree("outline", id="notes-outline")
                outline.guide_depth = 2  # deep outlines keep their words on narrow screens
                yield outline
            with VerticalScroll(id="notes-extra-box"):
                yield Static(id="notes-extra")

    def on_mount(self) -> None:
        """Hide the search box; Markdown highlighting if this Textual has it; load."""
        self.search_box().display = False
        editor = self.editor()
        if "markdown" in editor.available_languages:
            editor.language = "markdown"
        self.reload()

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """The pane's keys, then the history browser's, the resolver's and the prompt's."""
        from teamspace.tui.panes.notes.screens import ConflictScreen, HistoryScreen, Prompt
        from teamspace.tui.screens.help import bindings_of

        return [*super().help_sections(title), ("Note history", bindings_of(HistoryScreen)),
                ("Conflict resolver", bindings_of(ConflictScreen)),
                ("Prompt", bindings_of(Prompt))]

    # ------------------------------------------------------------------ plumbing
    def main_widget(self) -> Widget:
        """The note list takes the keyboard."""
        return self.note_list()

    def side_widget(self) -> Widget:
        """The notebooks (ctrl+b)."""
        return self.query_one("#notes-books", OptionList)

    def note_list(self) -> NoteList:
        """The middle list."""
        return self.query_one("#note-list", NoteList)

    def editor(self) -> TextArea:
        """The editor."""
        return self.query_one("#notes-editor", TextArea)

    def search_box(self) -> Input:
        """The search input."""
        return self.query_one("#notes-search", Input)

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` at once (``Widget.focus`` waits a turn: meanwhile a widget
        being hidden hands the focus elsewhere, and typed keys go astray)."""
        self.screen.set_focus(widget)

    def show_mode(self, mode: str) -> None:
        """Show the viewer, the editor, the draft's preview or the outline."""
        switch = self.query_one("#notes-switch", ContentSwitcher)
        switch.current = {"view": "notes-viewer", "edit": "notes-editor",
                          "preview": "notes-previewer", "outline": "notes-outline"}[mode]
        if mode == "outline":
            self._fill_outline(self.detail)
        if mode == "view":
            self.focus_now(self.note_list())

    def mode(self) -> str:
        """Which of view / edit / preview / outline is shown."""
        current = self.query_one("#notes-switch", ContentSwitcher).current or ""
        return {"notes-editor": "edit", "notes-previewer": "preview",
                "notes-outline": "outline"}.get(current, "view")

    def _view_changed(self) -> None:
        self.reload()

    watch_notebook = watch_text = _view_changed

    # ------------------------------------------------------------------ the view
    def read(self) -> Board:
        """Notebooks, the notes shown, the note in detail: one unit of work."""
        def detail_of(found: list[NoteSummary]) -> int | None:
            if self.open_new is not None:
                return self.open_new
            if self.detail_id is not None and any(n.id == self.detail_id for n in found):
                return self.detail_id
            return found[0].id if found else None

        return notes_board.board(self.workspace, notebook=self.notebook, text=self.text,
                                 limit=LIMIT, detail_of=detail_of)

    def show(self, data: Board) -> None:
        """Fill the notebooks, the list and the detail; the editor is never touched."""
        books = self.query_one("#notes-books", OptionList)
        total = sum(b.notes for b in data.notebooks)
        options = [Option(Text(f"All notes  {total}"), id=ALL)]
        for book in data.notebooks:
            label = Text(one_line(book.name, 40))
            label.append("  ", style="dim")  # its own span: lists fold a span's lead blanks
            label.append(str(book.notes), style="dim")
            if book.visibility != "everyone":
                label.append("  🔒" if book.visibility == "private" else f"  {book.group}",
                             style="yellow")
            options.append(Option(label, id=f"b:{book.name}"))
        books.set_options(options)
        try:
            books.highlighted = books.get_option_index(
                ALL if self.notebook is None else f"b:{self.notebook}")
        except Exception:  # the notebook was renamed or archived meanwhile
            self.set_reactive(NotesPane.notebook, None)
            books.highlighted = 0
        self.note_list().show_notes(data.notes, data.snippets, data.partial)
        if self.open_new is not None:
            self.note_list().select(self.open_new)
            self.open_new = None
        self.show_detail(data.detail)

    def show_detail(self, view: NoteView | None) -> None:
        """The note in the viewer (re-rendered only when its text changed), its outline,
        presence, files and comments."""
        current = self.note_list().current
        if view is not None and current is not None and view.note.id != current.id:
            self.detail_id = current.id
            self.reload()
            return
        self.detail = view
        self.detail_id = view.note.id if view else None
        self._presence_line(presence_text(view))
        self.query_one("#notes-extra", Static).update(extras_text(view))
        key = (view.note.id, view.note.revision, repr(sorted(
            (k, v.get("status")) for k, v in view.tasks.items()))) if view else None
        if key != self._shown_body:
            self._shown_body = key
            self.query_one("#notes-viewer", NoteViewer).show_markdown(
                clean(view.shown_body()) if view else "*No note here yet — `a` adds one.*")
            if self.mode() == "outline":
                self._fill_outline(view)
        if self.editing is not None and view is not None and self.editing[0] == view.note.id \
                and view.note.revision != self.editing[1]:
            self._presence_line(Text(f"revision {view.note.revision} was saved while you "
                                     "edit: ctrl+s merges your changes with it",
                                     style="bold yellow"))

    def _presence_line(self, text: Text) -> None:
        """The line above the note: who else edits it, or that it changed meanwhile."""
        line = self.query_one("#notes-presence", Static)
        line.update(text)
        line.display = bool(text.plain)

    def _fill_outline(self, view: NoteView | None) -> None:
        """The outline of ``view`` (built when shown: a long note has thousands of
        points, and most notes are never looked at as a tree)."""
        key = (view.note.id, view.note.revision) if view else None
        if key == self._outline_of:
            return
        self._outline_of = key
        widget: Tree[str] = self.query_one("#notes-outline", Tree)
        widget.clear()
        if view is None:
            return
        root = tree(view.note.title, view.body)
        if len(root.children) == 1 and root.children[0].text.strip() == root.text.strip():
            root = root.children[0]  # the note's own "# Title" heading: not twice
        widget.root.set_label(Text(one_line(root.text, 80), style="bold"))

        def add(parent: Any, node: Node) -> None:
            for child in node.children:
                label = Text(one_line(child.text, 100))
                if child.children:
                    add(parent.add(label, expand=True), child)
                else:
                    parent.add_leaf(label)

        add(widget.root, root)
        widget.root.expand()

    @on(ItemList.Looked, "#note-list")
    def looked(self, event: ItemList.Looked) -> None:
        """The cursor moved: show that note."""
        if event.item.id != self.detail_id:
            self.detail_id = event.item.id
            self.reload()

    @on(OptionList.OptionHighlighted, "#notes-books")
    def book_chosen(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the notebooks shows that notebook's notes."""
        key = event.option.id
        if key is not None:
            self.notebook = None if key == ALL else key.removeprefix("b:")

    @on(Input.Changed, "#notes-search")
    def search_typed(self, event: Input.Changed) -> None:
        """Search as you type (a query that cannot be searched says why)."""
        self.text = event.value.strip()

    @on(Input.Submitted, "#notes-search")
    def search_done(self, event: Input.Submitted) -> None:
        """Enter: back to the hits (an empty search hides the box)."""
        event.stop()
        event.input.display = bool(event.value.strip())
        self.focus_now(self.note_list())

    # ------------------------------------------------------------------ view actions
    def action_search(self) -> None:
        """Full-text search, ranked, matches highlighted."""
        self.search_box().display = True
        self.focus_now(self.search_box())

    def action_outline(self) -> None:
        """The note's headings and bullets as a collapsible tree (o again: back)."""
        if self.mode() == "outline":
            self.show_mode("view")
        else:
            self.show_mode("outline")
            self.focus_now(self.query_one("#notes-outline", Tree))

    def action_preview(self) -> None:
        """While editing: see the draft rendered, or go back to the editor."""
        if self.editing is None:
            self.action_edit()
            return
        if self.mode() == "preview":
            self.show_mode("edit")
            self.focus_now(self.editor())
        else:
            previewer = self.query_one("#notes-previewer", NoteViewer)
            previewer.show_markdown(clean(self.editor().text))
            self.show_mode("preview")
            # The hidden editor would hand the focus anywhere (outside the pane, even,
            # where ctrl+r back is not heard): the preview takes it, and scrolls.
            self.focus_now(previewer.shown())

    def action_cancel(self) -> None:
        """Leave the editor, search, outline or notebooks (the draft stays for e)."""
        # A priority binding: heard before the side column's own esc (tui/pane.py).
        if self._in_side(self.screen.focused):
            self.close_side()
            return
        if self.search_box().has_focus:
            self.search_box().value = ""
            self.search_box().display = False
        self.show_mode("view")

    # ------------------------------------------------------------------ writes
    def written(self, event: WriteDone) -> None:
        """Remember deletes for undo; open a new note in the editor."""
        undo = event.extra.get("undo")
        if undo is not None and not event.queued:
            self.undo_stack.append(int(undo))
        if event.extra.get("open") and isinstance(event.result, int):
            self.open_new = event.result
            self.detail_id = event.result


PANE = NotesPane
