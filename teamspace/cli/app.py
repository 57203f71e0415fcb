"""The root ``teamspace`` command: global options, the TUI, and the command tables.

The workspace-wide commands are listed here (``CORE_COMMANDS``); each built pane
brings its own tables in ``cli/<key>/__init__.py`` (``COMMANDS``, ``GROUPS``), found
through ``teamspace.panes``.  A table says which module holds which command, and only
that module is imported (and only that command built) when it runs — see
docs/performance.md.
"""

import importlib
import os
import sys
from functools import cache
from typing import Annotated, Any, ClassVar

import typer

# Typer 0.27-0.28 vendor Click as typer._click (why: the pyproject pin); its exceptions
# are what a mistyped command line raises.
from typer._click.exceptions import ClickException
from typer.exceptions import Abort

from teamspace.cli import common
from teamspace.cli.common import DbOption, LazyGroup, launch_tui, make_app, open_workspace
from teamspace.errors import EXIT_USAGE
from teamspace.panes import built

CORE_COMMANDS = {
    "init": "admin", "whoami": "admin", "doctor": "admin", "backup": "admin",
    "version": "admin", "demo": "demo", "workspace": "workspace",
}
LATE_COMMANDS = {"member": "members", "group": "groups", "sync": "sync", "outbox": "sync",
                 "migrate-to": "server", "secure": "server"}
GroupTable = dict[str, tuple[str, dict[str, str]]]


@cache
def tables() -> tuple[dict[str, str], GroupTable]:
    """({command: module}, {group: (help, {subcommand: module})}) over core and panes."""
    commands = dict(CORE_COMMANDS)
    groups: GroupTable = {}
    for info in built():
        package = importlib.import_module(f"teamspace.cli.{info.key}")
        commands.update(package.COMMANDS)
        groups.update(package.GROUPS)
    commands.update(LATE_COMMANDS)
    return commands, groups


class RootGroup(LazyGroup):
    """The top-level command group."""

    LAZY: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, lazy=tables()[0], **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands, with the split groups before the workspace-wide late ones."""
        groups = tables()[1]
        names = [n for n in super().list_commands(ctx) if n not in groups]
        at = min((names.index(n) for n in LATE_COMMANDS if n in names), default=len(names))
        return [*names[:at], *groups, *names[at:]]

    def get_command(self, ctx: Any, name: str) -> Any:
        """Split groups are assembled from their table."""
        groups = tables()[1]
        if name in groups:
            return common.table_group(name, *groups[name])
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
        workspace = open_workspace(db)
        from teamspace.store.core import known

        if not workspace.exists() and not known.is_known(workspace.path):
            # A workspace used before and gone now is a share that went away: the TUI
            # opens and says so.  Never used: say what the commands say.
            from teamspace.errors import NotInitialized

            raise NotInitialized(f"no workspace at {workspace.path}; create one with "
                                 f"'teamspace init {workspace.path}'")
        launch_tui(workspace)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (what ``main`` exits with).

    Fast path: ``teamspace CMD ...`` (no root options first) builds and runs only CMD,
    skipping the root group; everything else goes through the full command tree.
    Everything the command writes passes through ``text.guard`` (common.GuardedStream).
    """
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = common.GuardedStream(out), common.GuardedStream(err)
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        sys.stdout, sys.stderr = out, err


def _run(args: list[str]) -> int:
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8, passed through by Python
            common.fail(f"argument {number} is not valid UTF-8 text")
            return EXIT_USAGE
    completing = bool(os.environ.get("_TEAMSPACE_COMPLETE"))
    try:
        commands, groups = tables()
        direct = args and (args[0] in commands or args[0] in groups)
        if direct and not completing:
            common.root_db = None
            name = args[0]
            command = (common.table_group(name, *groups[name]) if name in groups
                       else common.build_command(commands[name], name))
            result = command.main(args=args[1:], prog_name=f"teamspace {name}",
                                  standalone_mode=False)
        else:
            result = typer.main.get_command(app).main(args=args, prog_name="teamspace",
                                                      standalone_mode=completing)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except ClickException as exc:
        return usage_error(exc)
    except Abort:
        common.fail("aborted")
        return 1
    except Exception as exc:  # what the root group would have translated
        return common.report(exc)
    return result if isinstance(result, int) else 0


def usage_error(exc: ClickException) -> int:
    """A mistyped command line: one line and a hint (Click's own form is three lines)."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if isinstance(exc, NoArgsIsHelpError):  # `teamspace task`: the group's help
        sys.stdout.write(exc.format_message() + "\n")
        return 0
    if isinstance(exc, UsageError) and exc.ctx is not None:
        common.fail(f"{exc.format_message()} (see '{exc.ctx.command_path} --help')")
    else:
        common.fail(exc.format_message())
    return int(exc.exit_code)
