"""``teamspace project …``: add, list, rename, archive, unarchive."""


from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
project_app = make_app("project", "Projects: they hold to-do lists and tasks.")
app.add_typer(project_app, name="project")
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The project's name.",
                                        show_default=False, autocompletion=complete.projects)]


@project_app.command()
def add(
    name: NameArg,
    description: Annotated[str, typer.Option("--description", "-d",
                                             help="What the project is about.")] = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a project."""
    from teamspace.cli.common import submit
    from teamspace.store.core import projects

    project_id = submit(open_workspace(db), projects.create_project, name=name,
                        description=description)
    print_json({"id": project_id}) if as_json else \
        typer.echo(f"created project {projects.check_name(name)}")


@project_app.command("list")
def list_projects(
    archived: Annotated[bool, typer.Option("--archived", help="Include archived projects.")]
    = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List projects with their open, overdue and done task counts."""
    from teamspace.store.tasks import projects as task_projects
    from teamspace.text import clean

    ws = open_workspace(db)
    found = task_projects.list_projects(ws, include_archived=archived)
    unfiled, unfiled_late = task_projects.unfiled_counts(ws)
    if as_json:
        print_json([p.to_json() for p in found])
        return
    if not found:
        typer.echo("No projects yet ('teamspace project add NAME').")
    for p in found:
        late = typer.style(f"{p.overdue} overdue", fg="red", bold=True) if p.overdue else ""
        flag = typer.style("  (archived)", dim=True) if p.archived else ""
        lists = typer.style("  lists: " + ", ".join(clean(n, newlines=False) for n in p.lists),
                            dim=True) if p.lists else ""
        typer.echo(f"{clean(p.name, newlines=False):30} {p.open:4} open {p.done:5} done  "
                   f"{late}{flag}{lists}".rstrip())
    if unfiled:
        late = typer.style(f"{unfiled_late} overdue", fg="red", bold=True) \
            if unfiled_late else ""
        typer.echo(typer.style(f"{'(no project)':30}", dim=True) + f" {unfiled:4} open "
                   f"{'':10}  {late}".rstrip())


@project_app.command()
def rename(
    name: NameArg,
    new_name: Annotated[str, typer.Argument(metavar="NEW", help="The new name.",
                                            show_default=False)],
    db: DbOption = None,
) -> None:
    """Rename project NAME to NEW (its tasks move with it)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import projects

    submit(open_workspace(db), projects.rename_project, name=name, new_name=new_name)
    typer.echo(f"renamed to {projects.check_name(new_name)}")


@project_app.command()
def archive(name: NameArg, db: DbOption = None) -> None:
    """Archive project NAME: its tasks leave the everyday lists ('unarchive' undoes)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import projects

    submit(open_workspace(db), projects.archive_project, name=name, archived=True)
    typer.echo(f"archived {projects.check_name(name)} (undo: teamspace project unarchive "
               f"\"{projects.check_name(name)}\")")


@project_app.command()
def unarchive(name: NameArg, db: DbOption = None) -> None:
    """Bring an archived project back."""
    from teamspace.cli.common import submit
    from teamspace.store.core import projects

    submit(open_workspace(db), projects.archive_project, name=name, archived=False)
    typer.echo(f"unarchived {projects.check_name(name)}")
