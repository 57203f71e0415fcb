"""Open a workspace and run units of work on it under the shared-drive rules.

Every unit of work (docs/storage.md):

1. takes the workspace lock (store/lock.py: ``mkdir`` on the share), reads included;
2. on a network filesystem, drops the file's cached pages so nothing stale is read;
3. opens a FRESH SQLite connection with ``vfs=unix-none`` — SQLite takes no locks of
   its own, which are useless across mounts; under our lock a journal left by a
   crashed writer is therefore hot and gets rolled back, even on SQLite 3.40;
4. uses ``journal_mode=TRUNCATE`` (never WAL on a share; TRUNCATE because SMB can
   refuse to delete a journal after the commit happened) and ``synchronous=FULL``;
5. writes in ``BEGIN IMMEDIATE`` and records the client-made operation id under a
   UNIQUE key, so a retried write (after a COMMIT that failed but happened) is a no-op;
6. checks, just before COMMIT, that the lock is still ours;
7. retries transient errors with jittered backoff, then reports the share unavailable.

A ``postgresql://`` location opens a :class:`~teamspace.store.core.postgres.workspace.
ServerWorkspace` instead (imported only then): the same units of work, with server
transactions in place of the lock and the file (docs/postgresql.md).  What both share —
the schema check, op-id idempotency, the activity and membership bookkeeping, retries —
is here; each backend supplies :meth:`Workspace._transaction` and its error rules.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from teamspace.dates import utc_now
from teamspace.errors import (
    NewerSchemaError,
    NotInitialized,
    RefusedLocation,
    ShareGone,
    ShareUnreachable,
    TeamspaceError,
    Unavailable,
    UnsupportedPlatform,
    WorkspaceError,
)
from teamspace.store.core import fs
from teamspace.store.core.dialect import SQLITE, Dialect

# is_transient is looked up here at call time: the netdrive harness counts retries by it.
from teamspace.store.core.failures import cannot_open, is_transient, translate
from teamspace.store.core.lock import ShareLock, jitter
from teamspace.store.core.migrations import schema_version
from teamspace.store.core.session import Connection, Session

T = TypeVar("T")
VFS = "win32-none" if os.name == "nt" else "unix-none"
SQLITE_MINIMUM = (3, 35, 0)  # RETURNING and ON CONFLICT … DO UPDATE
# `doctor` sets PRAGMA user_version to this plus the schema version when it finds the
# file damaged: every unit reads that header field anyway, so every client refuses to
# write (and make it worse) at no extra cost, until `doctor --repair` clears it.
DAMAGED_MARK = 1_000_000
LOCK_PROTOCOL = (f"mkdir lock <db>.lock around every transaction; SQLite vfs={VFS}, "
                 "journal_mode=TRUNCATE, synchronous=FULL, fresh connection per unit of work")


def new_op_id() -> str:
    """A client-made operation id (128 random bits, hex)."""
    return os.urandom(16).hex()


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


class _NeedsUpgrade(Exception):
    """The workspace schema is older than this client's: migrate, then retry."""


class Workspace:
    """A teamspace workspace in one SQLite file; all access goes through read/write.

    ``path`` names the workspace wherever one is shown or remembered (the outbox, the
    TUI's watcher): the absolute file path, or for a server its URL without password.
    """

    dialect: Dialect = SQLITE
    backend = "sqlite"
    # Look the operation id up inside the write (under the lock); a server looks before
    # its transaction instead (postgres/workspace.py says why).
    op_check_inside = True

    def __init__(self, path: str, *, user: str, mount: fs.MountInfo | None = None) -> None:
        self.path = path
        self.user = user
        self.mount = mount
        self.is_network = bool(mount and mount.is_network)
        self.lock = ShareLock(path, user=user, network=self.is_network or mount is None)
        self.retry_seconds = _env_float("TEAMSPACE_RETRY_SECONDS", 10.0)
        self._remembered = False
        self.implicit = False  # the platform's default location, not one the user chose

    @classmethod
    def open(cls, location: str, *, user: str, force: bool = False) -> Workspace:
        """Check the platform and the location; does not touch the database yet.

        A ``postgresql://`` URL opens a server workspace (psycopg is imported only then).
        """
        if "://" in location:
            from teamspace.store.core.postgres.workspace import ServerWorkspace

            return ServerWorkspace.open_url(location, user=user)
        if sqlite3.sqlite_version_info < SQLITE_MINIMUM:
            raise UnsupportedPlatform(
                f"SQLite {sqlite3.sqlite_version} is too old; teamspace needs "
                f"{'.'.join(map(str, SQLITE_MINIMUM))} or newer"
            )
        path = os.path.abspath(location)
        if os.path.isdir(path):
            raise WorkspaceError(f"{path} is a directory; give the path of the workspace file, "
                                 f"e.g. {os.path.join(path, 'team.db')}")
        try:
            mount = fs.check_location(path, force=force)
        except RefusedLocation:
            if not cls(path, user=user).location_forced():
                raise
            mount = fs.mount_of(os.path.dirname(path))
        return cls(path, user=user, mount=mount)

    def as_user(self, user: str) -> Workspace:
        """The same workspace, acting as ``user`` (outbox replays, the demo's team)."""
        return self if user == self.user else type(self)(self.path, user=user,
                                                         mount=self.mount)

    def close(self) -> None:
        """Let go of kept connections (a file workspace keeps none)."""

    def location_forced(self) -> bool:
        """True if ``init --force`` accepted this very path despite a refusal."""
        if not self.exists():
            return False
        try:
            value = self.read(lambda session: session.scalar(
                "SELECT value FROM meta WHERE key = 'forced_location'"))
        except TeamspaceError:
            return False
        return bool(value == self.path)

    def set_meta(self, key: str, value: str) -> None:
        """Set a workspace-wide fact in the meta table."""
        def body(session: Session) -> None:
            session.execute(
                "INSERT INTO meta (key, value) VALUES (:key, :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"key": key, "value": value})

        self.write(body, kind="workspace.meta")

    def get_meta(self, key: str) -> str | None:
        """Read a workspace-wide fact from the meta table."""
        value = self.read(lambda session: session.scalar(
            "SELECT value FROM meta WHERE key = :key", {"key": key}))
        return None if value is None else str(value)

    # ------------------------------------------------------------------ public units
    def exists(self) -> bool:
        """True if the workspace file exists (it may still need ``create``)."""
        return os.path.exists(self.path)

    def create(self, *, join: bool = True) -> bool:
        """Create the workspace (idempotent).  True if it was created or completed now.

        ``join=False`` leaves the member list empty (a copy made by ``migrate-to``)."""
        self._prepare_create()
        from teamspace.store.core import migrations

        def body(session: Session) -> bool:
            return bool(migrations.upgrade(session))

        created = self._run(body, write=True, purpose="creating the workspace",
                            op_id=new_op_id(), kind="workspace.create", migrating=True)
        if join:
            self.join()
        return created

    def _prepare_create(self) -> None:
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(f"cannot create {os.path.dirname(self.path)}: "
                                 f"{exc.strerror}") from exc
        fs.create_file(self.path)

    def join(self) -> None:
        """Register the current user as a member (every write does this implicitly)."""
        self.write(lambda session: None, kind="workspace.join")
        from teamspace.store.core import known

        known.remember_member(self.path, self.user)

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in a read transaction under the lock (retried if transient)."""
        return self._run(fn, write=False, purpose="reading", op_id=None, kind="")

    def write(self, fn: Callable[[Session], T], *, kind: str, op_id: str | None = None) -> T:
        """Run ``fn`` in a write transaction, exactly once per ``op_id``.

        ``fn`` must return JSON-serialisable data: a retry of an operation that already
        committed returns the stored result instead of running ``fn`` again.
        """
        return self._run(fn, write=True, purpose="writing", op_id=op_id or new_op_id(),
                         kind=kind)

    def maintain(self, fn: Callable[[Session], T], *, purpose: str) -> T:
        """Run ``fn`` in a write transaction WITHOUT the per-write bookkeeping (no
        schema check, no operation row, no member join): migrate-to copies rows with it."""
        return self._run(fn, write=True, purpose=purpose, op_id=None, kind="",
                         migrating=True)

    def upgrade(self) -> list[str]:
        """Apply missing migrations; return their names."""
        from teamspace.store.core import migrations

        return self._run(migrations.upgrade, write=True, purpose="upgrading the schema",
                         op_id=new_op_id(), kind="workspace.upgrade", migrating=True)

    def raw(self, fn: Callable[[sqlite3.Connection], T], *, purpose: str) -> T:
        """Run ``fn`` on a fresh connection under the lock, outside any transaction.

        For maintenance (quick_check, backup) that must not be wrapped in BEGIN.
        """
        def attempt() -> T:
            with self.lock.hold(purpose):
                connection = self._connect("rw")
                try:
                    return fn(connection)
                finally:
                    connection.close()

        return self._retry(attempt)

    # ------------------------------------------------------------------ machinery
    def _run(self, fn: Callable[[Session], T], *, write: bool, purpose: str,
             op_id: str | None, kind: str, migrating: bool = False) -> T:
        upgraded = False
        while True:
            try:
                return self._retry(lambda: self._unit(fn, write=write, purpose=purpose,
                                                      op_id=op_id, kind=kind,
                                                      migrating=migrating))
            except _NeedsUpgrade:
                if upgraded:
                    raise WorkspaceError("the workspace schema could not be upgraded") from None
                self.upgrade()
                upgraded = True

    def _retry(self, attempt: Callable[[], T]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.02
        tries = garbled = 0
        while True:
            tries += 1
            try:
                return attempt()
            except TeamspaceError as exc:
                if not is_transient(exc):
                    raise
                last: BaseException = exc
            except Exception as exc:
                problem = self._fatal(exc)
                if problem is not None:
                    raise problem from exc
                reread = garbled < 3 and self._rereadable(exc)
                if not (reread or self._is_transient(exc)):
                    raise self._translate(exc) from exc
                garbled += int(reread)
                last = exc
            if time.monotonic() + delay > deadline:
                raise self._unreachable(tries, last) from last
            time.sleep(jitter(delay / 2, delay))
            delay = min(delay * 2, 1.0)

    # ------------------------------------------------------------------ backend: SQLite
    def _fatal(self, exc: Exception) -> BaseException | None:
        """An error no retry can cure, to raise at once: a file or folder not writable
        for me (SQLite says CANTOPEN or READONLY, which are otherwise transient)."""
        if isinstance(exc, sqlite3.Error | OSError) and cannot_open(exc):
            problem = self.access_problem()
            if problem:
                return WorkspaceError(problem)
        return None

    def _is_transient(self, exc: Exception) -> bool:
        """True if a retry may cure ``exc`` (a driver or OS error)."""
        return isinstance(exc, sqlite3.Error | OSError) and is_transient(exc)

    def _rereadable(self, exc: Exception) -> bool:
        """On a share a failing connection can hand SQLite a short or garbled page: with
        its smbd session being killed, smbnetfs made a sound file read as "malformed"
        (tests/netdrive).  Read again (3 times) before calling it damaged."""
        return self.is_network and fs.looks_corrupt(exc)

    def _unreachable(self, tries: int, last: BaseException) -> Unavailable:
        return ShareUnreachable(
            f"the workspace at {self.path} is unreachable or failing "
            f"({tries} tries over {self.retry_seconds:.0f}s; last error: {last})")

    def _translate(self, exc: BaseException) -> BaseException:
        return translate(self.path, exc)

    def access_problem(self) -> str | None:
        """Why this user cannot write the workspace, with who can fix it (or None)."""
        return fs.access_problem(self.path)

    def _connect(self, mode: str) -> sqlite3.Connection:
        if self.is_network:
            fs.drop_cached_pages(self.path)
        connection = sqlite3.connect(fs.sqlite_uri(self.path, mode, VFS), uri=True,
                                     isolation_level=None, check_same_thread=False,
                                     timeout=1.0)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=TRUNCATE")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    @contextmanager
    def _transaction(self, *, write: bool, purpose: str, migrating: bool
                     ) -> Iterator[Connection]:
        """The lock, a fresh connection, BEGIN; COMMIT when the body returns (after
        checking the lock is still ours), ROLLBACK when it raises."""
        if not migrating and fs.file_missing(self.path, network=self.is_network):
            from teamspace.store.core import known

            if known.is_known(self.path):
                raise ShareGone(
                    f"the workspace {self.path} is not there any more, though you used it "
                    "before: is its share unmounted or unreachable?")
            raise NotInitialized(f"no workspace at {self.path}; create one with "
                                 f"'teamspace init {self.path}'")
        if not self._remembered:
            from teamspace.store.core import known

            known.remember(self.path)
            self._remembered = True
        with self.lock.hold(purpose):
            if self.lock.broke and self.is_network:
                fs.refresh_attributes(self.path)
            connection = self._connect("rwc" if migrating else "rw")
            try:
                connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield connection
                if write:
                    self.lock.verify()
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    try:
                        connection.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # the journal stays hot and the next unit rolls it back
                raise
            finally:
                connection.close()

    def _not_initialized(self) -> NotInitialized:
        return NotInitialized(f"{self.path} is not an initialised workspace; run "
                              f"'teamspace init {self.path}'")

    # ------------------------------------------------------------------ every backend
    def _unit(self, fn: Callable[[Session], T], *, write: bool, purpose: str,
              op_id: str | None, kind: str, migrating: bool) -> T:
        with self._transaction(write=write, purpose=purpose, migrating=migrating) as conn:
            session = Session(conn, actor=self.user, op_id=op_id, now=utc_now(),
                              write=write, dialect=self.dialect)
            if not migrating:
                self._check_schema(session, write)
            if write and op_id is not None and not migrating and self.op_check_inside:
                prior = session.scalar("SELECT result FROM operation WHERE op_id = :op",
                                       {"op": op_id})
                if prior is not None:
                    import json

                    return cast(T, json.loads(prior))
            result = fn(session)
            if write and not migrating:
                self._finish_write(session, kind, result)
            return result

    def _check_schema(self, session: Session, write: bool) -> None:
        version = self.dialect.schema_version(session)
        known = schema_version()
        if version == known:
            return
        if version >= DAMAGED_MARK:
            if write:
                raise WorkspaceError(
                    f"the workspace {self.path} is damaged (found by 'teamspace doctor'); "
                    "writes are refused until 'teamspace doctor --repair' has fixed it")
            return
        if version < known:
            if version == 0 and not self.dialect.has_table(session, "meta"):
                raise self._not_initialized()
            raise _NeedsUpgrade()
        if write:
            by = session.scalar("SELECT value FROM meta WHERE key = 'schema_app_version'")
            from teamspace import __version__

            raise NewerSchemaError(
                f"this workspace was upgraded by teamspace {by or 'a newer version'} "
                f"(schema {version}); you have teamspace {__version__} (schema "
                f"{known}): upgrade teamspace to write to it"
            )

    def _finish_write(self, session: Session, kind: str, result: Any) -> None:
        from teamspace.store.core.jsontext import dumps

        joined = session.one(
            "INSERT INTO person (created_at, updated_at, author, version, op_id, username) "
            "VALUES (:now, :now, :user, 1, :op, :user) ON CONFLICT (username) DO NOTHING "
            "RETURNING id",
            {"now": session.now, "user": self.user, "op": session.op_id},
        )
        if joined is not None:
            session.record("person", int(joined["id"]), "join")
        session.execute(
            "INSERT INTO operation (op_id, at, actor, kind, result) "
            "VALUES (:op, :at, :actor, :kind, :result)",
            {"op": session.op_id, "at": session.now, "actor": self.user, "kind": kind,
             "result": dumps(result)},
        )
        self.dialect.after_write(session)
