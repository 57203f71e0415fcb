"""The stream: posts, newest first (oldest first in a thread), that keeps its cursor
across live refreshes (tui/widgets/itemlist.py).

The pane loads posts a page at a time and asks for older pages as the cursor nears
the end, so a workspace with 100k posts opens as fast as one with 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList

from teamspace.store.microblog.feed import PostView
from teamspace.tui.panes.microblog.render import post_text
from teamspace.tui.widgets.itemlist import ItemList

MORE_WHEN_WITHIN = 5
NEW_MARKER = Text("──── new above ────", style="bold cyan")


class PostList(ItemList[PostView]):
    """Posts, one option each, with a "new above" divider under the unread ones."""

    PREFIX = "post"

    @dataclass
    class NeedMore(Message):
        """The cursor is near the end: load posts older than ``before``."""

        post_list: PostList
        before: int

    def __init__(self, *, me: str, id: str | None = None, paged: bool = True) -> None:
        super().__init__(id=id)
        self.me = me
        self.paged = paged
        self.exhausted = False
        self.snippets: dict[int, str] = {}  # post id -> where a search matched it

    @property
    def posts(self) -> list[PostView]:
        """The posts shown, top to bottom."""
        return self.items

    @property
    def current_post(self) -> PostView | None:
        """The post under the cursor."""
        return self.current

    def item_text(self, item: PostView) -> Text:
        """A post as the stream shows it (with its matching excerpt, in a search)."""
        text = post_text(item, self.me)
        snippet = self.snippets.get(item.id)
        if snippet:
            from teamspace.store.core.search import marked_spans
            from teamspace.text import clean

            text.append("\n")
            text.append("    match: ", style="dim")
            for part, matched in marked_spans(snippet):
                text.append(clean(part, newlines=False),
                            style="bold black on yellow" if matched else "dim")
        return text

    def show_found(self, found: list[tuple[PostView, str]]) -> None:
        """Show search results, best first, each with its highlighted match."""
        self.snippets = {post.id: snippet for post, snippet in found}
        self.exhausted = True
        self.show([post for post, _ in found])

    def show_posts(self, posts: list[PostView], *, complete: bool, marker: bool = True
                   ) -> None:
        """Replace the content; the divider goes under the oldest unread post, so that
        everything unread is above it (one's own posts, never unread, may sit among them),
        and only when read posts follow."""
        self.snippets = {}
        self.exhausted = complete
        last = max((n for n, post in enumerate(posts) if post.unread), default=None)
        rows: list[PostView | Text] = list(posts)
        if marker and last is not None and last + 1 < len(posts):
            rows.insert(last + 1, NEW_MARKER)
        self.show(rows)

    def extend_posts(self, older: list[PostView], *, complete: bool) -> None:
        """Add an older page at the end."""
        self.exhausted = complete
        self.extend(older)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Ask for more when near the end (ItemList's own handler reports the post: Textual
        calls the handler of every class in the MRO)."""
        if (self.paged and not self.exhausted and self.items and event.option_index
                >= self.option_count - MORE_WHEN_WITHIN):
            self.post_message(self.NeedMore(self, self.items[-1].id))
