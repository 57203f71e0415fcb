"""``teamspace task …``: add, list, done, undo, edit, assign, due, move, comment, show,
delete, restore, trash (calendar, import and export live in cli/taskio.py).

``task add``, ``task list`` and ``task done`` are in the CLI latency budget: this module
imports only typer and cli.common at load time; the store and the renderer are
imported inside the command that needs them, and nothing here touches an ORM.
"""


from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
task_app = make_app("task", "Tasks: to-dos with owners, due dates, priorities, tags, "
                    "recurrence and dependencies.")
app.add_typer(task_app, name="task")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="A task id.", show_default=False)]
IdsArg = Annotated[list[int], typer.Argument(metavar="ID...", help="One or more task ids.",
                                             show_default=False)]
ProjectOption = Annotated[str | None, typer.Option(
    "--project", "-p", metavar="P", help="The project (see 'teamspace project list').",
    show_default=False)]
DueHelp = "today, tomorrow, fri, +3d, next week, 2026-12-24, '2026-12-24 15:00'"


def _due(value: str | None) -> str | None:
    """The user's WHEN as an absolute ISO value for the store (None stays None)."""
    if value is None:
        return None
    if value.strip().lower() in ("", "none", "never", "-"):
        return ""
    from teamspace.store.taskdates import resolve_due

    return resolve_due(value)


def _submit(ws: Any, writer: Any, **kwargs: Any) -> Any:
    from teamspace.cli.common import submit

    return submit(ws, writer, **kwargs)


@task_app.command()
def add(
    title: Annotated[list[str], typer.Argument(
        metavar="TITLE", help="What to do (several words are joined).", show_default=False)],
    project: ProjectOption = None,
    list_name: Annotated[str | None, typer.Option(
        "--list", "-l", metavar="L", help="A to-do list inside the project (made if new).",
        show_default=False)] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="USER", help="Who is responsible.", show_default=False)] = None,
    due: Annotated[str | None, typer.Option(
        "--due", "-d", metavar="WHEN", help=f"Due date: {DueHelp}.", show_default=False)]
    = None,
    priority: Annotated[str | None, typer.Option(
        "--priority", "-P", metavar="H|M|L", help="Priority.", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="A tag (repeat for more).", show_default=False)]
    = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Notes.")] = "",
    every: Annotated[str | None, typer.Option(
        "--every", metavar="PERIOD", help="Repeat: day, weekday, week, month, year, or a "
        "day name; doing it creates the next one.", show_default=False)] = None,
    after: Annotated[list[int] | None, typer.Option(
        "--after", metavar="ID", help="Wait for task ID to be done first (repeatable).",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a task; prints its id."""
    from teamspace.store import tasks

    due_value = _due(due)
    ws = open_workspace(db)
    task_id = _submit(ws, tasks.add_task, title=" ".join(title), project=project,
                      list_name=list_name, assignee=to, due=due_value or None,
                      priority=priority, tags=list(tag or []), notes=note, recur=every,
                      after=list(after or []))
    print_json({"id": task_id}) if as_json else typer.echo(task_id)


@task_app.command("list")
def list_tasks(
    mine: Annotated[bool, typer.Option("--mine", help="Only tasks assigned to me.")] = False,
    to: Annotated[str | None, typer.Option("--to", metavar="USER",
                                           help="Only tasks assigned to USER.")] = None,
    project: ProjectOption = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only tasks tagged T.")] = None,
    due_before: Annotated[str | None, typer.Option(
        "--due-before", metavar="WHEN", help="Only tasks due before WHEN.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    status_open: Annotated[bool, typer.Option("--open", help="Open tasks (the default).")]
    = False,
    done: Annotated[bool, typer.Option("--done", help="Done tasks.")] = False,
    every: Annotated[bool, typer.Option("--all", help="Open and done tasks.")] = False,
    sort: Annotated[str, typer.Option("--sort", metavar="due|priority|created",
                                      help="Order within each project.")] = "due",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 200,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List tasks by project: open ones by default, soonest due first."""
    from teamspace.store import taskquery
    from teamspace.store.errors import InvalidInput

    if status_open + done + every > 1:
        raise InvalidInput("choose one of --open, --done, --all")
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    before = _due(due_before) or None
    ws = open_workspace(db)
    found = taskquery.list_tasks(
        ws, status="done" if done else "all" if every else "open",
        assignee=ws.user if mine else to, project=project, tag=tag, due_before=before,
        overdue=overdue, sort=sort, limit=limit + 1)
    more, found = len(found) > limit, found[:limit]
    if as_json:
        print_json([t.to_json() for t in found])
        return
    from teamspace.cli.taskrender import print_task_list

    print_task_list(found, more=more, empty="No done tasks." if done else "No tasks.")


@task_app.command("done")
def done_(ids: IdsArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Tick tasks off (a repeating task brings its next one)."""
    from teamspace.store import tasks

    results = _submit(open_workspace(db), tasks.complete_tasks, task_ids=list(ids))
    if as_json:
        print_json(results)
        return
    for result in results:
        line = f"#{result['id']} was already done" if result["already"] else \
            f"done #{result['id']} (undo: teamspace task undo {result['id']})"
        if result["next_id"]:
            line += f"; next one is #{result['next_id']}"
        if result["waited_for"]:
            line += "; it was waiting for " + ", ".join(f"#{i}" for i in result["waited_for"])
        typer.echo(line)


@task_app.command()
def undo(task_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Reopen a done task (its unstarted next occurrence goes to the trash)."""
    from teamspace.store import tasks

    result = _submit(open_workspace(db), tasks.reopen_task, task_id=task_id)
    if as_json:
        print_json(result)
    elif not result["reopened"]:
        typer.echo(f"#{task_id} is open already")
    else:
        extra = f"; removed its next occurrence #{result['removed_next']}" \
            if result["removed_next"] else ""
        typer.echo(f"reopened #{task_id}{extra}")


def _edit(db: str | None, task_id: int, changes: dict[str, Any], what: str) -> None:
    from teamspace.store import tasks

    _submit(open_workspace(db), tasks.edit_task, task_id=task_id, changes=changes)
    typer.echo(f"#{task_id} {what}")


@task_app.command()
def assign(
    task_id: IdArg,
    user: Annotated[str, typer.Argument(metavar="USER", help="Who is responsible "
                                        "('nobody' to unassign).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Make USER responsible for task ID."""
    nobody = user.strip().lower().lstrip("@") in ("nobody", "none", "-")
    _edit(db, task_id, {"assignee": None if nobody else user},
          "unassigned" if nobody else f"assigned to {user.strip().lower().lstrip('@')}")


@task_app.command()
def due(
    task_id: IdArg,
    when: Annotated[str, typer.Argument(metavar="WHEN", help=f"{DueHelp}, or 'none'.",
                                        show_default=False)],
    db: DbOption = None,
) -> None:
    """Set (or clear, with 'none') the due date of task ID."""
    from teamspace.store.taskdates import check_due, describe_due

    value = _due(when)
    _edit(db, task_id, {"due": value or None},
          f"due {describe_due(*check_due(value))}" if value else "has no due date")


@task_app.command()
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
    from teamspace.store.errors import InvalidInput

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


@task_app.command()
def edit(
    task_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replace the notes.")] = None,
    priority: Annotated[str | None, typer.Option(
        "--priority", "-P", metavar="H|M|L|none", help="New priority.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="Replace the tags (repeat for more).")] = None,
    every: Annotated[str | None, typer.Option(
        "--every", metavar="PERIOD", help="New repetition ('none' stops it).")] = None,
    after: Annotated[list[int] | None, typer.Option(
        "--after", metavar="ID", help="Replace what it waits for (0 for nothing).")] = None,
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
    from teamspace.cli.taskform import edit_in_editor

    edit_in_editor(open_workspace(db), task_id)


@task_app.command()
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
    from teamspace.store import tasks

    body, precious = get_text(text)
    ws = open_workspace(db)
    comment_id = keeping_draft(body, precious, lambda: _submit(
        ws, tasks.add_comment, task_id=task_id, text=body))
    print_json({"id": comment_id, "task": task_id}) if as_json else \
        typer.echo(f"commented on #{task_id}")


@task_app.command()
def show(task_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show task ID with its notes, dependencies, comments and history."""
    from teamspace.store import taskquery

    detail = taskquery.task_detail(open_workspace(db), task_id)
    if as_json:
        print_json(detail.to_json())
        return
    from teamspace.cli.taskrender import print_detail

    print_detail(detail)


@task_app.command()
def delete(ids: IdsArg, db: DbOption = None) -> None:
    """Move tasks to the trash ('task restore ID' brings one back)."""
    from teamspace.store import tasks

    ws = open_workspace(db)
    for task_id in ids:
        _submit(ws, tasks.delete_task, task_id=task_id)
        typer.echo(f"deleted #{task_id} (undo: teamspace task restore {task_id})")


@task_app.command()
def restore(task_id: IdArg, db: DbOption = None) -> None:
    """Bring task ID back from the trash."""
    from teamspace.store import tasks

    _submit(open_workspace(db), tasks.restore_task, task_id=task_id)
    typer.echo(f"restored #{task_id}")


@task_app.command()
def trash(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List deleted tasks, most recently deleted first."""
    from teamspace.store import taskquery

    found = taskquery.trash(open_workspace(db))
    if as_json:
        print_json([t.to_json() for t in found])
        return
    from teamspace.cli.taskrender import print_task_list

    print_task_list(found, more=False, empty="The trash is empty.")


# Registers calendar, import and export on task_app (kept apart to stay under 400 lines).
import teamspace.cli.taskio  # noqa: E402,F401
