"""What every command shares: the error-handling command group, options, output.

Errors: a :class:`TeamspaceError` becomes one line on stderr
(``teamspace: error: …``) and its exit code; any other exception is a bug and
becomes one line too, unless ``TEAMSPACE_DEBUG=1`` asks for the traceback.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from teamspace.store.errors import EXIT_SOFTWARE, TeamspaceError

if TYPE_CHECKING:
    from teamspace.config import Location
    from teamspace.store.connection import Workspace

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH|URL",
        help="Workspace file to use. Default: $TEAMSPACE_DB, then 'workspace' in the "
        "config file, then team.db in the platform data directory.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]

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
        except TeamspaceError as exc:
            if debug_enabled():
                raise
            fail(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            if debug_enabled() or _is_click_error(exc):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set TEAMSPACE_DEBUG=1 for "
                 "the traceback, and please report it)")
            raise typer.Exit(EXIT_SOFTWARE) from None


def _is_click_error(exc: Exception) -> bool:
    # Usage errors raised by the parser must reach Typer's own handler.
    return type(exc).__module__.startswith("typer.")


def make_app(name: str | None = None, help_text: str | None = None) -> typer.Typer:
    """A Typer app (or sub-app) with teamspace's error handling and plain help."""
    return typer.Typer(
        name=name, help=help_text, cls=Group, rich_markup_mode=None,
        pretty_exceptions_enable=False, no_args_is_help=name is not None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def location_for(db: str | None) -> Location:
    """Resolve where the workspace is (``--db`` → env → config → default)."""
    from teamspace.config import resolve_location

    return resolve_location(db or root_db)


def open_workspace(db: str | None, *, force: bool = False, create_default: bool = True
                   ) -> Workspace:
    """Open the workspace for a command; the default one is created on first use."""
    from teamspace.config import current_user, load_settings, resolve_location
    from teamspace.store.connection import Workspace

    settings = load_settings()
    location = resolve_location(db or root_db, settings)
    user = current_user(settings)
    workspace = Workspace.open(location.value, user=user, force=force)
    if create_default and location.source == "default" and not workspace.exists():
        workspace.create()
    return workspace


def launch_tui(workspace: Workspace) -> None:
    """Hand over to the TUI (the one place the CLI reaches into teamspace.tui)."""
    from teamspace.tui.app import run_tui  # Textual costs ~0.3 s: only when opening it

    run_tui(workspace)
