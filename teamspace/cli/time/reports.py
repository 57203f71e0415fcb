"""``teamspace time list|report``: entries of a range of local days, and hours by
project, person, tag, day or week with sub-totals (text, ``--json`` or ``--csv``)."""

from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()

DayFlag = Annotated[bool, typer.Option("--day", help="One day (the default for list).")]
WeekFlag = Annotated[bool, typer.Option("--week", help="Its week, Monday to Sunday.")]
MonthFlag = Annotated[bool, typer.Option("--month", help="Its month.")]
OnOption = Annotated[str | None, typer.Option(
    "--on", metavar="DAY", help="The day the range is around: today (default), yesterday, "
    "mon, -7d, 2026-11-30.")]
FromOption = Annotated[str | None, typer.Option("--from", metavar="DAY",
                                                help="First day of an explicit range.")]
ToOption = Annotated[str | None, typer.Option("--to", metavar="DAY",
                                              help="Last day of an explicit range.")]
PersonOption = Annotated[str | None, typer.Option("--person", metavar="USER",
                                                  help="Someone else's time.")]
EveryoneFlag = Annotated[bool, typer.Option("--everyone", help="Everyone's time.")]
ProjectOption = Annotated[str | None, typer.Option("--project", "-p", metavar="P",
                                                   help="Only this project.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV for spreadsheets.")]


def days(day: bool, week: bool, month: bool, on: str | None, first: str | None,
         last: str | None, default: str) -> tuple[Any, Any]:
    """The (first, last) local days the options name."""
    from teamspace.errors import InvalidInput
    from teamspace.store.time import clock, query

    if day + week + month > 1:
        raise InvalidInput("choose one of --day, --week, --month")
    if (first or last) and (day or week or month or on):
        raise InvalidInput("--from/--to cannot go with --day, --week, --month or --on")
    span = "day" if day else "week" if week else "month" if month else default
    return query.day_range(span, clock.parse_day(on) if on else None,
                           clock.parse_day(first) if first else None,
                           clock.parse_day(last) if last else None)


def who(ws: Any, person: str | None, everyone: bool, default_everyone: bool) -> str | None:
    """The person the options name (None: everyone)."""
    from teamspace.errors import InvalidInput

    if person and everyone:
        raise InvalidInput("choose --person or --everyone")
    if person:
        return person.strip().lower().lstrip("@")
    return None if everyone or default_everyone else str(ws.user)


@app.command("list")
def list_entries(
    day: DayFlag = False, week: WeekFlag = False, month: MonthFlag = False,
    on: OnOption = None, first: FromOption = None, last: ToOption = None,
    person: PersonOption = None, everyone: EveryoneFlag = False,
    project: ProjectOption = None, csv: CsvFlag = False,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Your entries of a day (default today), week, month or range, by day; overlaps and
    forgotten timers are flagged."""
    from teamspace.store.time import query

    ws = open_workspace(db)
    first_day, last_day = days(day, week, month, on, first, last, "day")
    listing = ws.read(lambda s: query.select_listing(
        s, first=first_day, last=last_day, person=who(ws, person, everyone, False),
        project=project))
    if as_json:
        print_json({"from": first_day.isoformat(), "to": last_day.isoformat(),
                    "total_seconds": round(listing.total),
                    "entries": [{**e.to_json(), "flags": listing.flags[e.id]}
                                for e in listing.entries]})
        return
    if csv:
        from teamspace.store.time.interop import to_csv

        typer.echo(to_csv(listing.entries), nl=False)
        return
    from teamspace.cli.time.render import print_listing

    print_listing(listing, everyone=who(ws, person, everyone, False) is None)


@app.command()
def report(
    by: Annotated[str, typer.Option("--by", metavar="project|person|tag|day|week",
                                    help="What the rows are.")] = "project",
    day: DayFlag = False, week: WeekFlag = False, month: MonthFlag = False,
    on: OnOption = None, first: FromOption = None, last: ToOption = None,
    person: PersonOption = None, everyone: EveryoneFlag = False,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own time.")] = False,
    project: ProjectOption = None, csv: CsvFlag = False,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Hours with sub-totals over a range (default this week, everyone's time)."""
    from teamspace.store.time import report as reports

    ws = open_workspace(db)
    first_day, last_day = days(day, week, month, on, first, last, "week")
    if mine:
        person = str(ws.user)
    found = reports.report(ws, by=by, first=first_day, last=last_day,
                           person=who(ws, person, everyone, True), project=project)
    if as_json:
        print_json(found.to_json())
    elif csv:
        from teamspace.cli.time.render import report_csv

        typer.echo(report_csv(found), nl=False)
    else:
        from teamspace.cli.time.render import print_report

        print_report(found)
