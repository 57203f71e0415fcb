"""A thread: its first post and every reply, oldest first, with a reply composer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header

from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.store.microblog.feed import PostView
from teamspace.tui.pane import Writes
from teamspace.tui.panes.microblog.actions import POST_BINDINGS, PostActions
from teamspace.tui.panes.microblog.postlist import PostList
from teamspace.tui.widgets.composer import Composer, Draft
from teamspace.tui.widgets.footer import FitFooter


@dataclass
class ThreadLoaded(Message):
    """The thread's posts (or an error)."""

    posts: list[PostView]
    error: str | None = None


class ThreadScreen(PostActions, Writes, Screen[None]):
    """Read a thread and reply to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="thread.close"),
        *POST_BINDINGS,
    ]

    def __init__(self, workspace: Workspace, post_id: int, *, names: list[str] | None = None,
                 tags: list[str] | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.post_id = post_id
        self.root_id = post_id
        self.names = list(names or [])
        self.tags = list(tags or [])

    def compose(self) -> ComposeResult:
        """Header, the thread, a reply composer, footer."""
        yield Header()
        yield PostList(me=self.workspace.user, id="thread-posts", paged=False)
        yield Composer(id="thread-composer")
        yield FitFooter()

    def on_mount(self) -> None:
        """Load the thread; the reply box completes the same @names and #tags."""
        self.composer().names, self.composer().tags = self.names, self.tags
        self.reload()

    def post_list(self) -> PostList:
        """The thread's posts."""
        return self.query_one("#thread-posts", PostList)

    def composer(self) -> Composer:
        """Replies."""
        return self.query_one("#thread-composer", Composer)

    def default_draft(self) -> Draft:
        """A new message here is a reply to the thread."""
        return Draft("reply", self.root_id, label=f"Reply to thread #{self.root_id}")

    def action_compose(self) -> None:
        """Reply to the thread."""
        self.composer().start(self.default_draft())

    def action_close(self) -> None:
        """Back to the stream."""
        self.dismiss(None)

    def reload(self) -> None:
        """Fetch the thread again."""
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the thread off the UI thread and mark it read."""
        try:
            found = feed.thread(self.workspace, self.post_id)
            unread = [p.id for p in found if p.unread]
            if unread:
                posts.mark_read(self.workspace, post_ids=unread)
            self.post_message(ThreadLoaded(found))
        except TeamspaceError as exc:
            self.post_message(ThreadLoaded([], str(exc)))

    def on_thread_loaded(self, event: ThreadLoaded) -> None:
        """Show it (or say why not and go back)."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            self.dismiss(None)
            return
        if event.posts:
            self.root_id = event.posts[0].id
        first = not self.post_list().posts
        self.post_list().show_posts(event.posts, complete=True, marker=False)
        if first:
            self.composer().reset(self.default_draft())
            self.post_list().focus()
        self.sub_title = f"thread #{self.root_id} · {len(event.posts)} posts"
