"""What you can do to posts, shared by the Microblog pane and the thread screen.

Writes go through the host's ``run_write`` (tui/pane.py ``Writes``): a thread worker
that reports back with a message; a write that fails keeps the composer's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from teamspace.store.microblog import posts
from teamspace.tui.pane import WriteDone, WriteFailed
from teamspace.tui.widgets.composer import Composer, Draft

if TYPE_CHECKING:
    from teamspace.store.core.connection import Workspace
    from teamspace.store.microblog.feed import PostView
    from teamspace.tui.panes.microblog.postlist import PostList

POST_BINDINGS = [
    Binding("c", "compose", "Compose", id="posts.compose"),
    Binding("r", "reply", "Reply", id="posts.reply"),
    Binding("e", "edit", "Edit mine", id="posts.edit"),
    Binding("d", "delete", "Delete mine", id="posts.delete"),
    Binding("u", "undo", "Undo delete", id="posts.undo"),
    Binding("plus", "react", "React", key_display="+", id="posts.react"),
    Binding("h", "history", "Edit history", id="posts.history"),
]


@dataclass
class DmDraft(Draft):
    """A new private message to ``to`` (the author is always among its readers)."""

    to: list[str] = field(default_factory=list)


class PostActions:
    """Mixin for a widget or screen holding a PostList and a Composer."""

    last_deleted: int | None = None

    # Provided by the class this is mixed into.
    workspace: Workspace
    notify: Callable[..., None]
    run_write: Callable[..., Any]

    def post_list(self) -> PostList:
        """The list of posts acted on."""
        raise NotImplementedError

    def composer(self) -> Composer:
        """The composer used for replies and edits."""
        raise NotImplementedError

    def _current(self) -> PostView | None:
        post = self.post_list().current_post
        if post is None:
            self.notify("No post selected.", severity="warning", markup=False)
        return post

    def action_compose(self) -> None:
        """Write a new post."""
        self.composer().start(self.default_draft())

    def default_draft(self) -> Draft:
        """What a fresh composer writes (the pane/screen decides)."""
        return Draft()

    def action_reply(self) -> None:
        """Reply to the selected post."""
        post = self._current()
        if post is not None:
            self.composer().start(Draft("reply", post.id, label=f"Reply to #{post.id} "
                                                                 f"by {post.author}"))

    def action_edit(self) -> None:
        """Edit the selected post (your own)."""
        post = self._current()
        if post is None:
            return
        if post.author != self.workspace.user:
            self.notify("You can only edit your own posts.", severity="warning", markup=False)
            return
        self.composer().start(Draft("edit", post.id, post.version, f"Editing #{post.id}",
                                    original=post.text), post.text)

    def action_delete(self) -> None:
        """Delete the selected post (your own); 'u' undoes it."""
        post = self._current()
        if post is None:
            return
        if post.author != self.workspace.user:
            self.notify("You can only delete your own posts.", severity="warning", markup=False)
            return
        self.last_deleted = post.id
        self.run_write(posts.delete_post, {"post_id": post.id},
                       f"Deleted #{post.id} — press u to undo")

    def action_undo(self) -> None:
        """Restore the post deleted last."""
        if self.last_deleted is None:
            self.notify("Nothing to undo.", markup=False)
            return
        post_id, self.last_deleted = self.last_deleted, None
        self.run_write(posts.restore_post, {"post_id": post_id}, f"Restored #{post_id}")

    def action_react(self) -> None:
        """Pick a reaction for the selected post."""
        from teamspace.tui.panes.microblog.pickers import ReactionPicker

        post = self._current()
        if post is None:
            return

        def chosen(emoji: str | None) -> None:
            if emoji:
                self.run_write(posts.react, {"post_id": post.id, "emoji": emoji},
                               f"{emoji} on #{post.id}")

        self.app.push_screen(ReactionPicker(), chosen)  # type: ignore[attr-defined]

    def action_history(self) -> None:
        """Every version of the selected post, who reacted and when."""
        from teamspace.tui.panes.microblog.history import HistoryScreen

        post = self._current()
        if post is not None:
            self.app.push_screen(HistoryScreen(self.workspace, post.id))  # type: ignore[attr-defined]

    def on_composer_left(self, event: Composer.Left) -> None:
        """Escape in the composer: back to the list, composer back to its default."""
        event.stop()
        if self.composer().draft.mode == "edit" or not self.composer().text.strip():
            self.composer().reset(self.default_draft())
        self.post_list().focus()

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        """Send what the composer holds."""
        event.stop()
        draft = event.draft
        sent = {"sent": event.text}
        if draft.mode == "edit" and draft.target is not None:
            if event.text == draft.original:
                self.notify("No change.", markup=False)
                self.composer().reset(self.default_draft())
                self.post_list().focus()
                return
            self.run_write(posts.edit_post, {"post_id": draft.target, "text": event.text,
                                             "version": draft.version},
                           f"Edited #{draft.target}", clear=True, extra=sent)
        elif draft.mode == "reply" and draft.target is not None:
            self.run_write(posts.create_post, {"text": event.text, "reply_to": draft.target},
                           "Replied", clear=True, extra=sent)
        else:
            target = self.post_target(draft)
            self.run_write(posts.create_post, {"text": event.text, **target},
                           "Sent privately" if target.get("to") else "Posted", clear=True,
                           extra=sent)

    def post_target(self, draft: Draft) -> dict[str, Any]:
        """Extra arguments for a new post: the recipients of a private message (or, in
        the pane, the group being viewed)."""
        return {"to": draft.to} if isinstance(draft, DmDraft) else {}

    def written(self, event: WriteDone) -> None:
        """Clear what the write sent from the composer; the keyboard goes back to the
        list (so the next key is a command, not more text)."""
        if event.clear:
            composer = self.composer()
            composer.clear_sent(event.extra.get("sent", composer.text), self.default_draft())
            if not composer.text.strip():
                self.post_list().focus()

    def write_failed(self, event: WriteFailed) -> None:
        """Keep the text; say why under it."""
        self.composer().hint(event.error, error=True)
