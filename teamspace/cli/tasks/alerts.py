"""``teamspace task alerts``: the task alerts (assigned to me, @mentioned in a task's
comment) I have not seen, the same ones the TUI tells about when it starts.

Like the microblog's ``feed --unread``, listing marks nothing; ``--seen`` marks what
was listed as seen (the TUI then tells about them no more), as ``read`` does for posts.
No ``from __future__ import annotations``: Typer would eval every annotation per call.
"""

from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()


def alert_line(alert: Any, unseen: bool) -> str:
    """One alert on one line (everything others wrote cleaned), a comment on the next."""
    from teamspace.dates import ago, from_text
    from teamspace.text import one_line

    marker = typer.style("●", fg="cyan") if unseen else " "
    did = "assigned you" if alert.kind == "assigned" else "mentioned you on"
    moment = from_text(alert.at)  # stored text, or a server's datetime
    when = ago(moment) if moment is not None else ""
    line = (f"{marker} #{alert.task_id} {one_line(alert.actor, 32)} {did} "
            f"“{one_line(alert.title, 60)}”  {typer.style(when, dim=True)}").rstrip()
    if alert.kind == "mention":
        line += "\n    " + one_line(alert.text, 100)
    return line


@app.command("alerts")
def task_alerts(
    everything: Annotated[bool, typer.Option(
        "--all", help="Seen ones too: every alert since --since (default: a week).")]
    = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="With --all: since WHEN (yesterday, 2h, mon, "
        "2026-11-01).", show_default=False)] = None,
    seen: Annotated[bool, typer.Option(
        "--seen", help="Mark the alerts listed as seen (the TUI will not tell them again).")]
    = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tasks assigned to me and comments @mentioning me that I have not seen yet."""
    from teamspace.cli.common import since_text, submit
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks import alerts as store

    if since is not None and not everything:
        raise InvalidInput("--since goes with --all (without it: the alerts not seen yet)")
    ws = open_workspace(db)
    if everything:
        unseen, shown = store.since(ws, moment=since_text(since or "7d") or "")
    else:
        unseen = store.backlog(ws)
        shown = unseen.alerts
    new = {a.activity_id for a in unseen.alerts}
    if as_json:
        print_json([dict(a.to_json(), seen=a.activity_id not in new) for a in shown])
    elif not shown:
        typer.echo("No task alerts since then." if everything else
                   "No new task alerts (--all shows the last week's).")
    else:
        for alert in shown:
            typer.echo(alert_line(alert, alert.activity_id in new))
    if unseen.more and not as_json:
        typer.echo("(more alerts than one look covers: run it again)", err=True)
    if seen and (unseen.alerts or unseen.seen != unseen.mark):
        submit(ws, store.mark_seen, upto=unseen.mark)
        if not as_json:
            typer.echo(f"marked {len(unseen.alerts)} seen", err=True)
