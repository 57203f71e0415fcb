"""``teamspace tag list|rename|merge``: the tags of saved links.

Tags are per pane: these commands see and change link tags only (a task's or a post's
tags belong to their panes).  Rename and merge change your own saves: each person's
tags are their own, as in Diigo.
"""

from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
TagArg = Annotated[str, typer.Argument(metavar="TAG", show_default=False)]


@app.command("list")
def list_tags(
    mine: Annotated[bool, typer.Option("--mine", help="Only tags on my saves.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Link tags with how many links carry them, most used first."""
    from teamspace.store.links import query

    counts = query.tag_counts(open_workspace(db), mine=mine)
    if as_json:
        print_json([{"tag": tag, "links": n} for tag, n in counts])
        return
    if not counts:
        typer.echo("No tags yet.", err=True)
        return
    from teamspace.text import clean

    width = max(len(tag) for tag, _ in counts)
    typer.echo("\n".join(f"{clean(tag, newlines=False):<{width}}  {n}" for tag, n in counts))


@app.command()
def rename(old: TagArg, new: TagArg, db: DbOption = None) -> None:
    """Rename tag OLD to NEW on your links."""
    from teamspace.cli.common import submit
    from teamspace.store.links import links

    changed = submit(open_workspace(db), links.rename_tag, old=old, new=new)
    typer.echo(f"renamed on {changed} links")


@app.command()
def merge(source: TagArg, target: TagArg, db: DbOption = None) -> None:
    """Merge tag SOURCE into TARGET on your links (SOURCE disappears)."""
    from teamspace.cli.common import submit
    from teamspace.store.links import links

    changed = submit(open_workspace(db), links.rename_tag, old=source, new=target,
                     merge=True)
    typer.echo(f"merged into {target.strip().lower().lstrip('#+')} on {changed} links")
