"""The root ``teamspace`` command: global options, the TUI, and the command table.

Commands live in one module per pane (``posts``, ``groups``, ...) plus ``admin``; the
table below says which module holds which command, and only that module is imported
(and only that command built) when it runs — see docs/performance.md.
"""

import os
import sys
from typing import Annotated, Any, ClassVar

import typer

from teamspace.cli import common
from teamspace.cli.common import DbOption, LazyGroup, launch_tui, make_app, open_workspace

COMMANDS = {
    "init": "admin", "whoami": "admin", "doctor": "admin", "backup": "admin",
    "version": "admin", "demo": "demo",
    "post": "posts", "feed": "stream", "thread": "stream", "reply": "posts", "dm": "posts",
    "react": "posts", "edit": "posts", "delete": "posts", "restore": "posts",
    "trash": "stream", "history": "stream",
    "read": "unread", "mute": "unread", "unmute": "unread", "digest": "unread",
    "group": "groups",
    "project": "projects", "people": "people",
    "sync": "sync", "outbox": "sync",
}


# Groups whose subcommands live in several modules: {group: (help, {subcommand: module})}.
# `teamspace task add` imports cli/taskcore.py only.
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "task": ("Tasks: to-dos with owners, due dates, priorities, tags, recurrence and "
             "dependencies.", {
                 **dict.fromkeys(("add", "list", "done"), "taskcore"),
                 **dict.fromkeys(("undo", "edit", "assign", "due", "move", "comment", "show",
                                  "delete", "restore", "trash"), "tasks"),
                 **dict.fromkeys(("calendar", "export", "import"), "taskio")}),
}


class RootGroup(LazyGroup):
    """The top-level command group."""

    LAZY: ClassVar[dict[str, str]] = COMMANDS

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands, with the split groups after 'group' (the help's reading order)."""
        names = [n for n in super().list_commands(ctx) if n not in GROUPS]
        at = names.index("group") + 1 if "group" in names else len(names)
        return [*names[:at], *GROUPS, *names[at:]]

    def get_command(self, ctx: Any, name: str) -> Any:
        """Split groups are assembled from their table."""
        if name in GROUPS:
            return common.table_group(name, *GROUPS[name])
        return super().get_command(ctx, name)


app = make_app(help_text=(
    "A terminal-first workspace for a small team: microblog, tasks, notes, links and "
    "time, on one shared SQLite file. Run without a command to open the TUI."
), cls=RootGroup)


def _show_version(value: bool) -> None:
    if value:
        from teamspace import __version__

        typer.echo(f"teamspace {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Open the TUI when no command is given."""
    common.root_db = db
    if ctx.invoked_subcommand is None:
        launch_tui(open_workspace(db))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (what ``main`` exits with).

    Fast path: ``teamspace CMD ...`` (no root options first) builds and runs only CMD,
    skipping the root group; everything else goes through the full command tree.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        direct = args and (args[0] in COMMANDS or args[0] in GROUPS)
        if direct and not os.environ.get("_TEAMSPACE_COMPLETE"):
            common.root_db = None
            name = args[0]
            command = (common.table_group(name, *GROUPS[name]) if name in GROUPS
                       else common.build_command(COMMANDS[name], name))
            command.main(args=args[1:], prog_name=f"teamspace {name}")
        else:
            typer.main.get_command(app).main(args=args, prog_name="teamspace")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:  # what the root group would have translated
        return common.report(exc)
    return 0
