"""``teamspace task calendar|import|export``: a month of due dates, Taskwarrior JSON in and
out, and an iCalendar file (subcommands of the ``task`` group, see cli/app.py)."""

import sys
from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json
from teamspace.cli.tasks.core import ProjectOption

app = make_app()


@app.command()
def calendar(
    month: Annotated[str | None, typer.Option(
        "--month", metavar="YYYY-MM", help="Which month (default: this one; 'next' works).",
        show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only tasks assigned to me.")] = False,
    to: Annotated[str | None, typer.Option("--to", metavar="USER",
                                           help="Only tasks assigned to USER.")] = None,
    project: ProjectOption = None,
    every: Annotated[bool, typer.Option("--all", help="Done tasks too.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a month grid of due dates, then the tasks due each day."""
    from teamspace.cli.tasks.render import print_month
    from teamspace.dates import local_now
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks import query as taskquery

    today = local_now().date()
    year, number = today.year, today.month
    if month in ("next", "prev", "previous", "last"):
        step = 1 if month == "next" else -1
        year, number = divmod(year * 12 + number - 1 + step, 12)
        number += 1
    elif month:
        try:
            year, number = (int(part) for part in month.split("-"))
            if not 1 <= number <= 12:
                raise ValueError
        except ValueError:
            year = 0  # unreadable: said below
        from teamspace.dates import MAX_YEAR, MIN_YEAR

        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(f"'{month}' is not a month: use YYYY-MM, e.g. "
                               f"{today:%Y-%m}") from None
    ws = open_workspace(db)
    days = taskquery.month_tasks(ws, year, number, status="all" if every else "open",
                                 assignee=ws.user if mine else to, project=project)
    if as_json:
        print_json({"month": f"{year:04d}-{number:02d}",
                    "days": {day: [t.to_json() for t in found] for day, found in days.items()}})
        return
    print_month(year, number, days, today)


@app.command("export")
def export_tasks(
    format: Annotated[str, typer.Option(
        "--format", "-f", metavar="ics|taskwarrior|json",
        help="ics: an iCalendar file of to-dos (VTODO); taskwarrior: JSON for "
        "'task import'; json: teamspace's own fields.")] = "json",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.",
        show_default=False)] = None,
    project: ProjectOption = None,
    open_only: Annotated[bool, typer.Option("--open", help="Leave out done tasks.")] = False,
    events: Annotated[bool, typer.Option(
        "--events", help="ics: also a VEVENT on the due date of each open task, for "
        "calendars that show only events (khal, Google Calendar).")] = False,
    db: DbOption = None,
) -> None:
    """Export tasks as iCalendar, Taskwarrior JSON or JSON."""
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks import query as taskquery
    from teamspace.text import json_text

    ws = open_workspace(db)
    if format == "taskwarrior":
        from teamspace.store.tasks.taskwarrior import export_taskwarrior

        text = json_text(export_taskwarrior(ws, include_done=not open_only, project=project),
                         indent=1) + "\n"
    elif format in ("ics", "json"):
        found = taskquery.list_tasks(ws, status="open" if open_only else "all",
                                     project=project, waiting="also", limit=100_000)
        if format == "ics":
            from teamspace.store.tasks.ics import calendar as ics_calendar

            name = ws.get_meta("name") or "teamspace"
            text = ics_calendar(found, name=f"{name} tasks", events=events)
        else:
            text = json_text([t.to_json() for t in found]) + "\n"
    else:
        raise InvalidInput(f"unknown format '{format}': use ics, taskwarrior or json")
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    newline = "" if format == "ics" else None  # keep the CRLFs iCalendar requires
    try:
        with open(output, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {output}", err=True)


@app.command("import")
def import_tasks(
    source: Annotated[str, typer.Argument(
        metavar="FILE", help="A file written by 'task export', or '-' for stdin.",
        show_default=False)],
    origin: Annotated[str, typer.Option(
        "--from", metavar="taskwarrior", help="The format of FILE.")] = "taskwarrior",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import Taskwarrior tasks (importing the same file again updates, never doubles)."""
    from teamspace.cli.common import submit
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks.taskwarrior import import_taskwarrior

    if origin != "taskwarrior":
        raise InvalidInput(f"cannot import from '{origin}': only --from taskwarrior")
    try:
        if source == "-":
            from teamspace.cli.compose import read_stdin

            raw = read_stdin("the Taskwarrior export")
        else:
            raw = open(source, encoding="utf-8").read()
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    records = read_records(raw, source)
    result = submit(open_workspace(db), import_taskwarrior, records=records)
    if as_json:
        print_json(result)
        return
    for line in import_summary(result):
        typer.echo(line)


def read_records(raw: str, source: str) -> list[object]:
    """A JSON array, one object, or one object per line (json.array=off)."""
    import json

    from teamspace.errors import InvalidInput

    text = raw.strip()
    if not text:
        return []
    try:
        found = json.loads(text)
    except json.JSONDecodeError as whole:
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise InvalidInput(f"{source} is not Taskwarrior JSON: {whole}") from None
    return found if isinstance(found, list) else [found]


def _counted(found: dict[str, int]) -> str:
    from teamspace.text import one_line

    # Field names come from the file: cleaned like any text from outside.
    return ", ".join(f"{one_line(key, 40)} ({count})" for key, count in sorted(
        found.items(), key=lambda pair: (-pair[1], pair[0])))


def import_summary(result: dict[str, Any]) -> list[str]:
    """What an import did, in a few lines: every field not kept as is is named."""
    from teamspace.text import one_line

    total = result["added"] + result["updated"] + result["unchanged"]
    first = (f"imported {total} tasks: {result['added']} added, {result['updated']} "
             f"updated, {result['unchanged']} unchanged")
    if result["deleted"]:
        first += f"; {result['deleted']} of them in the trash, as in Taskwarrior"
    if result["templates"]:
        first += (f"; {result['templates']} recurrence templates (kept, not listed: "
                  "Taskwarrior makes their occurrences)")
    lines = [first]
    if result["extras"]:
        lines.append("kept as extras, written back on export (tasks): "
                     + _counted(result["extras"]))
    if result["ignored"]:
        lines.append("not kept, Taskwarrior computes them: " + ", ".join(sorted(
            result["ignored"])))
    made = result["made_uuids"]
    if made:
        lines.append("1 record had no uuid: it got one" if made == 1 else
                     f"{made} records had no uuid: each got one")
        lines[-1] += " made from its contents, so importing the file again finds it"
    if result["skipped"]:
        count = len(result["skipped"])
        lines.append(f"skipped {count} record{'s' if count > 1 else ''}:")
        lines += [f"  record {s['record']}: {one_line(str(s['why']), 100)}"
                  for s in result["skipped"]]
    return lines
