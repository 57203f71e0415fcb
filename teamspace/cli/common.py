"""What every command shares: the error-handling command group, options, output.

Errors: a :class:`TeamspaceError` becomes one line on stderr
(``teamspace: error: …``) and its exit code; any other exception is a bug and
becomes one line too, unless ``TEAMSPACE_DEBUG=1`` asks for the traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import typer
from typer.core import TyperGroup

from teamspace.errors import EXIT_SOFTWARE, EXIT_USAGE, TeamspaceError

if TYPE_CHECKING:
    from teamspace.config import Location
    from teamspace.store.core.connection import Workspace

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH|URL",
        help="Workspace file (or postgresql://user@host/db URL) to use. Default: "
        "$TEAMSPACE_DB, then 'workspace' in the config file, then team.db in the platform "
        "data directory.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
IdArg = Annotated[int, typer.Argument(metavar="ID", help="A post id.", show_default=False)]

# ``teamspace --db X cmd`` sets this; a command's own ``--db`` wins over it.
root_db: str | None = None


def debug_enabled() -> bool:
    """True when TEAMSPACE_DEBUG asks for tracebacks instead of one-line errors."""
    return os.environ.get("TEAMSPACE_DEBUG", "") not in ("", "0")


def fail(message: str) -> None:
    """Print one error line on stderr (control characters removed)."""
    from teamspace.text import clean

    sys.stderr.write(f"teamspace: error: {clean(message, newlines=False)}\n")
    sys.stderr.flush()


class Group(TyperGroup):
    """A command group that turns exceptions into one-line errors and exit codes."""

    def invoke(self, ctx: Any) -> Any:
        """Invoke the chosen command, translating errors."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            if debug_enabled() or _is_click_error(exc):
                raise
            raise typer.Exit(report(exc)) from None


def report(exc: BaseException) -> int:
    """Print one line for ``exc`` and return the exit code (re-raise when debugging)."""
    if debug_enabled() or _is_click_error(exc):
        raise exc
    if isinstance(exc, TeamspaceError):
        fail(exc.message)
        return exc.exit_code
    if isinstance(exc, OverflowError):  # an id or count beyond what the database holds
        fail("a number in the command is too large (ids and counts go up to "
             "9223372036854775807)")
        return EXIT_USAGE
    if isinstance(exc, UnicodeDecodeError):
        fail(f"cannot read a file that is not UTF-8 text (byte {exc.start + 1}); convert "
             "it, e.g. with iconv")
        return EXIT_USAGE
    fail(f"internal error: {type(exc).__name__}: {exc} (set TEAMSPACE_DEBUG=1 for "
         "the traceback, and please report it)")
    return EXIT_SOFTWARE


class LazyGroup(Group):
    """A group whose commands are built only when invoked (startup budget).

    Typer turns every registered function into a click command up front (~1 ms each);
    this group keeps ``{name: "module"}`` for top-level commands and, for a Typer
    sub-app, builds just the one subcommand the user asked for.
    """

    LAZY: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, typer_app: typer.Typer | None = None,
                 lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(self.LAZY if lazy is None else lazy)
        self.typer_app = typer_app

    def list_commands(self, ctx: Any) -> list[str]:
        """Eager commands, then lazy ones in table order, then the sub-app's."""
        names = list(super().list_commands(ctx))
        names += [n for n in self.lazy if n not in names]
        if self.typer_app is not None:
            names += [n for n in _typer_names(self.typer_app) if n not in names]
        return names

    def get_command(self, ctx: Any, name: str) -> Any:
        """Build the named command on first use."""
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        if name in self.lazy:
            command = build_command(self.lazy[name], name)
        elif self.typer_app is not None:
            command = _build(self.typer_app, name)
        if command is not None:
            self.add_command(command, name)
        return command


def _typer_names(app: typer.Typer) -> list[str]:
    names = [info.name or _command_name(info.callback) for info in app.registered_commands]
    return names + [str(info.name) for info in app.registered_groups if info.name]


def _command_name(callback: Any) -> str:
    return str(callback.__name__).lower().replace("_", "-")


def table_group(name: str, help_text: str, table: dict[str, str]) -> LazyGroup:
    """A group whose subcommands come from several modules ({subcommand: module})."""
    return LazyGroup(name=name, help=help_text, lazy=table, no_args_is_help=True,
                     rich_markup_mode=None,
                     context_settings={"help_option_names": ["-h", "--help"]})


def build_command(module: str, name: str) -> Any:
    """Import ``teamspace.cli.<module>`` and build just its command ``name``."""
    import importlib

    return _build(importlib.import_module(f"teamspace.cli.{module}").app, name)


def _build(app: typer.Typer, name: str) -> Any:
    """The click command ``name`` of a Typer app, built alone (or a lazy sub-group)."""
    from typer.main import get_command_from_info

    for info in app.registered_commands:
        if (info.name or _command_name(info.callback)) == name:
            command = get_command_from_info(info, pretty_exceptions_short=True,
                                            rich_markup_mode=None)
            command.context_settings = {**(command.context_settings or {}),
                                        "help_option_names": ["-h", "--help"]}
            return command
    for group in app.registered_groups:
        sub = group.typer_instance
        if group.name == name and sub is not None:
            return LazyGroup(name=name, help=sub.info.help if isinstance(sub.info.help, str)
                             else None, typer_app=sub, no_args_is_help=True, rich_markup_mode=None,
                             context_settings={"help_option_names": ["-h", "--help"]})
    return None


def _is_click_error(exc: BaseException) -> bool:
    # Usage errors raised by the parser must reach Typer's own handler.
    return type(exc).__module__.startswith("typer.")


def make_app(name: str | None = None, help_text: str | None = None,
             cls: type[Group] = Group) -> typer.Typer:
    """A Typer app (or sub-app) with teamspace's error handling and plain help."""
    return typer.Typer(
        name=name, help=help_text, cls=cls, rich_markup_mode=None,
        pretty_exceptions_enable=False, no_args_is_help=name is not None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


JSON_FORMAT = 2  # docs/cli.md, "JSON output": what changed from one format to the next


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout (C1, bidi and zero-width characters as
    ``\\u`` escapes: see ``text.json_text``).  Each object at the top (or each object
    of a top-level list) carries ``"format": JSON_FORMAT`` so scripts can adapt."""
    from teamspace.text import json_text

    if isinstance(data, dict):
        data = {"format": JSON_FORMAT, **data}
    elif isinstance(data, list):
        data = [{"format": JSON_FORMAT, **item} if isinstance(item, dict) else item
                for item in data]
    sys.stdout.write(json_text(data) + "\n")


class GuardedStream:
    """A text stream that passes everything through ``text.guard`` on its way to the
    terminal (cli.app.run wraps stdout and stderr in it for every command)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        # https://no-color.org: any non-empty NO_COLOR means no colours, terminal or not.
        self.no_color = bool(os.environ.get("NO_COLOR"))

    def write(self, text: str) -> int:
        """Write ``text``, guarded (and without colours when NO_COLOR is set)."""
        from teamspace.text import guard

        text = guard(text)
        if self.no_color and "\x1b" in text:
            import re

            text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        return int(self.raw.write(text))

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, fileno, encoding, buffer (binary output is the caller's own
        # bytes, e.g. an attachment asked for with -o -)...
        return getattr(self.raw, name)


def location_for(db: str | None) -> Location:
    """Resolve where the workspace is (``--db`` → env → config → default)."""
    from teamspace.config import resolve_location

    return resolve_location(db or root_db)


def open_workspace(db: str | None, *, force: bool = False, create_default: bool = True
                   ) -> Workspace:
    """Open the workspace for a command; the default one is created on first use.

    Whoever opens a workspace is a member of it: the first time this user opens it
    from this machine they join (so colleagues can @mention and assign them at once).
    Creating the implicit local workspace is said once, on stderr: nobody else sees it.
    """
    from teamspace.config import current_user, load_settings, resolve_location
    from teamspace.store.core.connection import Workspace

    settings = load_settings()
    location = resolve_location(db or root_db, settings)
    user = current_user(settings)
    workspace = Workspace.open(location.value, user=user, force=force)
    workspace.implicit = location.source == "default"
    if create_default and workspace.implicit and not workspace.exists():
        workspace.create()
        sys.stderr.write(
            f"teamspace: created a local workspace at {workspace.path}; nobody else sees "
            "it — 'teamspace init /mnt/share/team.db' makes one to share with your team\n")
    _join_once(workspace)
    return workspace


def _join_once(workspace: Workspace) -> None:
    from teamspace.store.core import known

    if known.is_member(workspace.path, workspace.user):
        return
    try:
        if workspace.exists():
            workspace.join()
    except TeamspaceError:
        pass  # a newer schema, a share or server away: the first write joins instead


def launch_tui(workspace: Workspace) -> None:
    """Hand over to the TUI (the one place the CLI reaches into teamspace.tui)."""
    import gc

    gc.enable()  # main() switched it off for one-shot commands; the TUI runs for hours
    for name in ("stdout", "stderr"):  # the TUI guards what it draws itself (a line filter)
        stream = getattr(sys, name)
        if isinstance(stream, GuardedStream):
            setattr(sys, name, stream.raw)
    from teamspace.tui.app import run_tui  # Textual costs ~0.3 s: only when opening it

    code = run_tui(workspace)
    if code:
        raise typer.Exit(code)


def submit(workspace: Workspace, writer: Any, **kwargs: Any) -> Any:
    """Run a store writer for a command.

    This is the one place CLI writes go through, so that a write which cannot reach the
    share is queued in the local outbox rather than lost (and earlier queued writes are
    sent first).  Raises Queued (exit 75) when the write waits in the outbox.
    """
    from teamspace.store.core.submit import submit as run

    return run(workspace, writer, **kwargs)


def since_text(value: str | None) -> str | None:
    """A --since WHEN as stored UTC text (None stays None)."""
    if value is None:
        return None
    from teamspace.dates import parse_since, to_text

    return to_text(parse_since(value))
