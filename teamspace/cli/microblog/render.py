"""Plain-text rendering of posts for the CLI (colour only on a terminal).

Other people's text goes through :func:`teamspace.text.clean` first, so escape
sequences in a post can never reach the terminal.  Colour uses click's styles, which
are stripped automatically when stdout is not a terminal.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import typer

from teamspace.dates import ago_stored
from teamspace.text import clean


def post_lines(post: Any, me: str, now: datetime | None = None) -> list[str]:
    """The lines that show one post."""
    marker = typer.style("●", fg="cyan") if post.unread else " "
    head = [typer.style(f"#{post.id}", bold=True), typer.style(post.author, fg="green"),
            ago_stored(post.created_at, now)]
    where = post.audience()
    if where:
        head.append(typer.style(where, fg="magenta"))
    if post.reply_to:
        head.append(f"↪ #{post.reply_to}")
    lines = [f"{marker} " + " · ".join(head)]
    body = clean(post.text)
    loud = post.mentions_me and post.author != me
    lines += ["    " + (typer.style(line, fg="yellow", bold=True) if loud else line)
              for line in body.splitlines() or [""]]
    tail = []
    if post.reactions:
        tail.append("  ".join(f"{clean(emoji)} {len(who)}"
                              for emoji, who in post.reactions.items()))
    if post.reply_count:
        tail.append(f"{post.reply_count} repl{'y' if post.reply_count == 1 else 'ies'}")
    if post.edited:
        tail.append("(edited)")
    if tail:
        lines.append("    " + typer.style(" · ".join(tail), dim=True))
    return lines


def print_posts(posts: list[Any], me: str, *, empty: str = "No posts.") -> None:
    """Print posts separated by blank lines (or ``empty`` when there are none)."""
    if not posts:
        typer.echo(empty, err=not sys.stdout.isatty())
        return
    from teamspace.dates import local_now

    now = local_now()  # once: the local time zone lookup is not free
    out: list[str] = []
    for post in posts:
        out.extend(post_lines(post, me, now))
        out.append("")
    typer.echo("\n".join(out).rstrip("\n"))
