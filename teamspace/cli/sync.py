"""``teamspace sync`` and ``teamspace outbox``: the writes waiting in the local outbox.

A write that could not reach the share waits in the user's outbox (store/core/outbox.py);
any later command replays it first, ``sync`` does so on demand, ``outbox`` shows what
waits and can discard one entry deliberately.
"""


from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json
from teamspace.errors import EXIT_FAILURE, EXIT_TEMPFAIL, InvalidInput, NotFound

app = make_app()


@app.command()
def sync(
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Also try again the writes the workspace refused before "
        "(e.g. after resolving a conflict).")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send the writes waiting in the local outbox to the workspace, in order."""
    from teamspace.store.core import outbox
    from teamspace.text import clean

    workspace = open_workspace(db, create_default=False)
    results = outbox.replay(workspace, retry_failed=retry_failed)
    waiting = [r for r in results if r.status == "waiting"]
    failed = [e for e in outbox.pending(workspace.path) if e.state == "failed"]
    if as_json:
        print_json({"workspace": workspace.path, "results": [r.to_dict() for r in results],
                    "waiting": len(waiting), "failed": len(failed)})
    else:
        for r in results:
            if r.status == "landed":
                typer.echo(f"landed  #{r.entry.seq} {r.entry.writer}")
            elif r.status == "failed":
                typer.echo(f"failed  #{r.entry.seq} {r.entry.writer}: "
                           f"{clean(r.error or '', newlines=False)}")
        if waiting:
            typer.echo(f"{len(waiting)} write(s) still waiting: "
                       f"{clean(waiting[0].error or 'the share is unavailable', newlines=False)}")
        elif not results:
            typer.echo("nothing waiting in the outbox")
        if failed:
            typer.echo(f"{len(failed)} write(s) refused by the workspace; see 'teamspace "
                       "outbox', then 'teamspace outbox --drop SEQ --yes' or "
                       "'teamspace sync --retry-failed'")
    if waiting:
        raise typer.Exit(EXIT_TEMPFAIL)
    if failed:
        raise typer.Exit(EXIT_FAILURE)


@app.command("outbox")
def show_outbox(
    drop: Annotated[int | None, typer.Option(
        "--drop", metavar="SEQ", help="Discard the waiting write number SEQ for good "
        "(needs --yes).", show_default=False)] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Confirm --drop: the write is lost.")] = False,
    every: Annotated[bool, typer.Option(
        "--all", help="List the writes waiting for every workspace, not just this one.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the writes waiting in the local outbox (or discard one)."""
    from teamspace.store.core import outbox
    from teamspace.text import clean

    if drop is not None:
        if not yes:
            raise InvalidInput(f"--drop {drop} discards that write for good; add --yes")
        entry = outbox.drop(drop)
        if entry is None:
            raise NotFound(f"no write #{drop} in the outbox")
        if as_json:
            print_json({"dropped": entry.to_dict()})
        else:
            typer.echo(f"dropped #{entry.seq} {entry.writer} (queued {entry.queued_at[:19]})")
        return
    path = None if every else open_workspace(db, create_default=False).path
    entries = outbox.pending(path)
    if as_json:
        print_json({"outbox": outbox.outbox_path(), "entries": [e.to_dict() for e in entries]})
        return
    if not entries:
        typer.echo("nothing waiting in the outbox")
        return
    for e in entries:
        state = "FAILED" if e.state == "failed" else "waiting"
        line = (f"#{e.seq} {state} {e.writer} by {e.actor}, queued {e.queued_at[:19]} UTC, "
                f"{e.attempts} tries; last error: {e.last_error or '-'}")
        if every:
            line += f" [{e.workspace}]"
        typer.echo(clean(line, newlines=False))
