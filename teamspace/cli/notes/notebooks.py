"""``teamspace notebook add|list|rename|archive|move|project|export``.

A notebook decides who reads its notes: everyone (the default), a group (a closed
group's members only), or only you (``--private``).
"""

import sys
from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json, submit
from teamspace.cli.notes.core import notebook_names

app = make_app()
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The notebook's name.",
                                        show_default=False)]
NotebookArg = Annotated[str, typer.Argument(metavar="NAME", help="The notebook's name.",
                                            show_default=False, autocompletion=notebook_names)]
GroupOption = Annotated[str | None, typer.Option(
    "--group", "-g", metavar="G", help="Only members of group G (and everyone, if G is an "
    "open group) read it.", show_default=False, autocompletion=complete.groups)]
PrivateOption = Annotated[bool, typer.Option("--private", help="Only you read it.")]


def _visibility(group: str | None, private: bool, everyone: bool = False) -> str:
    from teamspace.errors import InvalidInput

    if (group is not None) + private + everyone > 1:
        raise InvalidInput("choose one of --everyone, --group G, --private")
    return "group" if group else "private" if private else "everyone"


@app.command()
def add(
    name: NameArg,
    group: GroupOption = None,
    private: PrivateOption = False,
    project: Annotated[str | None, typer.Option(
        "--project", "-p", metavar="P", help="Action items become tasks in project P.",
        show_default=False, autocompletion=complete.projects)] = None,
    description: Annotated[str, typer.Option("--description", "-d", metavar="TEXT",
                                             help="What it is for.")] = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a notebook (for everyone unless --group or --private)."""
    from teamspace.store.notes import notebooks

    notebook_id = submit(open_workspace(db), notebooks.add_notebook, name=name,
                         visibility=_visibility(group, private), group=group,
                         project=project, description=description)
    print_json({"id": notebook_id}) if as_json else typer.echo(notebook_id)


@app.command("list")
def list_(
    archived: Annotated[bool, typer.Option("--archived", help="Archived ones too.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The notebooks you can read, with who else can and how many notes they hold."""
    from teamspace.store.notes import notebooks
    from teamspace.text import one_line

    found = notebooks.list_notebooks(open_workspace(db), archived=archived)
    if as_json:
        print_json([n.to_json() for n in found])
        return
    if not found:
        typer.echo("No notebooks yet ('teamspace note add' makes 'Notes').",
                   err=not sys.stdout.isatty())
    for book in found:
        extra = "  (archived)" if book.archived else ""
        project = f"  → {one_line(book.project, 30)}" if book.project else ""
        typer.echo(f"{one_line(book.name, 40):<32} {book.notes:>5} notes  "
                   f"{book.audience():<16} by {book.owner}{project}{extra}")


@app.command()
def rename(
    name: NotebookArg,
    new_name: Annotated[str, typer.Argument(metavar="NEW", help="The new name.",
                                            show_default=False)],
    db: DbOption = None,
) -> None:
    """Rename a notebook."""
    from teamspace.store.notes import notebooks

    submit(open_workspace(db), notebooks.rename_notebook, name=name, new_name=new_name)
    typer.echo("renamed")


@app.command()
def archive(
    name: NotebookArg,
    undo: Annotated[bool, typer.Option("--undo", help="Bring it back.")] = False,
    db: DbOption = None,
) -> None:
    """Archive a notebook (its notes leave the lists and become read-only)."""
    from teamspace.store.notes import notebooks

    submit(open_workspace(db), notebooks.archive_notebook, name=name, archived=not undo)
    typer.echo("unarchived" if undo else "archived (undo: --undo)")


@app.command()
def move(
    name: NotebookArg,
    everyone: Annotated[bool, typer.Option("--everyone", help="Everyone reads it.")] = False,
    group: GroupOption = None,
    private: PrivateOption = False,
    db: DbOption = None,
) -> None:
    """Change who reads a notebook (its owner only)."""
    from teamspace.errors import InvalidInput
    from teamspace.store.notes import notebooks

    if not (everyone or group or private):
        raise InvalidInput("say who reads it: --everyone, --group G or --private")
    visibility = _visibility(group, private, everyone)
    submit(open_workspace(db), notebooks.move_notebook, name=name, visibility=visibility,
           group=group)
    typer.echo(f"now readable by {'group ' + group if group else visibility}")


@app.command()
def project(
    name: NotebookArg,
    project_name: Annotated[str, typer.Argument(
        metavar="PROJECT", help="The project ('none' to clear).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Set the project a notebook's action items become tasks in."""
    from teamspace.store.notes import notebooks

    value = None if project_name.strip().lower() in ("none", "-", "") else project_name
    submit(open_workspace(db), notebooks.set_project, name=name, project=value)
    typer.echo("project cleared" if value is None else "project set")


@app.command()
def export(
    name: NotebookArg,
    folder: Annotated[str, typer.Argument(metavar="FOLDER", help="Where to write the files.",
                                          show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite files there.")] = False,
    db: DbOption = None,
) -> None:
    """Write a notebook as Markdown files with front matter (importing them back with
    'note import --from md' changes nothing)."""
    from teamspace.store.notes.folder import export_files, write_files

    files = export_files(open_workspace(db), name)
    write_files(folder, files, force=force)
    notes = sum(1 for path, _ in files if path.endswith(".md") and "/" not in path)
    typer.echo(f"wrote {notes} notes ({len(files)} files) to {folder}")
