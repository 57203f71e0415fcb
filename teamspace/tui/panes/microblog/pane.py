"""The Microblog pane: the stream with quick filters, unread marker, composer, alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from teamspace.errors import TeamspaceError
from teamspace.store.microblog import feed, posts
from teamspace.store.microblog.feed import Counts, Latest, PostView
from teamspace.text import one_line
from teamspace.tui.pane import Pane
from teamspace.tui.panes.microblog.actions import POST_BINDINGS, DmDraft, PostActions
from teamspace.tui.panes.microblog.postlist import PostList
from teamspace.tui.widgets.composer import Composer, Draft
from teamspace.tui.widgets.itemlist import ItemList

PAGE = 100
EMPTY = {
    "all": "No posts yet. Press c to write the first one: everyone in the workspace sees it "
           "(Private, p, for a message to one person).",
    "mentions": "Nobody has mentioned you yet. Posts with @you in them show up here.",
    "private": "No private messages yet. Press c to write one: you name who reads it.",
    "groups": "No posts in your groups yet. Press G to pick a group, or 'teamspace group "
              "create NAME' to make one.",
    "group": "No posts in this group yet. Press c to write the first one.",
}
VIEW_KEYS = [("all", "a", "All"), ("mentions", "m", "Mentions"), ("private", "p", "Private"),
             ("groups", "g", "Groups")]


def dm_draft(names: list[str]) -> DmDraft:
    """A private message to ``names``."""
    return DmDraft(label="Private message to " + ", ".join(names), to=list(names))


@dataclass
class OlderLoaded(Message):
    """An older page of the stream (the cursor neared the end)."""

    posts: list[PostView]
    complete: bool


@dataclass
class TagsLoaded(Message):
    """Tags in use, for # completion."""

    tags: list[str]


class MicroblogPane(PostActions, Pane):
    """Posts to everyone, mentions, private messages and groups — live."""

    KEY = "microblog"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(key, f"view('{view}')", label, id=f"microblog.view.{view}")
          for view, key, label in VIEW_KEYS],
        Binding("G", "pick_group", "Pick group", id="microblog.group"),
        Binding("enter", "open_thread", "Open thread", id="microblog.thread"),
        Binding("n", "next_unread", "Next unread", id="microblog.next_unread"),
        Binding("slash", "search", "Search posts", key_display="/", id="microblog.search"),
        Binding("R", "read_all", "Mark all read", id="microblog.read_all"),
        Binding("escape", "view('all')", "All, no filter", show=False,
                id="microblog.clear"),
        *POST_BINDINGS,
    ]
    # (view, group): what the stream shows; changing it reloads.
    scope: reactive[tuple[str, str | None]] = reactive(("all", None), init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_seen: int | None = None
        self.counts: Counts | None = None
        self.searching = ""  # the search shown instead of the stream ("" = none)
        self._look_timer: Timer | None = None
        self.dm_to: list[str] = []  # who the Private view's last message went to

    @property
    def view(self) -> str:
        """all | mentions | private | groups | group."""
        return self.scope[0]

    @property
    def group(self) -> str | None:
        """The group being read (view "group")."""
        return self.scope[1]

    def compose(self) -> ComposeResult:
        """Filter bar, search box (hidden until /), stream, composer."""
        yield Static(id="filters")
        yield Input(placeholder="search posts: words, \"a phrase\", pre*, -without — "
                    "enter searches, esc leaves", id="post-search")
        yield PostList(me=self.workspace.user, id="stream")
        yield Composer(id="composer")

    def on_mount(self) -> None:
        """Load the stream and the tags for completion."""
        self.query_one("#post-search", Input).display = False
        self._show_filters()
        self.post_list().focus()
        self.reload()
        self.load_tags()

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """The stream's keys, then the thread's and the reaction picker's."""
        from teamspace.tui.panes.microblog.history import HistoryScreen
        from teamspace.tui.panes.microblog.pickers import ReactionPicker, RecipientPrompt
        from teamspace.tui.panes.microblog.thread import ThreadScreen
        from teamspace.tui.screens.help import bindings_of

        return [*super().help_sections(title), ("Thread", bindings_of(ThreadScreen)),
                ("Reaction picker", bindings_of(ReactionPicker)),
                ("Private message to", bindings_of(RecipientPrompt)),
                ("Post history", bindings_of(HistoryScreen))]

    # ------------------------------------------------------------------ plumbing
    def main_widget(self) -> Widget:
        """The stream takes the keyboard."""
        return self.post_list()

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
        if self.view == "private" and self.dm_to:
            return dm_draft(self.dm_to)
        return Draft()

    def post_target(self, draft: Draft) -> dict[str, Any]:
        """Post into the group being viewed; a private message to its recipients."""
        if isinstance(draft, DmDraft):
            return {"to": draft.to}
        return {"group": self.group} if self.view == "group" and self.group else {}

    def action_compose(self) -> None:
        """Write a new post; in the Private view, first say who it is for."""
        if self.view != "private":
            self.composer().start(self.default_draft())
            return
        from teamspace.tui.panes.microblog.pickers import RecipientPrompt

        def chosen(names: list[str] | None) -> None:
            if names:
                self.dm_to = names
                self.composer().start(dm_draft(names))

        self.app.push_screen(RecipientPrompt(self.composer().names, self.workspace.user,
                                             self.dm_to), chosen)

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

    def watch_scope(self) -> None:
        """Another view or group: show it, and post into it."""
        self._show_filters()
        if self.composer().draft.mode == "post" and not self.composer().text:
            self.composer().reset(self.default_draft())
        self.reload()

    # ------------------------------------------------------------------ actions
    def action_view(self, view: str) -> None:
        """Switch the stream to All / Mentions / Private / Groups."""
        self.scope = (view, None)

    def action_pick_group(self) -> None:
        """Choose a group to read (and post into)."""
        from teamspace.tui.screens.pickers import GroupPicker

        def chosen(name: str | None) -> None:
            if name:
                self.composer().reset(Draft(label=f"New post in {name}"))
                self.scope = ("group", name)
                self.post_list().focus()

        self.app.push_screen(GroupPicker(self.workspace), chosen)

    def action_read_all(self) -> None:
        """Mark everything read."""
        self.run_write(posts.mark_read, {"everything": True}, "Marked everything read")

    @on(OptionList.OptionSelected, "#stream")
    def action_open_thread(self) -> None:
        """Enter on a post opens its thread (with the same @/# completion)."""
        from teamspace.tui.panes.microblog.thread import ThreadScreen

        post = self.post_list().current_post
        if post is not None:
            composer = self.composer()
            self.app.push_screen(ThreadScreen(self.workspace, post.id, names=composer.names,
                                              tags=composer.tags))

    def action_next_unread(self) -> None:
        """Move the cursor to the next unread post below it (or say there is none)."""
        stream = self.post_list()
        posts_shown = stream.posts
        current = stream.current_post
        start = posts_shown.index(current) + 1 if current in posts_shown else 0
        for post in posts_shown[start:] + posts_shown[:start]:
            if post.unread and post is not current:
                stream.select(post.id)
                return
        self.notify("Nothing unread here.", markup=False)

    def on_post_list_need_more(self, event: PostList.NeedMore) -> None:
        """Load an older page."""
        self.load_older(event.before)

    @on(ItemList.Looked, "#stream")
    def looked(self, event: ItemList.Looked) -> None:
        """Mark a post read once the cursor has rested on it."""
        if self._look_timer is not None:
            self._look_timer.stop()
        post: PostView = event.item
        if post.unread:
            self._look_timer = self.set_timer(0.8, lambda: self._mark_looked(post))

    def _mark_looked(self, post: PostView) -> None:
        current = self.post_list().current_post
        if current is not None and current.id == post.id and post.unread:
            post.unread = False
            self.quiet_read(post.id)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Writing starts: fetch the tags in use for # completion."""
        if event.widget.id == "composer-text":
            self.load_tags()

    # ------------------------------------------------------------------ search
    def action_search(self) -> None:
        """Search the posts you can see (ranked, the match highlighted)."""
        box = self.query_one("#post-search", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#post-search")
    def search_typed(self, event: Input.Submitted) -> None:
        """Enter: show the matches (an empty search goes back to the stream)."""
        event.stop()
        self.searching = event.value.strip()
        event.input.display = bool(self.searching)
        self.post_list().focus()
        self.reload()

    def on_key(self, event: events.Key) -> None:
        """Esc in the search box leaves the search."""
        box = self.query_one("#post-search", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value, box.display, self.searching = "", False, ""
            self.post_list().focus()
            self.reload()

    # ------------------------------------------------------------------ the view
    def read(self) -> Latest | list[tuple[PostView, str]]:
        """The newest page with counts, alerts and member names: one unit of work (or,
        while searching, the matches)."""
        if self.searching:
            from teamspace.store.microblog.search import search_posts

            return [(f.post, f.snippet) for f in search_posts(self.workspace, self.searching,
                                                              limit=PAGE)]
        view = "all" if self.view == "group" else self.view
        return feed.newest(self.workspace, view=view, group=self.group, limit=PAGE)

    def show(self, data: Latest | list[tuple[PostView, str]]) -> None:
        """Show the page; update counts; toast and ring for new mentions/messages."""
        if isinstance(data, list):
            self.post_list().empty_text = "No posts match. Esc in the search box leaves it."
            self.post_list().show_found(data)
            return
        self.post_list().empty_text = EMPTY.get(self.view, EMPTY["all"])
        self.post_list().show_posts(data.posts, complete=len(data.posts) < PAGE)
        self.counts = data.counts
        self._show_filters()
        self.composer().names = data.names
        self.post_message(self.Badge(self, data.counts.mentions + data.counts.private))
        newest = max([p.id for p in data.posts] + [p.id for p in data.alerts] + [0])
        if self.max_seen is not None:
            fresh = {p.id: p for p in data.alerts if p.id > self.max_seen}
            for post in sorted(fresh.values(), key=lambda p: p.id):
                kind = "Private message" if post.visibility == "private" else "Mention"
                self.notify(one_line(post.text, 70), title=f"{kind} from {post.author}",
                            markup=False)
            if fresh and self.settings.bell:
                self.app.bell()
        self.max_seen = max(newest, self.max_seen or 0)

    # ------------------------------------------------------------------ other workers
    @work(thread=True, exclusive=True, group="feed-older", exit_on_error=False)
    def load_older(self, before: int) -> None:
        """Read the page of posts older than ``before``."""
        view = "all" if self.view == "group" else self.view
        try:
            page = feed.feed(self.workspace, view=view, group=self.group, before=before,
                             limit=PAGE)
        except TeamspaceError as exc:
            self.post_message(self.ReadFailed(self, str(exc)))
            return
        self.post_message(OlderLoaded(page, len(page) < PAGE))

    def on_older_loaded(self, event: OlderLoaded) -> None:
        """Add the older page at the end."""
        self.post_list().extend_posts(event.posts, complete=event.complete)

    @work(thread=True, exclusive=True, group="tags", exit_on_error=False)
    def load_tags(self) -> None:
        """Known tags for # completion (on opening and when writing starts)."""
        try:
            self.post_message(TagsLoaded(feed.known_tags(self.workspace, limit=200)))
        except TeamspaceError:
            pass  # completion is a convenience; the stream reports real failures

    def on_tags_loaded(self, event: TagsLoaded) -> None:
        """Hand the tags to the composer."""
        self.composer().tags = event.tags

    @work(thread=True, group="read", exit_on_error=False)
    def quiet_read(self, post_id: int) -> None:
        """Record that a post was read, without a toast."""
        try:
            posts.mark_read(self.workspace, post_ids=[post_id])
        except TeamspaceError:
            pass  # a lost read marker only means the post shows as unread again


PANE = MicroblogPane
