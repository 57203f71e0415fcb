"""``teamspace time sheet|submit|approve|return|reopen``: week timesheets.

A person submits a week; the owner of each project in it (whoever made the project)
approves or returns their part with a comment; approved (and awaiting) parts are
locked until reopened, and every step lands in the activity log.
"""

from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()

WeekOption = Annotated[str | None, typer.Option(
    "--week", metavar="WEEK", help="this (default), last, 2026-W48 or any day in it.")]
PersonArg = Annotated[str, typer.Argument(metavar="USER", help="Whose week.",
                                          show_default=False)]
ProjectOption = Annotated[str | None, typer.Option(
    "--project", "-p", metavar="P", help="Only this project's part (default: every "
    "project of the week that you own).")]


def _week(text: str | None) -> str:
    from teamspace.store.time.sheets import parse_week

    return parse_week(text).isoformat()


@app.command()
def sheet(
    person: Annotated[str | None, typer.Argument(metavar="[USER]", help="Whose week "
                                                 "(default: yours).")] = None,
    week: WeekOption = None,
    review: Annotated[bool, typer.Option("--to-review", help="List the weeks waiting for "
                                         "your review instead.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A week as a timesheet: projects × days, and where it stands in review."""
    from datetime import date

    from teamspace.cli.time.render import print_sheet
    from teamspace.store.time import sheets

    ws = open_workspace(db)
    if review:
        found = ws.read(lambda s: sheets.select_to_review(s, ws.user))
        if as_json:
            print_json([f.to_json() for f in found])
        elif not found:
            typer.echo("Nothing waits for your review.")
        for item in found if not as_json else []:
            print_sheet(item)
            typer.echo("")
        return
    name = (person or ws.user).strip().lower().lstrip("@")
    found_sheet = sheets.sheet(ws, name, date.fromisoformat(_week(week)))
    print_json(found_sheet.to_json()) if as_json else print_sheet(found_sheet)


@app.command()
def submit(week: WeekOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Submit your week for review (its entries lock until reviewed or reopened)."""
    from datetime import date, timedelta

    from teamspace.cli.common import submit as write
    from teamspace.store.time import query, sheets

    monday = date.fromisoformat(_week(week))
    starts, ends = query.utc_range(monday, monday + timedelta(days=6))
    result = write(open_workspace(db), sheets.submit_week, week=monday.isoformat(),
                   starts_at=starts, ends_at=ends)
    print_json(result) if as_json else typer.echo(
        f"submitted your week of {monday.isoformat()} for review")


def _review(person: str, week: str | None, project: str | None, decision: str, comment: str,
            db: str | None, as_json: bool) -> None:
    from teamspace.cli.common import submit as write
    from teamspace.store.time import sheets

    result = write(open_workspace(db), sheets.review_week, person=person.strip().lower(),
                   week=_week(week), decision=decision, project=project, comment=comment)
    if as_json:
        print_json(result)
        return
    typer.echo(f"{decision} {result['person']}'s week of {result['week']} on "
               + ", ".join(result["projects"]))


@app.command()
def approve(person: PersonArg, week: WeekOption = None, project: ProjectOption = None,
            comment: Annotated[str, typer.Option("--comment", metavar="TEXT",
                                                 help="A remark.")] = "",
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Approve USER's submitted week on your projects (its entries stay locked)."""
    _review(person, week, project, "approved", comment, db, as_json)


@app.command("return")
def return_(person: PersonArg,
            comment: Annotated[str, typer.Option("--comment", "-m", metavar="TEXT",
                                                 help="What to fix (required).",
                                                 show_default=False)],
            week: WeekOption = None, project: ProjectOption = None,
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Return USER's submitted week on your projects with a comment, to be fixed."""
    _review(person, week, project, "returned", comment, db, as_json)


@app.command()
def reopen(
    person: Annotated[str | None, typer.Argument(metavar="[USER]", help="Whose week "
                                                 "(default: yours).")] = None,
    week: WeekOption = None, project: ProjectOption = None,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Unlock a week: take back your submitted week, or (as a project owner) reopen an
    approved part.  Logged."""
    from teamspace.cli.common import submit as write
    from teamspace.store.time import sheets

    ws = open_workspace(db)
    name = (person or ws.user).strip().lower().lstrip("@")
    result = write(ws, sheets.reopen_week, person=name, week=_week(week), project=project)
    if as_json:
        print_json(result)
        return
    parts = f" on {', '.join(result['projects'])}" if result["projects"] else ""
    typer.echo(f"reopened {name}'s week of {result['week']}{parts}")
