"""Microblog commands: post, feed, thread, reply, react, edit, delete, dm, read, digest...

No ``from __future__ import annotations`` in command modules: Typer would then evaluate
every annotation string with ``get_type_hints`` when it builds a command (~2 ms per call).
"""

from typing import Annotated, Any

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    IdArg,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
)
from teamspace.cli.compose import get_text, keeping_draft

app = make_app()

TextArg = Annotated[str | None, typer.Argument(
    metavar="TEXT", help="The text; '-' reads stdin; leave out to open $EDITOR.",
    show_default=False)]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Post even if it @mentions someone who is not a member.")]


def _send(ws: Any, text: str | None, as_json: bool, *, piped: str | None = None,
          **audience: Any) -> None:
    """Read the text (argument, stdin or $EDITOR; or ``piped``, already read), post it,
    print the new id.  If the write fails, text that exists nowhere else is kept as a
    draft."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    body, precious = (piped, True) if piped is not None else get_text(text)
    new_id = keeping_draft(body, precious, lambda: submit(
        ws, posts.create_post, text=body, **audience))
    print_json({"id": new_id}) if as_json else typer.echo(new_id)


@app.command()
def post(
    text: TextArg = None,
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="USER", help="Make it private to USER (repeat for more people).",
        show_default=False, autocompletion=complete.people)] = None,
    group: Annotated[str | None, typer.Option(
        "--group", metavar="NAME", help="Post into group NAME.", show_default=False,
        autocompletion=complete.groups)] = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Post a message to everyone, a group (--group) or people (--to); prints its id."""
    _send(open_workspace(db), text, as_json, to=list(to or []), group=group, force=force)


@app.command()
def reply(
    post_id: IdArg,
    text: TextArg = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reply to post ID in its thread (same audience as the thread); prints the new id."""
    _send(open_workspace(db), text, as_json, reply_to=post_id, force=force)


@app.command()
def dm(
    user: Annotated[str, typer.Argument(metavar="USER", help="Who to write to.",
                                        show_default=False, autocompletion=complete.people)],
    text: Annotated[str | None, typer.Argument(
        metavar="TEXT", help="The message ('-' reads stdin); leave out to show the "
        "conversation.", show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="How many messages.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send a private message to USER (TEXT, '-' or piped in), or show your conversation
    with them."""
    import sys

    ws = open_workspace(db)
    piped = None
    if text is None and not sys.stdin.isatty():
        from teamspace.cli.compose import read_stdin

        # `echo msg | teamspace dm bob` sends, like post and reply; nothing piped in
        # (a script's /dev/null) shows the conversation.
        piped = read_stdin() or None
    if text is None and piped is None:
        from teamspace.cli.microblog.render import print_posts
        from teamspace.store.microblog import feed

        messages = list(reversed(feed.feed(ws, view="private", with_user=user, limit=limit)))
        if as_json:
            print_json([m.to_json() for m in messages])
        else:
            print_posts(messages, ws.user, empty=f"No private messages with {user} yet.")
        return
    _send(ws, text, as_json, piped=piped, to=[user])


@app.command()
def react(
    post_id: IdArg,
    emoji: Annotated[str, typer.Argument(
        metavar="EMOJI", help="An emoji, or +1, heart, tada, eyes, check, laugh, rocket...",
        show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """React to post ID (reacting again with the same emoji takes it back)."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    result = submit(open_workspace(db), posts.react, post_id=post_id, emoji=emoji)
    print_json({"id": post_id, "reaction": result}) if as_json else typer.echo(result)


@app.command()
def edit(
    post_id: IdArg,
    text: Annotated[str | None, typer.Argument(
        metavar="TEXT", help="The new text ('-' reads stdin); leave out to edit in $EDITOR.",
        show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Change the text of your own post ID (the old text stays in its history)."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import feed, posts

    ws = open_workspace(db)
    current = feed.get_post(ws, post_id)
    body, precious = get_text(text, initial=current.text if text is None else "")
    if body.strip() == current.text:
        typer.echo("unchanged")
        return
    keeping_draft(body, precious, lambda: submit(
        ws, posts.edit_post, post_id=post_id, text=body, version=current.version))
    typer.echo(f"edited #{post_id}")


@app.command()
def delete(post_id: IdArg, db: DbOption = None) -> None:
    """Move your own post ID to the trash ('teamspace restore ID' brings it back)."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    submit(open_workspace(db), posts.delete_post, post_id=post_id)
    typer.echo(f"deleted #{post_id} (undo: teamspace restore {post_id})")


@app.command()
def restore(post_id: IdArg, db: DbOption = None) -> None:
    """Bring your post ID back from the trash."""
    from teamspace.cli.common import submit
    from teamspace.store.microblog import posts

    submit(open_workspace(db), posts.restore_post, post_id=post_id)
    typer.echo(f"restored #{post_id}")
