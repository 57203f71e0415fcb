"""``teamspace link show|edit|tag|delete|restore|trash|open``: one link at a time.

What you change is your own save of a link (your title, note, tags, who may see it);
other people's saves of the same URL stay theirs.
"""

from typing import Annotated, Any

import typer

from teamspace.cli.common import (
    DbOption,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
    submit,
)
from teamspace.cli.links.core import (
    GroupOption,
    IdArg,
    PrivateOption,
    link_ids,
    link_tags,
    visibility,
)

app = make_app()
IdsArg = Annotated[list[int], typer.Argument(metavar="ID...", help="One or more link ids.",
                                             show_default=False, autocompletion=link_ids)]


@app.command()
def show(link_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show link ID: its page, last check, every save you may see, and history."""
    from teamspace.store.links import query

    ws = open_workspace(db)
    detail = query.link_detail(ws, link_id)
    if as_json:
        print_json(detail.to_json())
        return
    from teamspace.cli.links.render import print_detail

    print_detail(detail, ws.user)


@app.command()
def edit(
    link_id: IdArg,
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT", help="Your title ('' for the page's own).")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="Replace your note.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="Replace your tags (repeat for more).",
        autocompletion=link_tags)] = None,
    group: GroupOption = None,
    private: PrivateOption = False,
    everyone: Annotated[bool, typer.Option("--everyone", help="Share with everyone.")]
    = False,
    db: DbOption = None,
) -> None:
    """Change your save of link ID: title, note, tags, who may see it."""
    from teamspace.errors import InvalidInput
    from teamspace.store.links import links

    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if note is not None:
        changes["note"] = note
    if tag is not None:
        changes["tags"] = tag
    seen = visibility(group, private, everyone)
    if seen:
        changes.update(visibility=seen, group=group)
    if not changes:
        raise InvalidInput("nothing to change: give --title, --note, --tag, --group, "
                           "--private or --everyone")
    submit(open_workspace(db), links.edit_link, link_id=link_id, changes=changes)
    typer.echo(f"#{link_id} changed")


@app.command(context_settings={"ignore_unknown_options": True})
def tag(
    link_id: IdArg,
    changes: Annotated[list[str], typer.Argument(
        metavar="+TAG|-TAG...", help="Tags to add (+a or a) and remove (-b).",
        show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add and remove tags on your save of link ID: link tag 5 +python -draft."""
    from teamspace.store.links import links

    add = [c.removeprefix("+") for c in changes if not c.startswith("-")]
    remove = [c[1:] for c in changes if c.startswith("-") and len(c) > 1]
    tags = submit(open_workspace(db), links.tag_link, link_id=link_id, add=add,
                  remove=remove)
    if as_json:
        print_json({"id": link_id, "tags": tags})
    else:
        typer.echo(f"#{link_id} " + (" ".join("+" + t for t in tags) or "has no tags"))


@app.command()
def delete(ids: IdsArg, db: DbOption = None) -> None:
    """Move your saves of links to the trash ('link restore ID' brings one back)."""
    from teamspace.store.links import links

    ws = open_workspace(db)
    for link_id in ids:
        submit(ws, links.delete_link, link_id=link_id)
        typer.echo(f"deleted #{link_id} (undo: teamspace link restore {link_id})")


@app.command()
def restore(link_id: IdArg, db: DbOption = None) -> None:
    """Bring your save of link ID back from the trash."""
    from teamspace.store.links import links

    submit(open_workspace(db), links.restore_link, link_id=link_id)
    typer.echo(f"restored #{link_id}")


@app.command()
def trash(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List links you deleted, most recently deleted first."""
    from teamspace.store.links import query

    ws = open_workspace(db)
    found = query.trash(ws)
    if as_json:
        print_json([link.to_json() for link in found])
        return
    from teamspace.cli.links.render import print_links

    print_links(found, me=ws.user, more=False, empty="The trash is empty.")


@app.command("open")
def open_link(link_id: IdArg, db: DbOption = None) -> None:
    """Open link ID in the browser ($BROWSER, else the system's)."""
    from teamspace.errors import InvalidInput
    from teamspace.store.links import query

    link = query.get_link(open_workspace(db), link_id)
    import webbrowser  # ~10 ms: only here

    if not webbrowser.open(link.url):
        raise InvalidInput("no browser found: set $BROWSER (e.g. BROWSER=firefox)")
    typer.echo(f"opened {link.url}", err=True)
