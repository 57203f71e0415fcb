"""``teamspace task add|list|done``: the task commands in the CLI latency budget.

They live apart from the other task commands (cli/tasks/edit.py, cli/tasks/interop.py)
so that ``teamspace task add`` imports and builds only what it runs (docs/performance.md).
No ``from __future__ import annotations``: Typer would eval every annotation per call.
"""

from typing import Annotated

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

app = make_app()

IdArg = Annotated[int, typer.Argument(metavar="ID", help="A task id.", show_default=False,
                                      autocompletion=complete.task_ids)]
IdsArg = Annotated[list[int], typer.Argument(metavar="ID...", help="One or more task ids.",
                                             show_default=False, autocompletion=complete.task_ids)]
ProjectOption = Annotated[str | None, typer.Option(
    "--project", "-p", metavar="P", help="The project (see 'teamspace project list').",
    show_default=False, autocompletion=complete.projects)]
DueHelp = "today, tomorrow, fri, +3d, next week, 2026-12-24, '2026-12-24 15:00'"


def _due(value: str | None) -> str | None:
    """The user's WHEN as an absolute ISO value for the store (None stays None)."""
    if value is None:
        return None
    if value.strip().lower() in ("", "none", "never", "-"):
        return ""
    from teamspace.store.tasks.dates import resolve_due

    return resolve_due(value)


@app.command()
def add(
    title: Annotated[list[str], typer.Argument(
        metavar="TITLE", help="What to do (several words are joined).", show_default=False)],
    project: ProjectOption = None,
    list_name: Annotated[str | None, typer.Option(
        "--list", "-l", metavar="L", help="A to-do list inside the project (made if new).",
        show_default=False)] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="USER", help="Who is responsible.", show_default=False,
        autocompletion=complete.people)] = None,
    due: Annotated[str | None, typer.Option(
        "--due", "-d", metavar="WHEN", help=f"Due date: {DueHelp}.", show_default=False)]
    = None,
    priority: Annotated[str | None, typer.Option(
        "--priority", "-P", metavar="H|M|L", help="Priority.", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="A tag (repeat for more).", show_default=False,
        autocompletion=complete.task_tags)]
    = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Notes.")] = "",
    every: Annotated[str | None, typer.Option(
        "--every", metavar="PERIOD", help="Repeat: day, weekday, week, month, year, or a "
        "day name; doing it creates the next one.", show_default=False)] = None,
    after: Annotated[list[int] | None, typer.Option(
        "--after", metavar="ID", help="Wait for task ID to be done first (repeatable).",
        show_default=False, autocompletion=complete.task_ids)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a task; prints its id."""
    from teamspace.store.tasks import tasks

    due_value = _due(due)
    ws = open_workspace(db)
    task_id = submit(ws, tasks.add_task, title=" ".join(title), project=project,
                      list_name=list_name, assignee=to, due=due_value or None,
                      priority=priority, tags=list(tag or []), notes=note, recur=every,
                      after=list(after or []))
    print_json({"id": task_id}) if as_json else typer.echo(task_id)


@app.command("list")
def list_tasks(
    mine: Annotated[bool, typer.Option("--mine", help="Only tasks assigned to me.")] = False,
    to: Annotated[str | None, typer.Option("--to", metavar="USER",
                                           help="Only tasks assigned to USER.",
                                           autocompletion=complete.people)] = None,
    project: ProjectOption = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only tasks tagged T.",
                                            autocompletion=complete.task_tags)] = None,
    due_before: Annotated[str | None, typer.Option(
        "--due-before", metavar="WHEN", help="Only tasks due before WHEN.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    status_open: Annotated[bool, typer.Option("--open", help="Open tasks (the default).")]
    = False,
    done: Annotated[bool, typer.Option("--done", help="Done tasks.")] = False,
    every: Annotated[bool, typer.Option(
        "--all", help="Open and done tasks, hidden ones too.")] = False,
    waiting: Annotated[bool, typer.Option(
        "--waiting", help="Only open tasks hidden until a later date (Taskwarrior's "
        "wait).")] = False,
    sort: Annotated[str, typer.Option("--sort", metavar="due|priority|created",
                                      help="Order within each project.")] = "due",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 200,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List tasks by project: open ones by default, soonest due first."""
    from teamspace.errors import InvalidInput
    from teamspace.store.tasks import query as taskquery

    if status_open + done + every + waiting > 1:
        raise InvalidInput("choose one of --open, --done, --all, --waiting")
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    before = _due(due_before) or None
    ws = open_workspace(db)
    found = taskquery.list_tasks(
        ws, status="done" if done else "all" if every else "open",
        assignee=ws.user if mine else to, project=project, tag=tag, due_before=before,
        overdue=overdue, sort=sort, limit=limit + 1,
        waiting="only" if waiting else "also" if every else "hide")
    more, found = len(found) > limit, found[:limit]
    if as_json:
        print_json([t.to_json() for t in found])
        return
    from teamspace.cli.tasks.render import print_task_list

    print_task_list(found, more=more, empty="No done tasks." if done else
                    "No hidden tasks." if waiting else "No tasks.")


@app.command("done")
def done_(ids: IdsArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Tick tasks off (a repeating task brings its next one)."""
    from teamspace.store.tasks import tasks

    results = submit(open_workspace(db), tasks.complete_tasks, task_ids=list(ids))
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
