"""psycopg 3, shaped like the SQLite driver for the store's Session.

- ``:name`` parameters become psycopg's ``%(name)s`` once per statement text (cached);
  literal ``%`` is doubled everywhere (psycopg reads it even inside quotes, as in
  ``LIKE 'http://%'``), ``:name`` inside quoted text and ``::`` casts are left alone.
- Rows are tuples that also answer ``row["column"]`` and ``keys()`` (like
  ``sqlite3.Row``), so ``dict(row)`` and ``row[0]`` work on both databases.
- Timestamps come back as the text the SQLite path stores
  (``YYYY-MM-DD HH:MM:SS.ffffff``), so the same store code compares, prints and copies
  them whichever database holds them.
- Errors are sorted into "try again" (serialization failures, deadlocks, a lost or
  refused connection) and one-line :mod:`teamspace.errors` for everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.adapt import Loader

from teamspace.errors import (
    InvalidInput,
    NotInitialized,
    PermissionDenied,
    TeamspaceError,
    WorkspaceError,
)

# Added to the URL unless it says otherwise: fail fast on a dead server (the write is
# then queued), notice a vanished one mid-transaction, never wait forever on a lock.
CONNECT_DEFAULTS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "3",
    "keepalives_count": "3",
    "tcp_user_timeout": "15000",
    "application_name": "teamspace",
}
# Stored times are UTC text: the server must read and print them in UTC, ISO style.
SESSION_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO -c lock_timeout=10s " \
                  "-c idle_in_transaction_session_timeout=60s"
# SQLSTATE classes and codes a retry may cure.
RETRY_STATES = frozenset({
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available (lock_timeout)
    "57P01", "57P02", "57P03",  # admin/crash shutdown, cannot connect now
    "53300",  # too_many_connections
    "08000", "08003", "08006", "08001", "08004",  # connection exceptions
})
_PARAM = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|:([A-Za-z_][A-Za-z0-9_]*)|%")


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``:name`` → ``%(name)s`` outside quotes, and every ``%`` → ``%%`` (cached per
    text)."""
    def swap(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.group(1):
            return f"%({match.group(1)})s"
        return text.replace("%", "%%")

    return _PARAM.sub(swap, sql)


class TimestampText(Loader):
    """``timestamp``/``timestamptz`` values as the stored text of the SQLite path.

    The session runs in UTC (``SESSION_OPTIONS``), so PostgreSQL prints
    ``2026-11-30 12:39:14.7318+00``: drop the offset, pad the fraction to 6 digits.
    """

    def load(self, data: Any) -> str:
        """``YYYY-MM-DD HH:MM:SS.ffffff`` (UTC)."""
        text = bytes(data).decode()
        offset = max(text.rfind("+"), text.rfind("-"))
        if offset > 10:
            if text[offset:] not in ("+00", "-00", "+00:00"):
                return _utc_text(text)
            text = text[:offset]
        whole, _, fraction = text.partition(".")
        return f"{whole}.{fraction:0<6}"


def _utc_text(text: str) -> str:
    # A session whose TimeZone was changed after connecting: convert to UTC.
    from datetime import datetime

    from teamspace.dates import to_text

    return to_text(datetime.fromisoformat(text + ("00" if text[-3] in "+-" else "")))


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[tuple[Any, ...]]:
    index = {name: n for n, name in enumerate(names)}

    class Row(tuple[Any, ...]):
        """A result row: a tuple that also answers ``row["column"]`` and ``keys()``."""

        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            if isinstance(key, str):
                return tuple.__getitem__(self, index[key])
            return tuple.__getitem__(self, key)

        def keys(self) -> tuple[str, ...]:
            return names

    return Row


def row_factory(cursor: Any) -> Callable[[Sequence[Any]], Any]:
    """psycopg row factory making :func:`_row_class` rows."""
    description = cursor.description
    if description is None:
        return tuple
    row = _row_class(tuple(column.name for column in description))
    return row


class Adapter:
    """What Session calls ``connection``: execute/executemany with ``:name`` SQL."""

    __slots__ = ("raw",)

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> Any:
        """Run one statement; return its cursor (fetchone/fetchall/rowcount)."""
        cursor = self.raw.cursor()
        if parameters:
            cursor.execute(translate(sql), parameters)
        else:  # psycopg reads no placeholders (and undoubles no %) without parameters
            cursor.execute(sql)
        return cursor

    def executemany(self, sql: str, parameters: Sequence[Mapping[str, Any]]) -> Any:
        """Run one statement for many parameter sets."""
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), parameters)
        return cursor


def conninfo(url: str) -> str:
    """The connection string: the URL plus teamspace's defaults for what it leaves out."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise WorkspaceError(f"bad workspace URL: {one_line(str(exc))}") from None
    extra = {k: v for k, v in CONNECT_DEFAULTS.items() if k not in given}
    options = str(given.get("options") or "")
    extra["options"] = f"{options} {SESSION_OPTIONS}".strip()
    return make_conninfo(url, **extra)


def connect(info: str) -> psycopg.Connection[Any]:
    """A new autocommit connection (units say BEGIN/COMMIT themselves)."""
    # Statements run 5 times on a connection are prepared on the server (the TUI's
    # refresh reads: about 3x faster).  A migration that changes a table's columns makes
    # such a plan fail once ("cached plan must not change result type"): that error is
    # retried on a new connection (is_transient, stale_plan).
    connection: psycopg.Connection[Any] = psycopg.connect(
        info, autocommit=True, row_factory=row_factory)
    connection.adapters.register_loader("timestamp", TimestampText)
    connection.adapters.register_loader("timestamptz", TimestampText)
    return connection


def one_line(text: str) -> str:
    """The first meaningful line of a driver message (libpq's are multi-line)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "unknown error"
    first = lines[0].removeprefix("connection failed: ")
    if "FATAL:  " in first:  # 'connection to server at … failed: FATAL:  password …'
        first = first.split("FATAL:  ", 1)[1]
    return first.removeprefix("ERROR:  ")


# What a refused login looks like: never worth retrying, the user must fix something.
_LOGIN_REFUSED = ("password authentication failed", "no password supplied",
                  "authentication failed", "role \"", "pg_hba.conf", "SSL", "certificate")


def stale_plan(exc: BaseException) -> bool:
    """A prepared statement planned before the table changed (drop the connection)."""
    return isinstance(exc, pgerrors.FeatureNotSupported) and "cached plan" in str(exc)


def is_transient(exc: BaseException) -> bool:
    """True if trying the unit again may work (server busy, restarting, unreachable,
    a serialization conflict); False for errors a retry cannot cure."""
    if not isinstance(exc, psycopg.Error):
        return False
    state = exc.sqlstate or ""
    if stale_plan(exc):
        return True
    if state in RETRY_STATES or state.startswith("08"):
        return True
    if isinstance(exc, psycopg.OperationalError) and not state:
        # No SQLSTATE: the connection failed or broke (refused, timed out, reset).
        text = str(exc)
        return not any(marker in text for marker in _LOGIN_REFUSED) and \
            "does not exist" not in text
    return False


def translate_error(exc: BaseException, where: str) -> BaseException:
    """A one-line teamspace error for a permanent driver error (``where``: the URL
    without password, for the message)."""
    if isinstance(exc, TeamspaceError) or not isinstance(exc, psycopg.Error):
        return exc
    text = one_line(str(exc))
    if isinstance(exc, psycopg.OperationalError) and not exc.sqlstate:
        if "does not exist" in text and "database" in text:
            return NotInitialized(f"{text} on the server of {where}; 'teamspace init "
                                  f"{where}' creates it (or ask your database admin)")
        return WorkspaceError(f"cannot log in to {where}: {text} (check the user and "
                              "password: ~/.pgpass, PGPASSWORD or the URL)")
    if isinstance(exc, pgerrors.InsufficientPrivilege):
        return PermissionDenied(f"the server refused: {text} (row-level security or "
                                "missing grants; ask the workspace admin)")
    if isinstance(exc, psycopg.DataError):
        # Too long for its column, out of range, or text with a NUL character (which
        # PostgreSQL cannot store).
        return InvalidInput(f"the server refused a value: {text}")
    if isinstance(exc, pgerrors.UniqueViolation):
        # Still there after the retries (which see a concurrent winner's row): a row
        # row-level security hides from this member holds the name.
        return InvalidInput(f"the server refused: {text} (the name is taken, maybe by "
                            "something you may not read)")
    if isinstance(exc, pgerrors.ReadOnlySqlTransaction | pgerrors.QueryCanceled):
        return WorkspaceError(f"the server refused: {text}")
    return exc
