"""Reading the microblog: feed, thread, trash, history.

No ``from __future__ import annotations`` here (see cli/posts.py for why).
"""

from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    IdArg,
    JsonOption,
    iso_times,
    make_app,
    open_workspace,
    print_json,
    since_text,
)
from teamspace.cli.microblog.render import print_posts

app = make_app()


@app.command()
def feed(
    mentions: Annotated[bool, typer.Option("--mentions", help="Posts that mention me.")]
    = False,
    private: Annotated[bool, typer.Option("--private", help="Private messages only.")]
    = False,
    groups: Annotated[bool, typer.Option("--groups", help="Posts in my groups.")] = False,
    group: Annotated[str | None, typer.Option("--group", metavar="NAME",
                                              help="Posts in group NAME.",
                                              autocompletion=complete.groups)] = None,
    tag: Annotated[str | None, typer.Option("--tag", metavar="TAG",
                                            help="Posts with #TAG.",
                                            autocompletion=complete.post_tags)] = None,
    author: Annotated[str | None, typer.Option("--from", metavar="USER",
                                               help="Posts by USER.",
                                               autocompletion=complete.people)] = None,
    unread: Annotated[bool, typer.Option("--unread", help="Only what I have not read.")]
    = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="Newer than WHEN (yesterday, 2h, mon, 2026-11-01).")
    ] = None,
    before: Annotated[int | None, typer.Option(
        "--before", metavar="ID", help="Older than post ID (to page back).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many posts.")] = 20,
    search: Annotated[str | None, typer.Option(
        "--search", "-s", metavar="WORDS", help="Posts matching WORDS, best match first: "
        "all words, \"a phrase\", pre*, -without, a OR b.", show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show posts, newest first (muted users, tags, groups and threads left out)."""
    from teamspace.errors import InvalidInput
    from teamspace.store.microblog import feed as store

    if search is not None:
        _search(db, search, limit, as_json)
        return

    views = [name for name, chosen in (("mentions", mentions), ("private", private),
                                       ("groups", groups)) if chosen]
    if len(views) > 1:
        raise InvalidInput("choose one of --mentions, --private, --groups")
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    ws = open_workspace(db)
    after = since_text(since)
    show_counts = unread and not as_json
    # One unit of work (one lock, one connection) for the page and, for --unread on a
    # terminal, the counts under it.
    posts, counts = ws.read(lambda session: (
        store.select_posts(session, view=views[0] if views else "all", group=group, tag=tag,
                           author=author, unread=unread, since=after, before=before,
                           limit=limit),
        store.count_unread(session) if show_counts else None))
    if as_json:
        print_json([p.to_json() for p in posts])
        return
    print_posts(posts, ws.user, empty="Nothing unread." if unread else "No posts.")
    if counts is not None and posts:
        plus = "+" if counts.capped else ""
        typer.echo(typer.style(f"{counts.unread}{plus} unread ({counts.mentions} mentions, "
                               f"{counts.private} private)", dim=True), err=True)


@app.command()
def thread(post_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show the thread that post ID belongs to, oldest first."""
    from teamspace.store.microblog import feed

    ws = open_workspace(db)
    posts = feed.thread(ws, post_id)
    if as_json:
        print_json([p.to_json() for p in posts])
    else:
        print_posts(posts, ws.user)


@app.command()
def trash(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List your deleted posts."""
    from teamspace.store.microblog import feed

    ws = open_workspace(db)
    posts = feed.trash(ws)
    if as_json:
        print_json([p.to_json() for p in posts])
    else:
        print_posts(posts, ws.user, empty="The trash is empty.")


@app.command()
def history(post_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show every change to post ID: who, when, and the text before and after."""
    from teamspace.dates import ago_stored
    from teamspace.store.microblog import feed
    from teamspace.text import clean

    steps = feed.history(open_workspace(db), post_id)
    if as_json:
        print_json([iso_times(step, "at") for step in steps])
        return
    for step in steps:
        typer.echo(f"{ago_stored(step['at'])} · {step['actor']} · {step['action']}")
        before_after = step["changes"].get("text")
        if before_after and before_after[0] is not None:
            typer.echo("    - " + clean(str(before_after[0]), newlines=False))
        if before_after and before_after[1] is not None:
            typer.echo("    + " + clean(str(before_after[1]), newlines=False))


def _search(db: str | None, words: str, limit: int, as_json: bool) -> None:
    """Print the posts matching ``words``, each with its matching excerpt highlighted."""
    import sys

    from teamspace.cli.microblog.render import post_lines
    from teamspace.store.core.search import marked_spans
    from teamspace.store.microblog.search import search_posts
    from teamspace.text import clean

    ws = open_workspace(db)
    found = search_posts(ws, words, limit=limit)
    if as_json:
        print_json([f.to_json() for f in found])
        return
    if not found:
        typer.echo("No posts match.", err=not sys.stdout.isatty())
        return
    out: list[str] = []
    for hit in found:
        out.extend(post_lines(hit.post, ws.user))
        excerpt = "".join(typer.style(clean(part, newlines=False), bold=True, fg="yellow")
                          if matched else clean(part, newlines=False)
                          for part, matched in marked_spans(hit.snippet))
        out.extend(["    " + typer.style("match: ", dim=True) + excerpt, ""])
    typer.echo("\n".join(out).rstrip("\n"))
