"""A long Markdown text, shown read-only, wrapped at words, drawn a screenful at a time.

Textual's TextArea measures every line for tabs each time it is laid out — three
times when it is filled and shown — and draws whole lines before cropping them: a
1 MB note took 0.6–1 s to appear.  Here the text is split and wrapped once per width
with string methods that run in C (``rfind`` for the last blank that fits), and only
the rows on screen are drawn.  Markdown is marked per line (headings, fenced code,
quotes, rules), cheaply and without a parser.

The text must already be cleaned (``teamspace.text.clean``): it is drawn as it is.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from textual.geometry import Offset, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

TAB = 4


def wrap_starts(line: str, width: int) -> list[int]:
    """Where each row of ``line`` starts, wrapped at ``width`` cells: after the last
    blank that fits, or cut where no blank does.  Always at least ``[0]``."""
    if len(line) <= width and (line.isascii() or cell_len(line) <= width):
        return [0]
    if line.isascii() or cell_len(line) == len(line):
        return _single_cell_starts(line, width)
    return _wide_starts(line, width)


def _single_cell_starts(line: str, width: int) -> list[int]:
    starts = [0]
    start, end = 0, len(line)
    while end - start > width:
        blank = line.rfind(" ", start + 1, start + width + 1)
        start = blank + 1 if blank > start else start + width
        starts.append(start)
    return starts


def _wide_starts(line: str, width: int) -> list[int]:
    # Characters two cells wide (CJK, emoji): counted one by one.
    starts = [0]
    used = 0
    blank = -1
    start = 0
    for index, char in enumerate(line):
        size = get_character_cell_size(char)
        if used + size > width and index > start:
            start = blank + 1 if blank > start else index
            starts.append(start)
            used = cell_len(line[start:index])
            blank = -1
        used += size
        if char == " ":
            blank = index
    return starts


class LongText(ScrollView, can_focus=True):
    """Read-only text that scrolls with the keys (up, down, page up/down, home, end)."""

    COMPONENT_CLASSES = {
        "longtext--heading", "longtext--code", "longtext--quote", "longtext--rule",
    }

    DEFAULT_CSS = """
    LongText {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        padding: 0 1;
    }
    LongText > .longtext--heading { text-style: bold; color: $accent; }
    LongText > .longtext--code { color: $text-muted; background: $boost; }
    LongText > .longtext--quote { text-style: italic; color: $text-muted; }
    LongText > .longtext--rule { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self._shown = ""  # the text with its tabs expanded, as drawn
        self._lines: list[str] = [""]
        self._line_at: list[int] = [0]  # where each line starts in ``_shown``
        self._kinds: list[str] = [""]
        self._row_line: list[int] = [0]
        self._row_start: list[int] = [0]
        self._width = 0

    def load_text(self, text: str) -> None:
        """Show ``text`` from its first line."""
        self.text = text
        self._shown = text.expandtabs(TAB) if "\t" in text else text
        self._lines = self._shown.split("\n")
        self._line_at = [0] * len(self._lines)
        at = 0
        for index, line in enumerate(self._lines):
            self._line_at[index] = at
            at += len(line) + 1
        self._kinds = _kinds(self._lines)
        self._width = 0
        self._layout()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        """Wrap again when the width changed."""
        self._layout()

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if width < 1 or width == self._width:
            return  # not laid out yet (hidden a moment ago): the resize will come
        self._width = width
        row_line: list[int] = []
        row_start: list[int] = []
        for index, line in enumerate(self._lines):
            starts = wrap_starts(line, width)
            row_line.extend([index] * len(starts))
            row_start.extend(starts)
        self._row_line, self._row_start = row_line, row_start
        self.virtual_size = Size(width, len(row_line))
        self.refresh()

    @property
    def rows(self) -> int:
        """How many rows the text takes at the present width."""
        return len(self._row_line)

    def row_text(self, row: int) -> str:
        """The text of one row (as wrapped at the present width)."""
        index = self._row_line[row]
        line = self._lines[index]
        following = row + 1
        end = (self._row_start[following] if following < len(self._row_line)
               and self._row_line[following] == index else len(line))
        return line[self._row_start[row]:end]

    def render_line(self, y: int) -> Strip:
        """One row on screen (a mouse selection over it shown)."""
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= len(self._row_line):
            return Strip.blank(width, base)
        kind = self._kinds[self._row_line[row]]
        style = base + self.get_component_rich_style(f"longtext--{kind}") if kind else base
        text = self.row_text(row)
        segments = [Segment(text, style)]
        span = self.text_selection.get_span(row) if self.text_selection else None
        if span is not None:
            start, end = span
            end = len(text) if end == -1 else end
            chosen = style + self.screen.get_component_rich_style("screen--selection")
            segments = [Segment(text[:start], style), Segment(text[start:end], chosen),
                        Segment(text[end:], style)]
        return Strip(segments).adjust_cell_length(width, base).apply_offsets(0, row)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection (to copy), as written: rows wrapped apart
        are one line again."""
        if not self._row_line:
            return None
        first = self._position(selection.start, 0)
        last = self._position(selection.end, len(self._shown))
        return self._shown[min(first, last):max(first, last)], "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Draw the selection as it changes."""
        self.refresh()

    def _position(self, offset: Offset | None, default: int) -> int:
        # (column, row) on the wrapped rows -> index in the text as drawn.
        if offset is None:
            return default
        row = max(0, min(offset.y, len(self._row_line) - 1))
        column = max(0, min(offset.x, len(self.row_text(row))))
        return self._line_at[self._row_line[row]] + self._row_start[row] + column


def _kinds(lines: list[str]) -> list[str]:
    """How each line is marked: heading, code (inside a fence), quote, rule or plain."""
    kinds: list[str] = []
    fenced = False
    for line in lines:
        bare = line.lstrip()
        if bare.startswith(("```", "~~~")):
            fenced = not fenced
            kinds.append("code")
        elif fenced:
            kinds.append("code")
        elif bare.startswith("#"):
            kinds.append("heading")
        elif bare.startswith(">"):
            kinds.append("quote")
        elif bare[:3] in ("---", "***", "___") and not bare.strip(bare[0]):
            kinds.append("rule")
        else:
            kinds.append("")
    return kinds
