"""``teamspace time import|export``: Watson frames and ``timew export`` JSON in;
Timewarrior JSON (``timew export``'s format) and CSV out."""

from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json
from teamspace.cli.time.reports import (
    EveryoneFlag,
    FromOption,
    PersonOption,
    ProjectOption,
    ToOption,
)

app = make_app()


def _read(source: str) -> str:
    import sys

    from teamspace.errors import InvalidInput

    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None


@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="Watson's frames file (or "
                                          "'watson log --json'), or 'timew export' output.",
                                          show_default=False)],
    fmt: Annotated[str, typer.Option("--from", metavar="watson|timew",
                                     help="Which program wrote it.", show_default=False)],
    project: Annotated[str | None, typer.Option(
        "--project", "-p", metavar="P", help="Project for Timewarrior intervals that do "
        "not say theirs (no tags, or several and none is 'project:NAME').")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import your time from Watson or Timewarrior (importing again adds nothing twice)."""
    import json

    from teamspace.cli.common import submit
    from teamspace.errors import InvalidInput
    from teamspace.store.time import interop

    try:
        data = json.loads(_read(source))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source} is not JSON ({exc.msg}, line {exc.lineno})") from None
    if fmt == "watson":
        records, running = interop.parse_watson(data)
    elif fmt == "timew":
        from teamspace.store.core.projects import project_names

        ws = open_workspace(db)
        known = {name.lower() for name in project_names(ws)}
        records, running = interop.parse_timew(data, project, known)
    else:
        raise InvalidInput("--from watson or --from timew")
    result = submit(open_workspace(db), interop.import_records, records=records)
    result["running_skipped"] = running
    if as_json:
        print_json(result)
        return
    line = f"imported {result['added']} entries"
    if result["skipped"]:
        line += f", {result['skipped']} were there already"
    if result["projects_created"]:
        line += f"; new projects: {', '.join(result['projects_created'])}"
    typer.echo(line)
    if running:
        typer.echo(f"skipped {running} still running: stop it there and import again",
                   err=True)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", metavar="timew|csv|json",
                                     help="timew: what 'timew export' prints.")] = "timew",
    first: FromOption = None, last: ToOption = None,
    person: PersonOption = None, everyone: EveryoneFlag = False,
    project: ProjectOption = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write here instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Export your entries (all, or --from/--to days) as Timewarrior JSON, CSV or JSON."""
    import json

    from teamspace.cli.time.reports import days, who
    from teamspace.errors import InvalidInput
    from teamspace.store.time import interop, query

    if fmt not in ("timew", "csv", "json"):
        raise InvalidInput("--format timew, csv or json")
    ws = open_workspace(db)
    name = who(ws, person, everyone, False)
    if first or last:
        start, end = query.utc_range(*days(False, False, False, None, first, last, "day"))
        found = query.list_entries(ws, start=start, end=end, person=name, project=project)
    else:
        found = ws.read(lambda s: interop.select_all(s, name))
        if project:
            found = [e for e in found if e.project.lower() == project.strip().lower()]
    if fmt == "csv":
        text = interop.to_csv(found)
    elif fmt == "timew":
        text = "[\n" + ",\n".join(json.dumps(i, ensure_ascii=False)
                                  for i in interop.to_timew(found)) + "\n]\n"
    else:
        text = json.dumps([e.to_json() for e in found], indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)
    typer.echo(f"wrote {len(found)} entries to {output}", err=True)

