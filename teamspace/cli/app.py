"""The root ``teamspace`` command: global options, the TUI, and the command modules."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from teamspace.cli import admin, common, demo
from teamspace.cli.common import DbOption, launch_tui, make_app, open_workspace

app = make_app(help_text=(
    "A terminal-first workspace for a small team: microblog, tasks, notes, links and "
    "time, on one shared SQLite file. Run without a command to open the TUI."
))


def _show_version(value: bool) -> None:
    if value:
        from teamspace import __version__

        typer.echo(f"teamspace {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Open the TUI when no command is given."""
    common.root_db = db
    if ctx.invoked_subcommand is None:
        launch_tui(open_workspace(db))


admin.register(app)
app.command()(demo.demo)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (what ``main`` exits with)."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv if argv is not None else sys.argv[1:], prog_name="teamspace")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
