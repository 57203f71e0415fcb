"""A note shown: Markdown rendered by Textual's Markdown widget, or — for a note too
long to render at once — its Markdown text, wrapped, in a ``LongText``.

Textual's Markdown widget mounts a widget per block and lays them all out: a 1 MB note
(some 2000 blocks) took 13 s to appear here.  ``LongText`` wraps once and draws only
the rows on screen, so a long note shows at once, whole, its headings, code and quotes
marked.  Used for the viewer and for the editor's preview.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Markdown

from teamspace.tui.widgets.longtext import LongText

RENDER_LIMIT = 32 * 1024  # characters: past this, the text is shown, not rendered


class NoteViewer(ContentSwitcher):
    """Rendered Markdown, or the Markdown text of a long note.  Children are named after
    ``name``: ``{name}-box`` (scrolls the rendering), ``{name}`` (the Markdown widget)
    and ``{name}-text`` (the long text)."""

    def __init__(self, name: str, *, id: str | None = None) -> None:
        super().__init__(initial=f"{name}-box", id=id)
        self.prefix = name
        self.long = False

    def compose(self) -> ComposeResult:
        """The rendering and the text."""
        with VerticalScroll(id=f"{self.prefix}-box"):
            yield Markdown(id=self.prefix, open_links=False)
        yield LongText(id=f"{self.prefix}-text")

    def long_text(self) -> LongText:
        """Where a long note is shown."""
        return self.query_one(f"#{self.prefix}-text", LongText)

    def shown(self) -> Widget:
        """What shows the note now (to take the focus: it scrolls with the keys)."""
        return self.long_text() if self.long else self.query_one(f"#{self.prefix}-box")

    def show_markdown(self, markdown: str) -> None:
        """Show ``markdown`` (already cleaned): rendered, or as text when it is long."""
        self.long = len(markdown) > RENDER_LIMIT
        if self.long:
            self.current = f"{self.prefix}-text"  # shown first: wrapped once, at its width
            self.long_text().load_text(markdown)
            self.query_one(f"#{self.prefix}", Markdown).update("")
        else:
            self.query_one(f"#{self.prefix}", Markdown).update(markdown)
            self.current = f"{self.prefix}-box"
