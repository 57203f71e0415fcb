"""``teamspace timer start|stop|status|continue|cancel``: the hottest commands of all
(``timer status`` runs in shell prompts).

Loading this module imports only typer and ``cli.common``; each command imports the
store when it runs (docs/performance.md).  No ``from __future__ import annotations``:
Typer would eval every annotation on every call.
"""

from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()

AtOption = Annotated[str | None, typer.Option(
    "--at", metavar="WHEN", help="When, if not now: 9:15, 'yesterday 17:30', -10m, ISO.",
    show_default=False)]
STATUS_FIELDS = "{project} {tags} {elapsed} {since} {task} {note} {flags}"


def at_value(text: str | None) -> str | None:
    """A --at WHEN as stored UTC text (None: the moment of the write)."""
    if text is None:
        return None
    from teamspace.dates import to_text
    from teamspace.store.time.clock import parse_at

    return to_text(parse_at(text))


def project_and_tags(words: list[str]) -> tuple[str, list[str]]:
    """``acme +dev +review`` → ("acme", ["dev", "review"]); a project of several words
    may be written without quotes (``Website relaunch +copy``)."""
    from teamspace.errors import InvalidInput

    name = [w for w in words if not w.startswith("+")]
    tags = [w[1:] for w in words if w.startswith("+") and len(w) > 1]
    if not name:
        raise InvalidInput("give a project first: teamspace timer start PROJECT [+TAG…]")
    first_tag = next((i for i, w in enumerate(words) if w.startswith("+")), len(words))
    if any(not w.startswith("+") for w in words[first_tag:]):
        raise InvalidInput("tags come after the project and start with '+': acme +dev")
    return " ".join(name), tags


def stopped_line(stopped: dict[str, Any]) -> str:
    """'stopped acme after 1h05m (09:10–10:15)' plus its flags."""
    from teamspace.store.time.clock import format_duration, shown
    from teamspace.text import clean

    line = (f"stopped {clean(str(stopped['project']), newlines=False)} after "
            f"{format_duration(stopped['seconds'])} ({shown(stopped['started_at'])}–"
            f"{shown(stopped['ended_at'])})")
    if stopped["flags"]:
        line += (f" — it ran {' and '.join(stopped['flags'])}: check it with 'teamspace "
                 f"time edit {stopped['id']}' or 'time split {stopped['id']} --at …'")
    return line


def started_output(result: dict[str, Any], project: str, tags: list[str], as_json: bool
                   ) -> None:
    """What start and continue print."""
    if as_json:
        print_json(result)
        return
    from teamspace.store.time.clock import shown
    from teamspace.text import clean

    if result["stopped"]:
        typer.echo(stopped_line(result["stopped"]))
    label = " ".join([clean(project, newlines=False), *(f"+{clean(t, newlines=False)}"
                                                        for t in tags)])
    typer.echo(f"started {label} at {shown(result['started_at'])} (#{result['id']})")
    if result["overlaps"]:
        typer.echo("note: it overlaps " + ", ".join(f"#{i}" for i in result["overlaps"]),
                   err=True)


@app.command()
def start(
    words: Annotated[list[str], typer.Argument(
        metavar="PROJECT [+TAG...]", help="The project, then tags starting with +.",
        show_default=False)],
    task: Annotated[int | None, typer.Option("--task", metavar="ID",
                                             help="The task this time is for.")] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="A note.")] = "",
    at: AtOption = None,
    new: Annotated[bool, typer.Option("--new", help="Create the project if it does not "
                                      "exist.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Start a timer; a running one is stopped first (said in the output)."""
    from teamspace.cli.common import submit
    from teamspace.store.time import timers

    project, tags = project_and_tags(words)
    result = submit(open_workspace(db), timers.start_timer, project=project, tags=tags,
                    task_id=task, note=note, at=at_value(at), create_project=new)
    started_output(result, project, tags, as_json)


@app.command()
def stop(at: AtOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Stop the running timer."""
    from teamspace.cli.common import submit
    from teamspace.store.time import timers

    result = submit(open_workspace(db), timers.stop_timer, at=at_value(at))
    print_json(result) if as_json else typer.echo(stopped_line(result))


@app.command("continue")
def continue_(at: AtOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Start again what you did last (project, tags, task and note)."""
    from teamspace.cli.common import submit
    from teamspace.store.time import timers

    result = submit(open_workspace(db), timers.continue_timer, at=at_value(at))
    started_output(result, str(result["project"]), list(result["tags"]), as_json)


@app.command()
def cancel(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Throw the running timer away (it goes to the trash: 'time restore ID')."""
    from teamspace.cli.common import submit
    from teamspace.store.time import timers

    result = submit(open_workspace(db), timers.cancel_timer)
    if as_json:
        print_json(result)
    else:
        typer.echo(f"cancelled the timer on {result['project']} (#{result['id']}; "
                   f"'teamspace time restore {result['id']}' brings it back)")


def _format(fmt: str, fields: dict[str, str]) -> str:
    try:
        return fmt.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        from teamspace.errors import InvalidInput

        raise InvalidInput(f"--format can use {STATUS_FIELDS} ({exc})") from None


@app.command()
def status(
    fmt: Annotated[str | None, typer.Option(
        "--format", metavar="FMT", help=f"Your own line, with fields {STATUS_FIELDS}.",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One line: what runs and for how long (for shell prompts); 'no timer' if none
    (nothing at all with --format)."""
    from datetime import UTC, datetime

    from teamspace.store.time import clock, timers

    if fmt is not None:
        _format(fmt, dict.fromkeys(STATUS_FIELDS.replace("{", "").replace("}", "").split(),
                                   ""))
    ws = open_workspace(db)
    entry = timers.running(ws, ws.user)
    if entry is None:  # with --format: nothing at all, so a prompt shows nothing
        if as_json:
            print_json({"running": False})
        elif fmt is None:
            typer.echo("no timer")
        return
    now = datetime.now(UTC)
    marks = timers.flags(entry.started_at, None, now)
    if as_json:
        print_json({**entry.to_json(), "flags": marks})
        return
    from teamspace.text import clean

    fields = {"project": clean(entry.project, newlines=False),
              "tags": " ".join(f"+{clean(t, newlines=False)}" for t in entry.tags),
              "elapsed": clock.hours_minutes(entry.seconds(now)),
              "since": "since " + clock.shown(entry.started_at),
              "task": f"#{entry.task_id}" if entry.task_id else "",
              "note": clean(entry.note, newlines=False),
              "flags": f"({', '.join(marks)})" if marks else ""}
    if fmt is not None:
        line = _format(fmt, fields)
    else:
        line = " ".join(fields[k] for k in ("project", "tags", "elapsed", "since", "task",
                                             "flags"))
    typer.echo(" ".join(line.split()))
