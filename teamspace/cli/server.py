"""Moving to a server and securing it: ``migrate-to`` and ``secure`` (docs/postgresql.md).

``migrate-to`` copies the workspace given by ``--db`` (or the usual default) to another
place — a PostgreSQL URL, or a file — and verifies every table; run it again to catch
up with writes made meanwhile.  ``secure`` turns on row-level security on a server.
"""

import sys
from typing import Annotated, Any

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    JsonOption,
    location_for,
    make_app,
    open_workspace,
    print_json,
)
from teamspace.errors import InvalidInput, WorkspaceError

app = make_app()


def _bar(enabled: bool) -> Any:
    """A progress bar on stderr when it is a terminal (rich: only then imported)."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                    console=Console(stderr=True), transient=True)


@app.command("migrate-to")
def migrate_to(
    target: Annotated[str, typer.Argument(
        metavar="URL|PATH", help="Where to copy the workspace: postgresql://user@host/db, "
        "or a file path (to bring a server's workspace back to a file).",
        show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy this workspace (every pane, history, activity) to a server or a file, verify
    each table's rows and checksum, and print the config line to share. Safe to run
    again: it copies only what is missing or changed."""
    from teamspace.store.core import transfer
    from teamspace.store.core.connection import Workspace

    source = open_workspace(db, create_default=False)
    where = location_for(target).value
    destination = Workspace.open(where, user=source.user)
    if destination.path == source.path:
        raise InvalidInput("the target is the workspace itself; give another URL or file")
    progress = _bar(sys.stderr.isatty() and not as_json)
    tasks: dict[str, Any] = {}

    def step(table: str, done: int, total: int) -> None:
        if progress is None:
            return
        if table not in tasks:
            tasks[table] = progress.add_task(table, total=max(total, 1))
        progress.update(tasks[table], completed=min(done, max(total, 1)))

    if progress is not None:
        progress.start()
    try:
        result = transfer.copy(source, destination, progress=step)
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        print_json({"source": source.path, "target": destination.path, **result})
    if not result["verified"]:
        bad = [name for name, t in result["tables"].items() if not t["verified"]]
        raise WorkspaceError(f"verification failed for {', '.join(bad)} (was the workspace "
                             "written to meanwhile?); run the command again")
    if as_json:
        return
    changed = sum(t["changed"] for t in result["tables"].values())
    typer.echo(f"Copied {source.path} to {destination.path}: {len(result['tables'])} "
               f"tables, {result['rows']} rows ({changed} written now), every table "
               "verified (row count and checksum).")
    typer.echo("Share this line for everyone's config file (~/.config/teamspace/"
               "config.toml), or set TEAMSPACE_DB:")
    typer.echo(f'workspace = "{destination.path}"')
    if destination.backend == "postgresql":
        typer.echo("Writes made to the old workspace from now on are not copied: run "
                   "this again to bring them over.")


@app.command()
def secure(
    member: Annotated[list[str] | None, typer.Option(
        "--member", metavar="NAME", help="Also make a role for NAME (every member of "
        "the workspace gets one anyway). Repeatable.", show_default=False,
        autocompletion=complete.people)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn on row-level security on a PostgreSQL workspace: one login role per member,
    policies so that nobody's connection (not even psql) reads what teamspace would not
    show them (private posts, notebooks and links; closed groups' ones).
    Run it as the role that owns the workspace; again after new members join."""
    from teamspace.config import check_username
    from teamspace.store.core.session import Session

    workspace = open_workspace(db, create_default=False)
    if workspace.backend != "postgresql":
        raise InvalidInput("row-level security needs a PostgreSQL workspace (a file is "
                           "protected by the share's permissions)")
    extra = [check_username(name.strip().lower()) for name in member or []]
    from teamspace.store.core.postgres import security

    def body(session: Session) -> dict[str, Any]:
        names = [str(r["username"]) for r in session.all(
            "SELECT username FROM person WHERE deleted_at IS NULL")]
        return security.enable(session, names + extra)

    result = workspace.write(body, kind="workspace.secure")
    if as_json:
        print_json(result)
        return
    typer.echo(f"Row-level security is on for {', '.join(result['tables'])}.")
    typer.echo(f"Members (each logs in as their own role): {', '.join(result['members'])}")
    for name in result["roles_created"]:
        typer.echo(f"New role {name}: give it a password, e.g. psql -c \"\\password {name}\", "
                   "and tell them to keep it in ~/.pgpass")
