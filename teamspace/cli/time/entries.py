"""``teamspace time add|edit|split|move|delete|restore``: logging and fixing entries.

Times typed here (``--at 9:00``, ``--start``, ``--end``) are read on the entry's own day
and resolved to UTC before the write, so a write queued in the outbox keeps its meaning.
"""

from typing import Annotated, Any

import typer

from teamspace.cli import complete
from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json
from teamspace.cli.time.timer import project_and_tags

app = make_app()


@complete.Completer
def entry_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: ids of this user's entries of the last 60 days, newest first."""
    from datetime import UTC, datetime, timedelta

    from teamspace.dates import to_text
    from teamspace.store.time.query import list_entries

    now = datetime.now(UTC)

    def fetch(ws: Any) -> list[tuple[int, str]]:
        found = list_entries(ws, start=to_text(now - timedelta(days=60)),
                             end=to_text(now + timedelta(days=1)), person=ws.user)
        return [(e.id, f"{e.started_at[:16]} {e.project} {e.note}".strip())
                for e in reversed(found)]

    return complete.suggest(ctx, incomplete, fetch)


IdArg = Annotated[int, typer.Argument(metavar="ID", help="A time entry id.",
                                      show_default=False, autocompletion=entry_ids)]
IdsArg = Annotated[list[int], typer.Argument(metavar="ID...", help="One or more entry ids.",
                                             show_default=False, autocompletion=entry_ids)]
WORK_START = 9  # a past day's first entry starts at 9:00 when no --at is given


def overlap_note(result: dict[str, Any]) -> None:
    """Say which entries a write overlaps (allowed, never merged)."""
    if result.get("overlaps"):
        typer.echo("note: it overlaps " + ", ".join(f"#{i}" for i in result["overlaps"])
                   + " (see 'teamspace time list')", err=True)


def _span(ws: Any, seconds: int, on: str | None, at: str | None) -> tuple[Any, Any]:
    from datetime import UTC, time, timedelta

    from teamspace.dates import from_text
    from teamspace.store.time import clock, query

    now = clock.local_now()
    day = clock.parse_day(on) if on else now.date()
    if at is not None:
        start = clock.parse_at(at, now, day=day)
    elif day == now.date():
        start = now - timedelta(seconds=seconds)
    else:  # after that day's last entry, else at 9:00
        first, last = query.utc_range(day, day)
        found = query.list_entries(ws, start=first, end=last, person=ws.user)
        ends = [from_text(e.ended_at) for e in found if e.ended_at]
        start = max([clock.at_local(day, time(WORK_START)).astimezone(UTC),
                     *[e for e in ends if e is not None]])
    return start, start + timedelta(seconds=seconds)


@app.command()
def add(
    duration: Annotated[str, typer.Argument(metavar="DURATION", help="1h30m, 90m, 1.5h or "
                                            "1:30.", show_default=False)],
    words: Annotated[list[str], typer.Argument(
        metavar="PROJECT [+TAG...]", help="The project, then tags starting with +.",
        show_default=False, autocompletion=complete.project_first)],
    on: Annotated[str | None, typer.Option("--on", metavar="DAY", help="today (default), "
                                           "yesterday, mon, -2d, 2026-11-30.")] = None,
    at: Annotated[str | None, typer.Option(
        "--at", metavar="TIME", help="When it started (9:00); default: ending now today, "
        "after the day's last entry (or 9:00) on other days.")] = None,
    task: Annotated[int | None, typer.Option("--task", metavar="ID",
                                             help="The task it was for.",
                                             autocompletion=complete.task_ids)] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="A note.")] = "",
    new: Annotated[bool, typer.Option("--new", help="Create the project if new.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log time after the fact: 'teamspace time add 1h30m acme +review --on yesterday'."""
    from teamspace.cli.common import submit
    from teamspace.dates import to_text
    from teamspace.errors import InvalidInput
    from teamspace.store.time import clock, entries

    seconds = clock.parse_duration(duration)
    if seconds > entries.MAX_ENTRY:
        raise InvalidInput("an entry can last at most 24 hours; add one per day")
    project, tags = project_and_tags(words)
    ws = open_workspace(db)
    start, end = _span(ws, seconds, on, at)
    result = submit(ws, entries.add_entry, project=project, started_at=to_text(start),
                    ended_at=to_text(end), tags=tags, task_id=task, note=note,
                    create_project=new)
    if as_json:
        print_json(result)
        return
    from teamspace.text import clean

    label = " ".join([clean(project, newlines=False),
                      *(f"+{clean(t, newlines=False)}" for t in tags)])
    typer.echo(f"added {clock.format_duration(seconds)} on {label}"
               f", {clock.shown(to_text(start))}–{end.astimezone():%H:%M} (#{result['id']})")
    overlap_note(result)


def _moment(text: str, entry: Any) -> str:
    """``text`` read on the entry's start day, as stored UTC text."""
    from teamspace.dates import to_text
    from teamspace.store.time import clock

    return to_text(clock.parse_at(text, day=clock.local_day(entry.start())))


def _entry(ws: Any, entry_id: int) -> Any:
    from teamspace.store.core import items
    from teamspace.store.time.entries import entries_from

    return ws.read(lambda s: entries_from(s, [items.fetch(
        s, "time_entry", entry_id, item_type="time entry")])[0])


@app.command()
def edit(
    entry_id: IdArg,
    project: Annotated[str | None, typer.Option("--project", "-p", metavar="P",
                                                help="Another project.",
                                                autocompletion=complete.projects)] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="TIME",
                                              help="New start (on the entry's day).")] = None,
    end: Annotated[str | None, typer.Option("--end", metavar="TIME",
                                            help="New end (on the entry's day).")] = None,
    duration: Annotated[str | None, typer.Option(
        "--duration", metavar="D", help="New length, keeping the start.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="Replace the note.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="Replace the tags (repeat for more).")] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="Remove every tag.")] = False,
    task: Annotated[int | None, typer.Option("--task", metavar="ID",
                                             help="Point it at a task (0: none).",
                                             autocompletion=complete.task_ids)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change an entry (an approved timesheet week must be reopened first)."""
    from datetime import timedelta

    from teamspace.cli.common import submit
    from teamspace.dates import to_text
    from teamspace.errors import InvalidInput
    from teamspace.store.time import clock, entries

    ws = open_workspace(db)
    entry = _entry(ws, entry_id)
    changes: dict[str, Any] = {}
    if project is not None:
        changes["project"] = project
    if start is not None:
        changes["started_at"] = _moment(start, entry)
    if end is not None:
        changes["ended_at"] = _moment(end, entry)
    if duration is not None:
        if end is not None:
            raise InvalidInput("give --end or --duration, not both")
        begin = entries.parse_stored(changes.get("started_at", entry.started_at))
        changes["ended_at"] = to_text(begin + timedelta(seconds=clock.parse_duration(duration)))
    if note is not None:
        changes["note"] = note
    if tag is not None or no_tags:
        changes["tags"] = [] if no_tags else list(tag or [])
    if task is not None:
        changes["task_id"] = task or None
    if not changes:
        raise InvalidInput("say what to change: --project, --start, --end, --duration, "
                           "--note, --tag, --no-tags or --task")
    result = submit(ws, entries.edit_entry, entry_id=entry_id, changes=changes,
                    version=entry.version)
    print_json(result) if as_json else typer.echo(f"#{entry_id} changed")
    overlap_note(result)


@app.command()
def split(
    entry_id: IdArg,
    at: Annotated[str, typer.Option("--at", metavar="TIME", help="Where to cut (12:00).",
                                    show_default=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cut an entry in two at a time of day (the second part gets a new id)."""
    from teamspace.cli.common import submit
    from teamspace.dates import to_text
    from teamspace.store.time import clock, entries

    ws = open_workspace(db)
    entry = _entry(ws, entry_id)
    moment = _moment(at, entry)
    if entry.ended_at and not entry.started_at < moment < entry.ended_at:
        # an entry over midnight: the time may be meant on its last day
        moment = to_text(clock.parse_at(at, day=clock.local_day(entries.parse_stored(
            entry.ended_at))))
    result = submit(ws, entries.split_entry, entry_id=entry_id, at=moment)
    print_json(result) if as_json else typer.echo(
        f"split #{entry_id} at {clock.shown(moment)}: #{result['first']} and "
        f"#{result['second']}")


@app.command()
def move(
    entry_id: IdArg,
    project: Annotated[str, typer.Option("--project", "-p", metavar="P",
                                         help="The project to move it to.",
                                         show_default=False, autocompletion=complete.projects)],
    db: DbOption = None,
) -> None:
    """Move an entry to another project."""
    from teamspace.cli.common import submit
    from teamspace.store.time import entries

    submit(open_workspace(db), entries.edit_entry, entry_id=entry_id,
           changes={"project": project})
    typer.echo(f"#{entry_id} moved to {project}")


@app.command()
def delete(ids: IdsArg, db: DbOption = None) -> None:
    """Move entries to the trash ('time restore' brings them back)."""
    from teamspace.cli.common import submit
    from teamspace.store.time import entries

    done = submit(open_workspace(db), entries.delete_entries, entry_ids=list(ids))
    typer.echo("deleted " + ", ".join(f"#{i}" for i in done)
               + f" (undo: teamspace time restore {' '.join(map(str, done))})")


@app.command()
def restore(ids: IdsArg, db: DbOption = None) -> None:
    """Take entries out of the trash."""
    from teamspace.cli.common import submit
    from teamspace.store.time import entries

    done = submit(open_workspace(db), entries.restore_entries, entry_ids=list(ids))
    typer.echo("restored " + ", ".join(f"#{i}" for i in done))
