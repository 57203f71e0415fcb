"""Fighting the noise: read markers, mutes and the digest."""

from typing import Annotated

import typer

from teamspace.cli.common import (
    DbOption,
    JsonOption,
    iso_times,
    make_app,
    open_workspace,
    print_json,
)

app = make_app()
MUTE_HELP = ("What to mute: USER (or @USER), #TAG, 'group NAME' or 'thread ID'. "
             "Without it, list what you muted.")


@app.command()
def read(
    post_ids: Annotated[list[int] | None, typer.Argument(
        metavar="[ID]...", help="Posts to mark read.", show_default=False)] = None,
    everything: Annotated[bool, typer.Option("--all", help="Mark everything read.")] = False,
    db: DbOption = None,
) -> None:
    """Mark posts read (or --all of them)."""
    from teamspace.cli.common import submit
    from teamspace.errors import InvalidInput
    from teamspace.store.microblog import posts

    if not post_ids and not everything:
        raise InvalidInput("give post ids to mark read, or --all")
    submit(open_workspace(db), posts.mark_read, post_ids=list(post_ids or []),
           everything=everything)
    typer.echo("marked everything read" if everything else
               f"marked {len(post_ids or [])} read")


def _target(words: list[str]) -> tuple[str, str]:
    from teamspace.errors import InvalidInput

    if len(words) == 2 and words[0] in ("user", "tag", "group", "thread"):
        return words[0], words[1]
    if len(words) == 1:
        word = words[0]
        return ("tag", word) if word.startswith("#") else ("user", word)
    raise InvalidInput("mute USER, @USER, #TAG, 'group NAME' or 'thread ID'")


def _list_mutes(db: str | None, as_json: bool) -> None:
    from teamspace.store.microblog import feed

    ws = open_workspace(db)
    mutes = feed.mutes(ws)
    if as_json:
        print_json(mutes)
    elif not mutes:
        typer.echo("Nothing muted.")
    else:
        for entry in mutes:
            typer.echo(f"{entry['kind']:7} {entry['label']}")


@app.command()
def mute(
    target: Annotated[list[str] | None, typer.Argument(
        metavar="WHAT", help=MUTE_HELP, show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stop seeing a user, #tag, group or thread in the feed and unread counts."""
    if not target:
        _list_mutes(db, as_json)
        return
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    kind, value = _target(" ".join(target).split())
    added = submit(open_workspace(db), posts.mute, kind=kind, value=value)
    if as_json:
        print_json({"kind": kind, "value": value, "added": bool(added)})
        return
    typer.echo(f"muted {kind} {value}" if added else f"{kind} {value} was already muted")


@app.command()
def unmute(
    target: Annotated[list[str], typer.Argument(
        metavar="WHAT", help="USER, #TAG, 'group NAME' or 'thread ID'.",
        show_default=False)],
    db: DbOption = None,
) -> None:
    """Undo a mute."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    kind, value = _target(" ".join(target).split())
    removed = submit(open_workspace(db), posts.unmute, kind=kind, value=value)
    typer.echo(f"unmuted {kind} {value}" if removed else f"{kind} {value} was not muted")


@app.command()
def digest(
    since: Annotated[str, typer.Option(
        "--since", metavar="WHEN", help="Summarise from WHEN (yesterday, 3d, mon...).")]
    = "yesterday",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What happened since WHEN: mentions and private messages first, then groups,
    threads and tags."""
    from teamspace.cli.common import since_text
    from teamspace.cli.microblog.render import print_posts
    from teamspace.store.microblog import digest as store
    from teamspace.store.microblog.feed import PostView
    from teamspace.text import clean

    ws = open_workspace(db)
    summary = store.digest(ws, since=str(since_text(since)))
    if as_json:
        print_json(iso_times(summary, "since"))
        return
    typer.echo(typer.style(f"{summary['posts']} posts since {since}", bold=True))
    for title, key in (("Mentions of you", "mentions"), ("Private messages", "private")):
        if summary[key]:
            typer.echo(typer.style(f"\n{title} ({len(summary[key])})", bold=True))
            print_posts([PostView(**p) for p in summary[key]], ws.user)
    if summary["groups"]:
        typer.echo(typer.style("\nGroups", bold=True))
        for name, count in summary["groups"].items():
            typer.echo(f"  {name}: {count}")
    if summary["threads"]:
        typer.echo(typer.style("\nBusiest threads", bold=True))
        for entry in summary["threads"]:
            first = PostView(**entry["first_post"])
            excerpt = clean(first.text, newlines=False)[:60]
            typer.echo(f"  #{entry['id']} ({entry['posts']} posts) {first.author}: {excerpt}")
    if summary["tags"]:
        typer.echo(typer.style("\nTags", bold=True))
        typer.echo("  " + "  ".join(f"#{tag} {n}" for tag, n in summary["tags"].items()))
