"""A workspace on a PostgreSQL server: the same units of work, in server transactions.

No workspace lock and no file rules: the server orders concurrent writers itself.
Every write unit runs ``SERIALIZABLE``, so whatever store code reads and then writes
behaves as if the writes ran one after another — what the SQLite path gets from its
lock.  A conflict PostgreSQL detects (serialization failure, deadlock) aborts one
transaction, which is simply run again; the operation id (``operation`` table) makes a
retry after an ambiguous COMMIT (the connection broke while committing) a no-op, as on
a share.  Reads run ``REPEATABLE READ READ ONLY``: one consistent snapshot per unit.

Connections are kept for the next unit (a small pool per workspace handle); one that
failed is dropped.  An unreachable server is retried for ``TEAMSPACE_RETRY_SECONDS``,
then the caller gets :class:`ShareUnreachable` (exit 75), and a write waits in the
outbox.  Wrong passwords and unknown databases are one-line configuration errors.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import psycopg
from psycopg import errors as pgerrors

from teamspace.errors import NotInitialized, ShareUnreachable, Unavailable, WorkspaceError
from teamspace.store.core.connection import Workspace, _env_float
from teamspace.store.core.postgres import driver, url
from teamspace.store.core.postgres.dialect import POSTGRES
from teamspace.store.core.session import Connection, Session

T = TypeVar("T")
POOL_SIZE = 4
# Unique violations are usually two writers racing to insert one name; under
# SERIALIZABLE PostgreSQL reports most as serialization failures, the rest we retry a
# few times (the second try sees the winner's row and says so).
UNIQUE_RETRIES = 3


class ServerWorkspace(Workspace):
    """A teamspace workspace in a PostgreSQL database."""

    dialect = POSTGRES
    backend = "postgresql"
    op_check_inside = False

    def __init__(self, path: str, *, user: str, mount: Any = None,
                 full_url: str | None = None) -> None:
        # No file, no lock: ``path`` is the URL without its password.
        self.path = path
        self._url = full_url or url.full(path)
        self.user = user
        self.mount = None
        self.is_network = True
        self.retry_seconds = _env_float("TEAMSPACE_RETRY_SECONDS", 10.0)
        self.implicit = False  # a server is always a location someone chose
        self._info: str | None = None
        self._idle: list[psycopg.Connection[Any]] = []
        self._pool_lock = threading.Lock()
        self._unique_retries = 0

    @classmethod
    def open_url(cls, location: str, *, user: str) -> ServerWorkspace:
        """Check the URL (no connection yet)."""
        full = url.normalise(location)
        return cls(url.remember(full), user=user, full_url=full)

    @property
    def url(self) -> str:
        """The URL to connect with (password included, when one was given)."""
        return self._url

    def as_user(self, user: str) -> Workspace:
        """The same server workspace acting as ``user``."""
        return self if user == self.user else ServerWorkspace(self.path, user=user,
                                                              full_url=self._url)

    # ------------------------------------------------------------------ connections
    def _connection(self) -> psycopg.Connection[Any]:
        with self._pool_lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.closed:
                    return connection
        if self._info is None:
            self._info = driver.conninfo(self.url)
        return driver.connect(self._info)

    def _release(self, connection: psycopg.Connection[Any], *, healthy: bool) -> None:
        if healthy and not connection.closed and \
                connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            with self._pool_lock:
                if len(self._idle) < POOL_SIZE:
                    self._idle.append(connection)
                    return
        connection.close()

    def close(self) -> None:
        """Close the kept connections (they are also closed when the process ends)."""
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    # ------------------------------------------------------------------ units of work
    def _unit(self, fn: Callable[[Session], T], *, write: bool, purpose: str,
              op_id: str | None, kind: str, migrating: bool) -> T:
        """As on a file, but a write's operation id is looked up BEFORE its transaction.

        Inside a SERIALIZABLE transaction that lookup would read the index page where
        every concurrent writer inserts its own (random) id, and PostgreSQL would abort
        writers that never touched the same data (measured: 1106 retries for 400 posts
        by 50 writers).  Outside it is still exact: the operation table's primary key
        makes a second run of the same operation fail at COMMIT, and the retry then
        finds the stored result here.
        """
        if write and op_id is not None and not migrating:
            prior = self._stored_result(op_id)
            if prior is not None:
                import json

                return cast(T, json.loads(prior))
        return super()._unit(fn, write=write, purpose=purpose, op_id=op_id, kind=kind,
                             migrating=migrating)

    def _stored_result(self, op_id: str) -> str | None:
        connection = self._connection()
        try:
            row = connection.execute("SELECT result FROM operation WHERE op_id = %s",
                                     [op_id]).fetchone()
        except pgerrors.UndefinedTable:
            row = None  # not initialised: the unit's schema check says so
        except BaseException:
            self._release(connection, healthy=False)
            raise
        self._release(connection, healthy=True)
        return None if row is None else str(row[0])

    @contextmanager
    def _transaction(self, *, write: bool, purpose: str, migrating: bool
                     ) -> Iterator[Connection]:
        connection = self._connection()
        healthy = False
        try:
            connection.execute("BEGIN ISOLATION LEVEL SERIALIZABLE" if write else
                               "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            try:
                yield driver.Adapter(connection)
            except pgerrors.UndefinedTable as exc:
                if "meta" in str(exc).split("\n", 1)[0]:
                    raise self._not_initialized() from None
                raise
            except psycopg.Error as exc:
                if driver.stale_plan(exc):
                    connection.close()  # its prepared statements predate the schema
                raise
            connection.execute("COMMIT")
            healthy = True
            self._unique_retries = 0
        finally:
            if not healthy and not connection.closed:
                try:
                    connection.execute("ROLLBACK")
                    healthy = True
                except psycopg.Error:
                    pass
            self._release(connection, healthy=healthy)

    def raw(self, fn: Callable[[Any], T], *, purpose: str) -> T:
        """Run ``fn`` on a connection outside any transaction (maintenance)."""
        def attempt() -> T:
            connection = self._connection()
            try:
                result = fn(connection)
            except BaseException:
                self._release(connection, healthy=False)
                raise
            self._release(connection, healthy=True)
            return result

        return self._retry(attempt)

    def _is_transient(self, exc: Exception) -> bool:
        if isinstance(exc, pgerrors.UniqueViolation):
            self._unique_retries += 1
            return self._unique_retries <= UNIQUE_RETRIES
        return driver.is_transient(exc)

    def _rereadable(self, exc: Exception) -> bool:
        return False

    def _unreachable(self, tries: int, last: BaseException) -> Unavailable:
        self._unique_retries = 0
        return ShareUnreachable(
            f"the workspace server {self.path} is unreachable or failing ({tries} tries "
            f"over {self.retry_seconds:.0f}s; last error: {driver.one_line(str(last))})")

    def _translate(self, exc: BaseException) -> BaseException:
        self._unique_retries = 0
        return driver.translate_error(exc, self.path)

    def _not_initialized(self) -> NotInitialized:
        return NotInitialized(f"{self.path} holds no teamspace workspace yet; run "
                              f"'teamspace init {self.path}'")

    # ------------------------------------------------------------------ the database
    def exists(self) -> bool:
        """True if the database holds a workspace (it may still need upgrading); False
        if the database is not there.  One attempt, no retries: an unreachable server
        raises ShareUnreachable at once (the caller's own unit retries)."""
        try:
            connection = self._connection()
        except psycopg.Error as exc:
            error = self._translate(exc)
            if isinstance(error, NotInitialized):
                return False
            if driver.is_transient(exc):
                raise self._unreachable(1, exc) from exc
            raise error from exc
        try:
            row = connection.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        except BaseException:
            self._release(connection, healthy=False)
            raise
        self._release(connection, healthy=True)
        return bool(row and row[0])

    def read_raw(self, sql: str) -> Any:
        """One row of a query outside the workspace's checks (doctor, exists)."""
        return self.raw(lambda connection: connection.execute(sql).fetchone(),
                        purpose="checking")

    def _prepare_create(self) -> None:
        """Create the database itself if it is missing and this role may."""
        try:
            self.raw(lambda connection: None, purpose="connecting")
        except WorkspaceError as exc:
            if "does not exist" not in str(exc) or "database" not in str(exc):
                raise
            self._create_database()

    def _create_database(self) -> None:
        name = url.database(self.url)
        maintenance = driver.conninfo(url.with_database(self.url, "postgres"))
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            with driver.connect(maintenance) as connection:
                try:
                    # Byte order for text, as SQLite sorts it; UTF-8 for everyone's names.
                    connection.execute(f"CREATE DATABASE {quoted} TEMPLATE template0 "
                                       "ENCODING 'UTF8' LC_COLLATE 'C'")
                except psycopg.errors.DuplicateDatabase:
                    pass
                except psycopg.Error:
                    connection.execute(f"CREATE DATABASE {quoted}")
        except psycopg.errors.DuplicateDatabase:
            pass
        except psycopg.Error as exc:
            raise WorkspaceError(
                f"database '{name}' does not exist and could not be created "
                f"({driver.one_line(str(exc))}); ask your database admin to run "
                f"'createdb -O {url.user(self.url) or 'YOUR_ROLE'} {name}'") from None
