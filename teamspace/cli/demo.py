"""``teamspace demo``: open the TUI on a demo workspace full of sample team activity."""

from typing import Annotated

import typer

from teamspace.cli.common import launch_tui, make_app, print_json

app = make_app()


@app.command()
def demo(
    db: Annotated[str | None, typer.Option(
        "--db", metavar="PATH", help="Where to keep the demo workspace (default: demo.db in "
        "the data dir, apart from your own team.db).", show_default=False)] = None,
    as_user: Annotated[str, typer.Option(
        "--as", help="Which demo team member to be (anna, bob, chen or dana).")] = "anna",
    no_tui: Annotated[bool, typer.Option(
        "--no-tui", help="Only create/refresh the demo workspace and print where it is.")
    ] = False,
) -> None:
    """Open the TUI on a demo workspace (created on first use, separate from your own)."""
    from teamspace.config import check_username, data_dir
    from teamspace.store.core import demo as demo_data
    from teamspace.store.core.connection import Workspace

    location = db or str(data_dir() / "demo.db")
    workspace = Workspace.open(location, user=check_username(as_user.strip().lower()))
    demo_data.seed(workspace)
    if no_tui:
        print_json({"path": workspace.path, "user": workspace.user})
        return
    launch_tui(workspace)
