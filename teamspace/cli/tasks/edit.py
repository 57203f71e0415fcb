"""``teamspace task …`` beyond add/list/done (cli/tasks/core.py): undo, edit, assign, due,
move, comment, show, delete, restore, trash (calendar, import, export: cli/tasks/interop.py).

Imported only when one of these runs; the store and the renderer are imported inside
the command that needs them, and nothing here touches an ORM.
"""

from typing import Annotated, Any

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
    submit,
)
from teamspace.cli.tasks.core import DueHelp, IdArg, IdsArg, ProjectOption, _due

app = make_app()

@app.command()
def undo(task_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Reopen a done task (its unstarted next occurrence goes to the trash)."""
    from teamspace.store.tasks import tasks

    result = submit(open_workspace(db), tasks.reopen_task, task_id=task_id)
    if as_json:
        print_json(result)
    elif not result["reopened"]:
        typer.echo(f"#{task_id} is open already")
    else:
        extra = f"; removed its next occurrence #{result['removed_next']}" \
            if result["removed_next"] else ""
        typer.echo(f"reopened #{task_id}{extra}")


def _edit(db: str | None, task_id: int, changes: dict[str, Any], what: str) -> None:
    from teamspace.store.tasks import tasks

    submit(open_workspace(db), tasks.edit_task, task_id=task_id, changes=changes)
    typer.echo(f"#{task_id} {what}")


@app.command()
def assign(
    task_id: IdArg,
    user: Annotated[str, typer.Argument(metavar="USER", help="Who is responsible "
                                        "('nobody' to unassign).", show_default=False,
                                        autocompletion=complete.people)],
    db: DbOption = None,
) -> None:
    """Make USER responsible for task ID."""
    nobody = user.strip().lower().lstrip("@") in ("nobody", "none", "-")
    _edit(db, task_id, {"assignee": None if nobody else user},
          "unassigned" if nobody else f"assigned to {user.strip().lower().lstrip('@')}")


@app.command()
def due(
    task_id: IdArg,
    when: Annotated[str, typer.Argument(metavar="WHEN", help=f"{DueHelp}, or 'none'.",
                                        show_default=False)],
    db: DbOption = None,
) -> None:
    """Set (or clear, with 'none') the due date of task ID."""
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks.dates import check_due, describe_due

    if not when.strip():
        raise InvalidInput("give a due date (fri, +3d, 2026-12-24 15:00), or 'none' to "
                           "clear it")
    value = _due(when)
    _edit(db, task_id, {"due": value or None},
          f"due {describe_due(*check_due(value))}" if value else "has no due date")


@app.command()
def move(
    task_id: IdArg,
    project: ProjectOption = None,
    list_name: Annotated[str | None, typer.Option(
        "--list", "-l", metavar="L", help="A list in that project (made if new).",
        show_default=False)] = None,
    no_project: Annotated[bool, typer.Option("--no-project",
                                             help="Take it out of any project.")] = False,
    db: DbOption = None,
) -> None:
    """Move task ID to another project and/or list."""
    from teamspace.errors import InvalidInput

    if no_project and (project or list_name):
        raise InvalidInput("--no-project cannot go with --project or --list")
    if not (no_project or project or list_name):
        raise InvalidInput("give --project P and/or --list L, or --no-project")
    changes: dict[str, Any] = {}
    if project or no_project:
        changes["project"] = project or None
    if list_name:
        changes["list"] = list_name
    where = "no project" if no_project else " › ".join(p for p in (project, list_name) if p)
    _edit(db, task_id, changes, f"moved to {where}")


@app.command()
def edit(
    task_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replace the notes.")] = None,
    priority: Annotated[str | None, typer.Option(
        "--priority", "-P", metavar="H|M|L|none", help="New priority.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="Replace the tags (repeat for more).",
        autocompletion=complete.task_tags)] = None,
    every: Annotated[str | None, typer.Option(
        "--every", metavar="PERIOD", help="New repetition ('none' stops it).")] = None,
    after: Annotated[list[int] | None, typer.Option(
        "--after", metavar="ID", help="Replace what it waits for (0 for nothing).",
        autocompletion=complete.task_ids)] = None,
    db: DbOption = None,
) -> None:
    """Change task ID with flags, or (without flags) in $EDITOR as a small TOML form."""
    changes: dict[str, Any] = {}
    for key, value in (("title", title), ("notes", note), ("priority", priority),
                       ("recur", every)):
        if value is not None:
            changes[key] = value
    if tag is not None:
        changes["tags"] = tag
    if after is not None:
        changes["after"] = [a for a in after if a]
    if changes:
        _edit(db, task_id, changes, "changed")
        return
    from teamspace.cli.tasks.form import edit_in_editor

    edit_in_editor(open_workspace(db), task_id)


@app.command()
def comment(
    task_id: IdArg,
    text: Annotated[str | None, typer.Argument(
        metavar="TEXT", help="The comment; '-' reads stdin; leave out to open $EDITOR.",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Comment on task ID."""
    from teamspace.cli.compose import get_text, keeping_draft
    from teamspace.store.tasks import tasks

    body, precious = get_text(text)
    ws = open_workspace(db)
    comment_id = keeping_draft(body, precious, lambda: submit(
        ws, tasks.add_comment, task_id=task_id, text=body))
    print_json({"id": comment_id, "task": task_id}) if as_json else \
        typer.echo(f"commented on #{task_id}")


@app.command()
def show(task_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show task ID with its notes, dependencies, comments and history."""
    from teamspace.store.tasks import query as taskquery

    detail = taskquery.task_detail(open_workspace(db), task_id)
    if as_json:
        print_json(detail.to_json())
        return
    from teamspace.cli.tasks.render import print_detail

    print_detail(detail)


@app.command()
def delete(ids: IdsArg, db: DbOption = None) -> None:
    """Move tasks to the trash ('task restore ID' brings one back)."""
    from teamspace.store.tasks import tasks

    ws = open_workspace(db)
    for task_id in ids:
        submit(ws, tasks.delete_task, task_id=task_id)
        typer.echo(f"deleted #{task_id} (undo: teamspace task restore {task_id})")


@app.command()
def restore(task_id: IdArg, db: DbOption = None) -> None:
    """Bring task ID back from the trash."""
    from teamspace.store.tasks import tasks

    submit(open_workspace(db), tasks.restore_task, task_id=task_id)
    typer.echo(f"restored #{task_id}")


@app.command()
def trash(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List deleted tasks, most recently deleted first."""
    from teamspace.store.tasks import query as taskquery

    found = taskquery.trash(open_workspace(db))
    if as_json:
        print_json([t.to_json() for t in found])
        return
    from teamspace.cli.tasks.render import print_task_list

    print_task_list(found, more=False, empty="The trash is empty.")
