"""A list of items (posts, tasks, notes, links, time entries) that keeps its cursor on
the same item and its scroll position when a live refresh replaces the content.

Built on OptionList, which renders only the lines on screen, so a long list costs what
the screen shows.  Rows that are not items (group headings, a "new above" divider) are
disabled options; the cursor skips them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")


class ItemList(OptionList, Generic[T]):
    """Items with an integer id each; subclasses say how one looks (:meth:`item_text`)."""

    PREFIX = "item"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    @dataclass
    class Looked(Message):
        """The cursor moved to an item (panes show its details, mark it read...)."""

        item_list: ItemList[Any]
        item: Any

        @property
        def control(self) -> ItemList[Any]:
            """The list (so handlers can pick one with ``@on(…, "#id")``)."""
            return self.item_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[T] = []
        self._by_key: dict[int, T] = {}
        # What an empty list says (what to do next), set by the pane for its view.
        self.empty_text = "Nothing here yet."

    # ------------------------------------------------------------------ to implement
    def item_key(self, item: T) -> int:
        """The item's id (unique in the list)."""
        return int(item.id)  # type: ignore[attr-defined]

    def item_text(self, item: T) -> Text:
        """How one item looks."""
        raise NotImplementedError

    # ------------------------------------------------------------------ content
    def _rows_to_options(self, rows: Sequence[T | Text]) -> tuple[list[Option], list[T]]:
        options: list[Option] = []
        items: list[T] = []
        for row in rows:
            if isinstance(row, Text):
                options.append(Option(row, id=f"row-{len(options)}", disabled=True))
            else:
                options.append(Option(self.item_text(row),
                                      id=f"{self.PREFIX}-{self.item_key(row)}"))
                items.append(row)
        return options, items

    def show(self, rows: Sequence[T | Text]) -> None:
        """Replace the content (items, and Text rows as headings), keeping the cursor on
        the same item and that item where it was on screen: rows added above it (a live
        update) do not push it away.  When the item has gone (ticked off, deleted,
        filtered out) the cursor goes to the item that followed it, else the one before."""
        current = self.current
        before = [self.item_key(item) for item in self.items]
        anchor = self._screen_line()
        scroll = self.scroll_y
        options, self.items = self._rows_to_options(rows)
        self._by_key = {self.item_key(item): item for item in self.items}
        if not self.items:
            options = [Option(Text(self.empty_text, style="dim italic"), id="row-empty",
                              disabled=True)]
        self.set_options(options)
        if not self.items:
            return
        index = self._successor(self.item_key(current), before) if current is not None \
            else None
        self.highlighted = index if index is not None else self._first_item_index()
        if anchor is not None and index is not None and self._index_of(
                self.item_key(current)) == index:  # type: ignore[arg-type]
            line = self._index_to_line.get(index)
            if line is not None:
                scroll = max(0, line - anchor)
        self.scroll_to(y=scroll, animate=False, immediate=True)

    def _screen_line(self) -> int | None:
        """How far below the top of the view the cursor's item starts (None: not in view)."""
        if self.highlighted is None or not self.is_mounted:
            return None
        line = self._index_to_line.get(self.highlighted)
        if line is None:
            return None
        offset = line - round(self.scroll_y)
        return offset if 0 <= offset < max(1, self.scrollable_content_region.height) else None

    def _successor(self, key: int, before: list[int]) -> int | None:
        """The option index of ``key``, or of the nearest item after it (then before it)
        in the previous order that is still shown."""
        index = self._index_of(key)
        if index is not None or key not in before:
            return index
        at = before.index(key)
        for other in [*before[at + 1:], *reversed(before[:at])]:
            index = self._index_of(other)
            if index is not None:
                return index
        return None

    def extend(self, rows: Sequence[T | Text]) -> None:
        """Add rows at the end (an older page); items already shown are skipped."""
        fresh = [r for r in rows if isinstance(r, Text) or self.item_key(r) not in self._by_key]
        options, items = self._rows_to_options(fresh)
        self.items.extend(items)
        self._by_key.update((self.item_key(item), item) for item in items)
        self.add_options(options)

    def _first_item_index(self) -> int:
        return next((i for i, o in enumerate(self.options) if not o.disabled), 0)

    def _index_of(self, key: int) -> int | None:
        try:
            return self.get_option_index(f"{self.PREFIX}-{key}")
        except Exception:  # OptionDoesNotExist: gone (deleted, filtered, moved)
            return None

    def select(self, key: int) -> bool:
        """Put the cursor on the item with id ``key`` if it is shown."""
        index = self._index_of(key)
        if index is not None:
            self.highlighted = index
        return index is not None

    @property
    def current(self) -> T | None:
        """The item under the cursor."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith(self.PREFIX + "-"):
            return None
        return self._by_key.get(int(option.id.removeprefix(self.PREFIX + "-")))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Report the item looked at."""
        item = self.current
        if item is not None:
            self.post_message(self.Looked(self, item))
