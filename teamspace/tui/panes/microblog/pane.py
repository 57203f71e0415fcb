"""The Microblog pane: the stream with quick filters, unread marker, composer, alerts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static

from teamspace.errors import TeamspaceError
from teamspace.store.core import groups, people
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.store.microblog.feed import Counts, PostView
from teamspace.text import one_line
from teamspace.tui.panes.microblog.actions import POST_BINDINGS, PostActions
from teamspace.tui.panes.microblog.postlist import PostList
from teamspace.tui.widgets.composer import Composer, Draft

PAGE = 100
VIEW_KEYS = [("all", "a", "All"), ("mentions", "m", "Mentions"), ("private", "p", "Private"),
             ("groups", "g", "Groups")]


@dataclass
class FeedLoaded(Message):
    """A page of the stream, plus the numbers and alerts that go with it."""

    posts: list[PostView]
    complete: bool
    counts: Counts | None = None
    alerts: list[PostView] = field(default_factory=list)
    older: bool = False


@dataclass
class FeedFailed(Message):
    """Reading the stream failed (e.g. the share is unreachable)."""

    error: str


@dataclass
class UnreadChanged(Message):
    """Unread mentions + private messages changed (for the tab label)."""

    count: int


@dataclass
class Directory(Message):
    """Member names and tags, for completion."""

    names: list[str]
    tags: list[str]


class MicroblogPane(Vertical, PostActions):
    """Posts to everyone, mentions, private messages and groups — live."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(key, f"view('{view}')", label, id=f"microblog.view.{view}")
          for view, key, label in VIEW_KEYS],
        Binding("G", "pick_group", "Pick group", id="microblog.group"),
        Binding("R", "read_all", "Mark all read", id="microblog.read_all"),
        *POST_BINDINGS,
    ]

    def __init__(self, workspace: Workspace, *, bell: bool = True) -> None:
        super().__init__(id="microblog-pane")
        self.workspace = workspace
        self.bell = bell
        self.view = "all"
        self.group: str | None = None
        self.max_seen: int | None = None
        self.counts: Counts | None = None
        self._look_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Filter bar, stream, composer."""
        yield Static(id="filters")
        yield PostList(me=self.workspace.user, id="stream")
        yield Composer(id="composer")

    def on_mount(self) -> None:
        """Load the stream and the completion lists."""
        self._show_filters()
        self.post_list().focus()
        self.reload()
        self.load_directory()

    # ------------------------------------------------------------------ plumbing
    def post_list(self) -> PostList:
        """The stream."""
        return self.query_one("#stream", PostList)

    def composer(self) -> Composer:
        """The composer under the stream."""
        return self.query_one("#composer", Composer)

    def default_draft(self) -> Draft:
        """New posts go into the group being viewed, else to everyone."""
        if self.view == "group" and self.group:
            return Draft(label=f"New post in {self.group}")
        return Draft()

    def post_target(self) -> dict[str, Any]:
        """Post into the group being viewed."""
        return {"group": self.group} if self.view == "group" and self.group else {}

    def _show_filters(self) -> None:
        counts = self.counts
        line = Text()
        for view, key, label in VIEW_KEYS:
            extra = ""
            if counts and view == "mentions" and counts.mentions:
                extra = f" ({counts.mentions})"
            if counts and view == "private" and counts.private:
                extra = f" ({counts.private})"
            active = self.view == view
            line.append(f" {key} ", style="reverse" if active else "bold")
            line.append(f" {label}{extra}  ", style="bold" if active else "")
        line.append(" G ", style="reverse" if self.view == "group" else "bold")
        line.append(f" {self.group or 'group…'}  ", style="bold" if self.view == "group" else "")
        if counts and counts.unread:
            line.append(f"  {counts.unread}{'+' if counts.capped else ''} unread", style="cyan")
        self.query_one("#filters", Static).update(line)

    # ------------------------------------------------------------------ actions
    def action_view(self, view: str) -> None:
        """Switch the stream to All / Mentions / Private / Groups."""
        self.view, self.group = view, None
        self._show_filters()
        if self.composer().draft.mode == "post" and not self.composer().text:
            self.composer().reset(self.default_draft())
        self.reload()

    def action_pick_group(self) -> None:
        """Choose a group to read (and post into)."""
        from teamspace.tui.screens.pickers import GroupPicker

        def chosen(name: str | None) -> None:
            if name:
                self.view, self.group = "group", name
                self._show_filters()
                self.composer().reset(self.default_draft())
                self.post_list().focus()
                self.reload()

        self.app.push_screen(GroupPicker(self.workspace), chosen)

    def action_read_all(self) -> None:
        """Mark everything read."""
        self.run_write(posts.mark_read, {"everything": True}, "Marked everything read")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a post opens its thread."""
        from teamspace.tui.panes.microblog.thread import ThreadScreen

        post = self.post_list().current_post
        if post is not None:
            self.app.push_screen(ThreadScreen(self.workspace, post.id))

    def on_post_list_need_more(self, event: PostList.NeedMore) -> None:
        """Load an older page."""
        self.load_page(before=event.before)

    def on_post_list_looked(self, event: PostList.Looked) -> None:
        """Mark a post read once the cursor has rested on it."""
        if self._look_timer is not None:
            self._look_timer.stop()
        if event.post.unread:
            self._look_timer = self.set_timer(0.8, lambda: self._mark_looked(event.post))

    def _mark_looked(self, post: PostView) -> None:
        current = self.post_list().current_post
        if current is not None and current.id == post.id and post.unread:
            post.unread = False
            self.quiet_read(post.id)

    # ------------------------------------------------------------------ workers
    def reload(self) -> None:
        """Fetch the newest page again (cursor and scroll are kept)."""
        self.load_page(before=None)

    @work(thread=True, exclusive=True, group="feed", exit_on_error=False)
    def load_page(self, before: int | None) -> None:
        """Read a page of the stream (the newest one with counts and alerts, in one unit)."""
        view = "all" if self.view == "group" else self.view
        try:
            if before is not None:
                page = feed.feed(self.workspace, view=view, group=self.group, before=before,
                                 limit=PAGE)
                self.post_message(FeedLoaded(page, len(page) < PAGE, older=True))
                return
            page, counts, alerts = feed.newest(self.workspace, view=view, group=self.group,
                                               limit=PAGE)
            self.post_message(FeedLoaded(page, len(page) < PAGE, counts, alerts))
        except TeamspaceError as exc:
            self.post_message(FeedFailed(str(exc)))

    @work(thread=True, group="directory", exit_on_error=False)
    def load_directory(self) -> None:
        """Member names and known tags for @/# completion."""
        try:
            names = [p.username for p in people.list_people(self.workspace)]
            tags = feed.known_tags(self.workspace, limit=200)
            self.post_message(Directory(names, tags))
        except TeamspaceError:
            pass  # completion is a convenience; the stream reports real failures

    @work(thread=True, group="read", exit_on_error=False)
    def quiet_read(self, post_id: int) -> None:
        """Record that a post was read, without a toast."""
        try:
            posts.mark_read(self.workspace, post_ids=[post_id])
        except TeamspaceError:
            pass  # a lost read marker only means the post shows as unread again

    # ------------------------------------------------------------------ results
    def on_feed_loaded(self, event: FeedLoaded) -> None:
        """Show the page; update counts; toast and ring for new mentions/messages."""
        stream = self.post_list()
        if event.older:
            stream.extend(event.posts, complete=event.complete)
            return
        stream.show(event.posts, complete=event.complete)
        self.counts = event.counts
        self._show_filters()
        if event.counts is not None:
            self.post_message(UnreadChanged(event.counts.mentions + event.counts.private))
        newest = max([p.id for p in event.posts] + [p.id for p in event.alerts] + [0])
        if self.max_seen is not None:
            fresh = {p.id: p for p in event.alerts if p.id > self.max_seen}
            for post in sorted(fresh.values(), key=lambda p: p.id):
                kind = "Private message" if post.visibility == "private" else "Mention"
                self.notify(one_line(post.text, 70), title=f"{kind} from {post.author}",
                            markup=False)
            if fresh and self.bell:
                self.app.bell()
        self.max_seen = max(newest, self.max_seen or 0)

    def on_feed_failed(self, event: FeedFailed) -> None:
        """Say the stream could not be read (the last content stays)."""
        self.notify(event.error, severity="error", timeout=8, markup=False)

    def on_directory(self, event: Directory) -> None:
        """Hand names and tags to the composer."""
        self.composer().names = event.names
        self.composer().tags = event.tags

    def refresh_directory(self) -> None:
        """Re-read names/tags (after a live change)."""
        self.load_directory()


__all__ = ["MicroblogPane", "UnreadChanged", "groups"]
