"""The long-text viewer: wrapping keeps every character, fits the width and breaks at
blanks where it can; the widget draws exactly its width at every terminal size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.selection import Selection

from teamspace.tui.widgets.longtext import LongText, wrap_starts

LETTERS = st.sampled_from(list("ab cd  efg") + ["é", "語", "👍", "x" * 30, " "])


def rows_of(line: str, width: int) -> list[str]:
    starts = wrap_starts(line, width) + [len(line)]
    return [line[a:b] for a, b in zip(starts, starts[1:], strict=False)]


@settings(max_examples=400)
@given(st.lists(LETTERS, max_size=60).map("".join), st.integers(1, 40))
def test_wrapping_keeps_everything_fits_and_breaks_at_blanks(line: str, width: int) -> None:
    starts = wrap_starts(line, width)
    assert starts[0] == 0 and starts == sorted(set(starts))
    rows = rows_of(line, width)
    assert "".join(rows) == line
    for number, row in enumerate(rows):
        fits = cell_len(row) <= width or len(row) == 1 or (
            row.endswith(" ") and cell_len(row[:-1]) <= width)
        assert fits, (row, width)
        last = number == len(rows) - 1
        assert last or row.endswith(" ") or " " not in row[1:], (row, width)


def test_a_short_line_is_one_row_and_a_long_word_is_cut() -> None:
    assert wrap_starts("", 5) == [0]
    assert wrap_starts("hello", 5) == [0]
    assert rows_of("hello world", 6) == ["hello ", "world"]
    assert rows_of("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert rows_of("語語語", 4) == ["語語", "語"]


class Viewer(App[None]):
    def compose(self) -> ComposeResult:
        yield LongText(id="text")


TEXT = ("# Title\n\n```\ncode\tline\n```\n> quoted\n---\n"
        + ("word " * 300 + "\n") * 50 + "語" * 200 + "\n👍 end")


async def test_the_viewer_draws_its_width_at_every_size() -> None:
    for size in ((50, 20), (80, 24), (200, 60)):
        app = Viewer()
        async with app.run_test(size=size) as pilot:
            view = app.query_one(LongText)
            view.load_text(TEXT)
            await pilot.pause()
            width = view.scrollable_content_region.width
            assert 0 < width < size[0]
            assert view.virtual_size.height == view.rows > 50
            lines = view.text.expandtabs(4).split("\n")
            joined: dict[int, str] = {}
            for row in range(view.rows):
                index = view._row_line[row]
                joined[index] = joined.get(index, "") + view.row_text(row)
            assert [joined[i] for i in range(len(lines))] == lines
            for y in range(view.scrollable_content_region.height):
                assert view.render_line(y).cell_length == width
            assert "Title" in view.render_line(0).text
            view.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            height = view.scrollable_content_region.height
            assert "end" in view.render_line(height - 1).text


async def test_a_mouse_selection_copies_the_text_as_written() -> None:
    app = Viewer()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(LongText)
        view.load_text("first line\n" + "alpha beta gamma delta " * 4 + "\nlast")
        await pilot.pause()
        assert view.rows > 4  # the long line wraps over several rows
        # from "beta" on the second row to the end of the third row (rows 1..3)
        start = view.row_text(1).index("beta")
        selection = Selection.from_offsets(Offset(start, 1), Offset(len(view.row_text(3)), 3))
        text, ending = view.get_selection(selection) or ("", "")
        assert ending == "\n" and "\n" not in text  # wrapped rows are one line again
        assert text.startswith("beta gamma") and text in view.text
        whole, _ = view.get_selection(Selection(None, None)) or ("", "")
        assert whole == view.text
        app.screen.selections = {view: selection}
        await pilot.pause()
        chosen = app.screen.get_component_rich_style("screen--selection")
        row = view.render_line(1)
        assert any(chosen.bgcolor is not None and seg.style is not None
                   and seg.style.bgcolor == chosen.bgcolor and "beta" in seg.text
                   for seg in row)
