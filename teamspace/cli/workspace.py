"""``teamspace workspace show|rename``: the workspace's own facts."""

from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
workspace_app = make_app("workspace", help_text="The workspace itself: its name and where "
                         "it is.")
app.add_typer(workspace_app, name="workspace")


@workspace_app.command()
def show(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show the workspace's name and file."""
    from teamspace.store.core.about import workspace_name

    ws = open_workspace(db)
    name = workspace_name(ws)
    if as_json:
        print_json({"name": name, "path": ws.path})
        return
    from teamspace.text import clean

    typer.echo(f"{clean(name, newlines=False) if name else '(no name)'}  {ws.path}")


@workspace_app.command()
def rename(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new name (1-100 "
                                        "characters), shown in every member's TUI header.",
                                        show_default=False)],
    db: DbOption = None,
) -> None:
    """Rename the workspace (logged in its activity)."""
    from teamspace.cli.common import submit
    from teamspace.store.core.about import rename_workspace
    from teamspace.text import clean

    new = submit(open_workspace(db), rename_workspace, name=name)
    typer.echo(f"renamed the workspace to {clean(new, newlines=False)}")
