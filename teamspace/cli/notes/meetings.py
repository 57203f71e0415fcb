"""``teamspace note meeting|promote|outline|export``: meetings and their action items,
a note as an outline / mind map, and a note written out as OPML, FreeMind or Markdown."""

import sys
from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json, submit
from teamspace.cli.notes.core import IdArg, NotebookOption

app = make_app()


@app.command()
def meeting(
    title: Annotated[list[str], typer.Argument(metavar="TITLE", help="What the meeting is.",
                                               show_default=False)],
    when: Annotated[str | None, typer.Option(
        "--when", metavar="WHEN", help="When: 'mon 10:00', tomorrow, 2026-12-24 15:00.",
        show_default=False)] = None,
    with_: Annotated[list[str] | None, typer.Option(
        "--with", metavar="USERS", help="Who comes: anna,bob (repeatable).",
        show_default=False)] = None,
    agenda: Annotated[list[str] | None, typer.Option(
        "--agenda", metavar="ITEM", help="An agenda item (repeatable).", show_default=False)]
    = None,
    notebook: NotebookOption = None,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Open it in $EDITOR first.")]
    = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make a meeting note: when, who, agenda, decisions, action items."""
    from teamspace.cli.compose import keeping_draft
    from teamspace.store.notes import meetings, notes

    moment = ""
    if when:
        from teamspace.dates import parse_due

        parsed = parse_due(when)
        moment = parsed.strftime("%a %Y-%m-%d %H:%M" if ":" in when else "%a %Y-%m-%d")
    name = " ".join(title)
    body = meetings.template(name, when=moment,
                             attendees=meetings.check_attendees(with_ or []),
                             agenda=list(agenda or []))
    if edit:
        from teamspace.cli.compose import from_editor

        body = from_editor(body)
    ws = open_workspace(db)
    note_id = keeping_draft(body, edit, lambda: submit(
        ws, notes.create_note, title=name, body=body, notebook=notebook, tags=["meeting"],
        kind="meeting"))
    print_json({"id": note_id}) if as_json else typer.echo(note_id)


@app.command()
def promote(
    note_id: IdArg,
    project: Annotated[str | None, typer.Option(
        "--project", "-p", metavar="P", help="The project of the tasks (default: the "
        "notebook's).", show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn the note's open action items ('- [ ] @anna do it due:fri') into tasks."""
    from teamspace.dates import local_now
    from teamspace.store.notes.meetings import promote as run
    from teamspace.text import one_line

    results = submit(open_workspace(db), run, note_id=note_id, project=project,
                     today=local_now().date().isoformat())
    if as_json:
        print_json(results)
        return
    made = [r for r in results if r["created"]]
    for result in results:
        state = "new task" if result["created"] else "already task" if result["task"] \
            else "not promoted" if result.get("error") else "done, not promoted"
        task = f"#{result['task']}" if result["task"] else ""
        typer.echo(f"{state:>18} {task:>6}  {one_line(result['text'], 60)}"
                   + (f"  ({one_line(result['error'], 80)})" if result.get("error") else ""))
    if not results:
        typer.echo(f"#{note_id} has no action items ('- [ ] @name what due:fri')",
                   err=not sys.stdout.isatty())
    elif not made:
        typer.echo("nothing new to promote", err=not sys.stdout.isatty())


@app.command()
def outline(note_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The note's headings and bullets as a tree."""
    from teamspace.store.notes import outline as tree_of
    from teamspace.store.notes.query import get_note
    from teamspace.text import one_line

    view = get_note(open_workspace(db), note_id)
    root = tree_of.tree(view.note.title, view.body)
    if as_json:
        print_json(root.to_json())
        return
    typer.echo(typer.style(one_line(root.text, 100), bold=True))
    for depth, text in tree_of.lines(root):
        typer.echo("  " * depth + "├─ " + one_line(text, 100))


@app.command()
def export(
    note_id: IdArg,
    format_: Annotated[str, typer.Option(
        "--format", metavar="opml|mm|md", help="OPML outline, FreeMind map, or Markdown "
        "with front matter.")] = "md",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write to a file, exactly (default: "
        "stdout, with control characters replaced).",
        show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Write a note out as an OPML outline, a FreeMind mind map or Markdown."""
    from teamspace.dates import iso_utc
    from teamspace.errors import InvalidInput
    from teamspace.store.notes import frontmatter, outline
    from teamspace.store.notes.query import get_note

    if format_ not in ("opml", "mm", "md"):
        raise InvalidInput(f"--format is opml, mm or md, not '{format_}'")
    view = get_note(open_workspace(db), note_id)
    root = outline.tree(view.note.title, view.body)
    if format_ == "opml":
        text = outline.to_opml(root, created=iso_utc(view.note.created_at))
    elif format_ == "mm":
        text = outline.to_freemind(root)
    else:
        text = frontmatter.dump({"title": view.note.title, "uid": view.uid,
                                 "tags": view.note.tags,
                                 "created": iso_utc(view.note.created_at),
                                 "updated": iso_utc(view.note.updated_at),
                                 "author": view.note.author,
                                 "pinned": view.note.pinned}) + view.body
    if output is None:  # a terminal may be reading: cleaned (a file gets it exact)
        from teamspace.text import clean

        sys.stdout.write(clean(text))
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)
    typer.echo(f"wrote {output}")
