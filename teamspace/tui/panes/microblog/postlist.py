"""A scrolling list of posts that keeps its cursor across live refreshes.

Built on OptionList, which renders only what is on screen; the pane loads posts a page
at a time (newest first) and asks for older pages as the cursor nears the end, so a
workspace with 100k posts opens as fast as one with 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from teamspace.store.microblog.feed import PostView
from teamspace.tui.panes.microblog.render import post_text

NEW_MARKER = "new-marker"
MORE_WHEN_WITHIN = 5


class PostList(OptionList):
    """Posts, newest first (or oldest first in a thread), one option per post."""

    @dataclass
    class NeedMore(Message):
        """The cursor is near the end: load posts older than ``before``."""

        post_list: PostList
        before: int

    @dataclass
    class Looked(Message):
        """The user's cursor rested on a post (for read markers)."""

        post_list: PostList
        post: PostView

    def __init__(self, *, me: str, id: str | None = None, paged: bool = True) -> None:
        super().__init__(id=id)
        self.me = me
        self.paged = paged
        self.posts: list[PostView] = []
        self.exhausted = False

    def _build_options(self, posts: list[PostView], marker: bool) -> list[Option]:
        options: list[Option] = []
        seen_unread = False
        for post in posts:
            if marker and seen_unread and not post.unread and not any(
                    o.id == NEW_MARKER for o in options):
                options.append(Option(Text("──── new above ────", style="bold cyan"),
                                      id=NEW_MARKER, disabled=True))
            seen_unread = seen_unread or post.unread
            options.append(Option(post_text(post, self.me), id=f"post-{post.id}"))
        return options

    def show(self, posts: list[PostView], *, complete: bool, marker: bool = True) -> None:
        """Replace the content, keeping the cursor on the same post and the scroll offset."""
        current = self.current_post
        scroll = self.scroll_y
        self.posts = list(posts)
        self.exhausted = complete
        self.set_options(self._build_options(self.posts, marker))
        if not self.posts:
            return
        index = self._index_of(current.id) if current else None
        self.highlighted = index if index is not None else self._first_post_index()
        self.scroll_to(y=scroll, animate=False, immediate=True)

    def extend(self, older: list[PostView], *, complete: bool) -> None:
        """Add an older page at the end."""
        known = {p.id for p in self.posts}
        fresh = [p for p in older if p.id not in known]
        self.posts.extend(fresh)
        self.exhausted = complete
        self.add_options(self._build_options(fresh, marker=False))

    def _first_post_index(self) -> int:
        for index, option in enumerate(self.options):
            if not option.disabled:
                return index
        return 0

    def _index_of(self, post_id: int) -> int | None:
        try:
            return self.get_option_index(f"post-{post_id}")
        except Exception:  # OptionDoesNotExist: the post is gone (deleted, filtered)
            return None

    @property
    def current_post(self) -> PostView | None:
        """The post under the cursor."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("post-"):
            return None
        post_id = int(option.id.removeprefix("post-"))
        return next((p for p in self.posts if p.id == post_id), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Report the post looked at; ask for more when near the end."""
        post = self.current_post
        if post is not None:
            self.post_message(self.Looked(self, post))
        if (self.paged and not self.exhausted and self.posts and event.option_index
                >= self.option_count - MORE_WHEN_WITHIN):
            self.post_message(self.NeedMore(self, self.posts[-1].id))
