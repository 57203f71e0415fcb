"""Where the workspace is, who the user is, and the user's settings.

Resolution order for the workspace (first that is set wins):
``--db PATH|URL`` → ``TEAMSPACE_DB`` → ``workspace = "…"`` in the config file →
``<platform data dir>/team.db``.  Identity: ``TEAMSPACE_USER`` → ``user = "…"`` in the
config file → the OS user.  Nothing here touches the database, and only light
standard-library modules are imported (the CLI's startup budget).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from teamspace.errors import InvalidInput, WorkspaceError

APP_NAME = "teamspace"
DEFAULT_DB_NAME = "team.db"
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


def _xdg(variable: str, fallback: str) -> Path | None:
    """On Linux and BSDs: the XDG base directory (what platformdirs returns there).

    Importing platformdirs costs ~5 ms on every CLI call, so it is used only where the
    rules are not simply XDG's (macOS, Windows).
    """
    if sys.platform.startswith(("darwin", "win", "cygwin")):
        return None
    base = os.environ.get(variable, "").strip()
    root = Path(base) if base and os.path.isabs(base) else Path.home() / fallback
    return root / APP_NAME


def config_dir() -> Path:
    """The directory of the user's config file (``TEAMSPACE_CONFIG_DIR`` overrides)."""
    override = os.environ.get("TEAMSPACE_CONFIG_DIR")
    if override:
        return Path(override)
    found = _xdg("XDG_CONFIG_HOME", ".config")
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's local data directory: default workspace, outbox, keys (never the share)."""
    override = os.environ.get("TEAMSPACE_DATA_DIR")
    if override:
        return Path(override)
    found = _xdg("XDG_DATA_HOME", ".local/share")
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def outbox_path() -> str:
    """The local outbox of writes waiting for the share (store/core/outbox.py)."""
    return str(data_dir() / "outbox.db")


def config_path() -> Path:
    """The TOML config file (it need not exist)."""
    return config_dir() / "config.toml"


class Settings:
    """The user's settings, merged from the config file and the environment."""

    # A plain class, not a dataclass: building a dataclass costs ~0.5 ms at import and
    # this module is on every CLI call (docs/performance.md).
    __slots__ = ("workspace", "user", "display_name", "bell", "theme", "keymap", "extra")

    def __init__(self, *, workspace: str | None = None, user: str | None = None,
                 display_name: str | None = None, bell: bool = True,
                 theme: str = "textual-dark", keymap: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.workspace = workspace
        self.user = user
        self.display_name = display_name
        self.bell = bell
        self.theme = theme
        # {binding id: keys}, e.g. {"tasks.done": "x", "app.quit": "ctrl+q,f10"}: rebinds
        # the TUI's keys (every binding has a stable id; the help screen shows them).
        self.keymap = keymap or {}
        self.extra = extra or {}


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file; a missing file gives the defaults, a broken one an error."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise WorkspaceError(f"cannot read config file {path}: {exc.strerror}") from exc
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"config file {path} is not valid TOML: {exc}") from exc
    known = {"workspace", "user", "display_name", "bell", "theme", "keymap"}
    values = {key: data[key] for key in known if key in data}
    for key in ("workspace", "user", "display_name", "theme"):
        if key in values and not isinstance(values[key], str):
            raise WorkspaceError(f"config file {path}: '{key}' must be a string")
    if "bell" in values and not isinstance(values["bell"], bool):
        raise WorkspaceError(f"config file {path}: 'bell' must be true or false")
    keymap = values.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keymap.items()):
        raise WorkspaceError(f"config file {path}: [keymap] maps binding ids to keys, e.g. "
                             '"tasks.done" = "x"')
    return Settings(**values, extra={k: v for k, v in data.items() if k not in known})


class Location:
    """A resolved workspace location and where it came from (for ``doctor``)."""

    __slots__ = ("value", "source")

    def __init__(self, value: str, source: str) -> None:
        self.value = value
        self.source = source  # "--db", "TEAMSPACE_DB", "config", "default"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and (self.value, self.source) == (
            other.value, other.source)

    def __hash__(self) -> int:
        return hash((self.value, self.source))

    def __repr__(self) -> str:
        return f"Location({self.value!r}, {self.source!r})"

    @property
    def is_url(self) -> bool:
        """True for a server URL (``postgresql://…``), False for a SQLite file path."""
        return "://" in self.value


def resolve_location(cli_value: str | None, settings: Settings | None = None) -> Location:
    """Apply the resolution order to find the workspace."""
    if cli_value:
        return Location(_expand(cli_value), "--db")
    env_value = os.environ.get("TEAMSPACE_DB")
    if env_value:
        return Location(_expand(env_value), "TEAMSPACE_DB")
    settings = settings if settings is not None else load_settings()
    if settings.workspace:
        return Location(_expand(settings.workspace), "config")
    return Location(str(data_dir() / DEFAULT_DB_NAME), "default")


def _expand(value: str) -> str:
    if "://" in value:
        return value
    return os.path.abspath(os.path.expanduser(value))


def current_user(settings: Settings | None = None) -> str:
    """The user's name in the workspace: ``TEAMSPACE_USER``, config ``user``, or the OS user."""
    name = os.environ.get("TEAMSPACE_USER")
    if not name:
        settings = settings if settings is not None else load_settings()
        name = settings.user
    if not name:
        import getpass

        try:
            name = getpass.getuser()
        except Exception as exc:  # getpass raises OSError/KeyError when no user is known
            raise WorkspaceError(
                "cannot tell who you are: set TEAMSPACE_USER or 'user' in the config file"
            ) from exc
    return check_username(name.strip().lower())


def check_username(name: str) -> str:
    """Validate a user name (lowercase letters, digits, '.', '_', '-'; at most 32)."""
    if not USERNAME_PATTERN.match(name):
        raise InvalidInput(
            f"'{name}' is not a valid user name: use 1-32 lowercase letters, digits, "
            "'.', '_' or '-', starting with a letter or digit"
        )
    return name
