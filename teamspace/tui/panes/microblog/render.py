"""Posts as Rich ``Text`` for the TUI — never markup, never raw control characters.

Every piece of user text passes through :func:`teamspace.text.clean` and is placed in a
``Text`` object as plain text, so ``[bold]`` in a post shows literally and an escape
sequence shows as '�' instead of reaching the terminal.
"""

from __future__ import annotations

from rich.text import Text

from teamspace.dates import ago_stored
from teamspace.store.microblog.feed import PostView
from teamspace.text import clean

SHOWN_REACTORS = 3


def reactors(who: list[str]) -> str:
    """Who reacted: "anna, bob" — past three, "anna, bob, chen +2"."""
    names = ", ".join(who[:SHOWN_REACTORS])
    return names + (f" +{len(who) - SHOWN_REACTORS}" if len(who) > SHOWN_REACTORS else "")


def post_text(post: PostView, me: str, *, width: int | None = None) -> Text:
    """A post: header line, its text, and a line of reactions/replies."""
    text = Text(no_wrap=False, overflow="fold")
    text.append("● " if post.unread else "  ", style="bold cyan")
    text.append(f"#{post.id} ", style="bold")
    text.append(post.author, style="bold green" if post.author != me else "green")
    text.append(f" · {ago_stored(post.created_at)}", style="dim")
    where = post.audience()
    if where:
        text.append(f" · {clean(where, newlines=False)}", style="magenta")
    if post.reply_to:
        text.append(f" · ↪ #{post.reply_to}", style="dim")
    if post.edited:
        text.append(" · edited", style="dim italic")
    body = clean(post.text)
    loud = post.mentions_me and post.author != me
    for line in body.splitlines() or [""]:
        # The indent is its own styled span: unstyled runs get their leading blanks
        # folded away when the option list wraps them.
        text.append("\n")
        text.append("    ", style="dim")
        text.append(line, style="bold yellow" if loud else "default")
    extras = []
    if post.reactions:
        extras.append("  ".join(f"{clean(emoji, newlines=False)} {reactors(who)}"
                                for emoji, who in post.reactions.items()))
    if post.reply_count:
        extras.append(f"💬 {post.reply_count}")
    if extras:
        text.append("\n")
        text.append("    ", style="dim")
        text.append(" · ".join(extras), style="dim")
    return text
