"""The TUI's sink guard: a line filter over every line any widget draws (header, tabs,
lists, forms, toasts, help, palette…), so other people's text cannot reach the terminal
as a control sequence even where a widget forgot to clean it.  Textual's own escape
sequences are written by its driver around the segments, never inside their text, so
the filter only ever touches content.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from teamspace.text import clean


class TerminalGuard(LineFilter):
    """Replace control, bidi and zero-width characters in drawn text with U+FFFD."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments of one line, their text cleaned (styles untouched)."""
        return [segment if segment.control or segment.text.isprintable()
                else Segment(clean(segment.text, newlines=False), segment.style)
                for segment in segments]
