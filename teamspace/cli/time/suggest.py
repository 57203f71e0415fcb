"""``teamspace time suggest``: draft entries for a day from what you did (the activity
log, and commit times with ``--git REPO``), reviewed before anything is written.

Without review options it only shows the drafts.  ``--accept 1,3`` / ``--reject 2`` (the
numbers shown, or the keys in brackets) act on drafts; with one draft accepted, ``--start``,
``--end``, ``--project`` and ``--note`` adjust it first.  ``--review`` walks through them
asking accept / adjust / reject / skip for each.
"""

from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()


def _pick(blocks: list[Any], items: list[str]) -> list[Any]:
    from teamspace.errors import InvalidInput

    chosen = []
    for item in (part.strip() for text in items for part in text.split(",")):
        if not item:
            continue
        if item.isdigit() and 1 <= int(item) <= len(blocks):
            chosen.append(blocks[int(item) - 1])
            continue
        found = [b for b in blocks if b.key == item]
        if not found:
            raise InvalidInput(f"no suggestion '{item}' (numbers go from 1 to {len(blocks)})")
        chosen.append(found[0])
    return chosen


def _accept(ws: Any, block: Any, *, project: str | None, start: str | None,
            end: str | None, note: str | None, new: bool) -> str:
    from teamspace.cli.common import submit
    from teamspace.dates import to_text
    from teamspace.errors import InvalidInput
    from teamspace.store.time import clock, suggest
    from teamspace.store.time.entries import parse_stored

    day = clock.local_day(parse_stored(block.started_at))
    name = project or block.project
    if not name:
        raise InvalidInput(f"suggestion {block.key} has no project: give --project P")
    result = submit(ws, suggest.accept_block, key=block.key, project=name,
                    started_at=to_text(clock.parse_at(start, day=day)) if start
                    else block.started_at,
                    ended_at=to_text(clock.parse_at(end, day=day)) if end else block.ended_at,
                    note=block.note() if note is None else note, create_project=new)
    return f"accepted as #{result['id']} on {name}"


def _review(ws: Any, blocks: list[Any]) -> None:
    from teamspace.cli.common import submit
    from teamspace.cli.time.render import block_line
    from teamspace.errors import TeamspaceError
    from teamspace.store.time import suggest

    for number, block in enumerate(blocks, start=1):
        typer.echo(block_line(number, block))
        for source in block.sources:
            typer.echo(f"       {source}")
        while True:
            answer = typer.prompt("  [a]ccept, a[d]just, [r]eject, [s]kip, [q]uit",
                                  default="s").strip().lower()[:1]
            try:
                if answer == "a":
                    typer.echo("  " + _accept(ws, block, project=None, start=None, end=None,
                                               note=None, new=False))
                elif answer == "d":
                    project = typer.prompt("  project", default=block.project or "")
                    start = typer.prompt("  start", default=block.started_at and
                                         _hm(block.started_at))
                    end = typer.prompt("  end", default=_hm(block.ended_at))
                    note = typer.prompt("  note", default=block.note())
                    typer.echo("  " + _accept(ws, block, project=project, start=start, end=end,
                                               note=note, new=False))
                elif answer == "r":
                    submit(ws, suggest.reject_block, key=block.key)
                    typer.echo("  rejected")
                elif answer == "q":
                    return
                break
            except TeamspaceError as exc:  # say why and ask again: nothing was written
                typer.echo(f"  {exc}", err=True)


def _hm(stored: str) -> str:
    from teamspace.store.time.entries import parse_stored

    return f"{parse_stored(stored).astimezone():%H:%M}"


@app.command()
def suggest(
    day: Annotated[str, typer.Option("--day", metavar="DAY", help="today (default), "
                                     "yesterday, mon, 2026-11-30.")] = "today",
    git: Annotated[list[str] | None, typer.Option(
        "--git", metavar="REPO", help="Also use your commit times in this git repository "
        "(repeatable).")] = None,
    git_author: Annotated[str | None, typer.Option(
        "--git-author", metavar="EMAIL", help="Whose commits (default: user.email of the "
        "repository).")] = None,
    git_project: Annotated[str | None, typer.Option(
        "--git-project", metavar="P", help="The project of those commits (default: the "
        "project named like the repository's folder).")] = None,
    accept: Annotated[list[str] | None, typer.Option(
        "--accept", metavar="N", help="Accept drafts (numbers or keys, '1,3').")] = None,
    reject: Annotated[list[str] | None, typer.Option(
        "--reject", metavar="N", help="Reject drafts (never suggested again).")] = None,
    project: Annotated[str | None, typer.Option("--project", "-p", metavar="P",
                                                help="Project for accepted drafts.")] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="TIME",
                                              help="Adjust the accepted draft's start.")] = None,
    end: Annotated[str | None, typer.Option("--end", metavar="TIME",
                                            help="Adjust the accepted draft's end.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="Note (default: what it came from).")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create --project if new.")] = False,
    review: Annotated[bool, typer.Option("--review", help="Go through the drafts one by "
                                         "one, asking what to do.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Suggest entries for a day from your activity; nothing is written until you review."""
    from teamspace.cli.common import submit
    from teamspace.cli.time.render import block_line
    from teamspace.errors import InvalidInput
    from teamspace.store.time import clock, suggest

    ws = open_workspace(db)
    blocks = suggest.suggestions(ws, clock.parse_day(day), git=list(git or []),
                                 git_author=git_author, git_project=git_project)
    accepted, rejected = _pick(blocks, accept or []), _pick(blocks, reject or [])
    if (start or end) and len(accepted) != 1:
        raise InvalidInput("--start/--end adjust one accepted draft: --accept exactly one")
    if review:
        _review(ws, blocks)
        return
    for block in accepted:
        typer.echo(f"{block.key}: " + _accept(ws, block, project=project, start=start,
                                              end=end, note=note, new=new))
    for block in rejected:
        submit(ws, suggest.reject_block, key=block.key)
        typer.echo(f"{block.key}: rejected")
    if accepted or rejected:
        return
    if as_json:
        print_json([b.to_json() for b in blocks])
        return
    if not blocks:
        typer.echo("No suggestions: nothing you did that day is left without an entry.")
        return
    for number, block in enumerate(blocks, start=1):
        typer.echo(block_line(number, block))
        for source in block.sources:
            typer.echo(typer.style(f"       {source}", dim=True))
    typer.echo(typer.style("Review: --accept N, --reject N, --review (nothing is written "
                           "until you do)", dim=True))
