"""The workspace lock: a directory made with ``mkdir`` next to the database.

POSIX byte-range locks do not cross network mounts, but ``mkdir`` is atomic on the
server of every share we tested, so every teamspace process takes this one lock
around EVERY transaction, reads included (docs/storage.md, rules 1 and 7).

Inside the lock directory an ``owner`` record (fixed size, so a reader never sees a
short file through a stale size cache) says who holds it: host, pid, a random
token, since when, and a heartbeat counter a background thread bumps every few
seconds.  A waiter breaks a lock only when it is provably stale: the holder's
process is gone (same host), or the waiter itself watched the record stay
unchanged for ``stale_after`` seconds (other host — judged by the waiter's own
monotonic clock, so clock skew between machines does not matter).  Breaking
happens under a second "breaking" lock and only if the record is still the very
one judged stale, so two waiters can never break a lock that was taken afresh.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from teamspace.errors import LockLost, LockTimeout
from teamspace.store.core.fs import share_with_group
from teamspace.store.core.lockfiles import (  # re-exported: other modules import them from here
    OWNER_FILE,
    RECORD_SIZE,
    UNREACHABLE,
    LockState,
    Owner,
    _create_record,
    _make_dir,
    _read,
    _remove_dir_quietly,
    _remove_if_token,
    _rmdir,
    _unlink_quietly,
    hostname,
    jitter,
    pid_alive,
    process_start,
)

__all__ = ["OWNER_FILE", "RECORD_SIZE", "UNREACHABLE", "LockState", "Owner", "ShareLock",
           "hostname", "jitter", "pid_alive", "process_start"]

WALL_CLOCK_STALE = 300.0  # a record untouched this long (by our clock) is dead
# After taking a lock by rename, wait this long before using the database: a taker that
# went straight in read a crashed writer's journal through FUSE's attribute cache (1 s)
# as empty and saw uncommitted rows (sshfs default; 25 of 57 reads in one crash run).
SETTLE = 1.0
# Seconds a same-host holder must be seen dead before its lock is broken, on a network
# filesystem: writes a killed process had issued can still be queued in the share's
# client (sshfs, smbnetfs) and land after its journal was rolled back — a malformed
# file (tests/netdrive/test_crash.py; 1 s still failed once in 80 kills under load).
# On a local disk a finished write() is in the page cache: no grace is needed.
DEAD_GRACE = 3.0


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()
_held: dict[str, ShareLock] = {}
_held_guard = threading.Lock()
_beat_thread: threading.Thread | None = None


def _heartbeat_loop(interval: float) -> None:
    while True:
        time.sleep(interval)
        with _held_guard:
            for lock in list(_held.values()):
                lock._beat()


def _ensure_heartbeat(interval: float) -> None:
    global _beat_thread
    if _beat_thread is None:
        _beat_thread = threading.Thread(
            target=_heartbeat_loop, args=(interval,), name="teamspace-lock-heartbeat",
            daemon=True,
        )
        _beat_thread.start()


class ShareLock:
    """The mkdir lock for one database file; use :meth:`hold` around a unit of work."""

    def __init__(self, db_path: str, *, user: str = "", timeout: float | None = None,
                 stale_after: float | None = None, heartbeat: float | None = None,
                 network: bool = True) -> None:
        self.path = db_path + ".lock"
        self.breaker_path = db_path + ".lock-break"
        self.user = user or "?"
        self.timeout = timeout if timeout is not None else _env_float(
            "TEAMSPACE_LOCK_TIMEOUT", 20.0)
        self.stale_after = stale_after if stale_after is not None else _env_float(
            "TEAMSPACE_LOCK_STALE", 10.0)
        self.heartbeat = heartbeat if heartbeat is not None else min(2.0, self.stale_after / 4)
        self.last_break: str | None = None
        self.broke = False  # did the last acquire break a stale lock?
        self.dead_grace = DEAD_GRACE if network else 0.0
        self._owner: Owner | None = None
        self._seen: dict[str, tuple[bytes | None, float]] = {}
        self._dead: dict[str, float] = {}  # token -> when we first saw its process gone
        with _process_locks_guard:
            self._local = _process_locks.setdefault(self.path, threading.Lock())

    @contextmanager
    def hold(self, purpose: str = "work") -> Iterator[None]:
        """Hold the lock for the duration of the block."""
        self.acquire(purpose)
        try:
            yield
        finally:
            self.release()

    def acquire(self, purpose: str = "work") -> None:
        """Take the lock, breaking a provably stale one; LockTimeout after ``timeout``."""
        deadline = time.monotonic() + self.timeout
        if not self._local.acquire(timeout=max(self.timeout, 0.001)):
            raise LockTimeout(f"another thread of this process held the workspace lock for "
                              f"{self.timeout:.0f}s")
        try:
            self._acquire_dir(purpose, deadline)
        except BaseException:
            self._local.release()
            raise

    def _acquire_dir(self, purpose: str, deadline: float) -> None:
        delay = 0.001
        started = next_check = time.monotonic()
        missing_since: float | None = None
        self._seen.clear()
        self.broke = False
        while True:
            if self._try_take(purpose):
                return
            now = time.monotonic()
            if now >= next_check:
                # A lock that keeps looking free while mkdir keeps failing is a client's
                # stale directory cache (or a holder that died before writing its record).
                if _read(os.path.join(self.path, OWNER_FILE)) is not None:
                    missing_since = None
                elif missing_since is None:
                    missing_since = now
                elif now - missing_since >= 0.5 and self._rename_take(purpose):
                    return
                self._break_if_stale()
                next_check = now + 0.25
            if now >= deadline:
                owner = Owner.decode(_read(os.path.join(self.path, OWNER_FILE)))
                who = owner.describe() if owner else "a client that left no owner record"
                raise LockTimeout(f"the workspace is locked by {who}; gave up after "
                                  f"{self.timeout:.0f}s")
            # Backoff spares the share while a wait is short; a waiter that has waited a
            # second polls fast, or newcomers (who start at 1 ms) starve it: 8 busy
            # writers on sshfs kept a reader out for the whole 20 s lock timeout.
            delay = 0.002 if now - started > 1.0 else min(delay * 2, 0.05)
            time.sleep(jitter(delay / 2, delay))

    def _new_owner(self, purpose: str) -> Owner:
        now = time.time()
        return Owner(token=os.urandom(12).hex(), host=hostname(), pid=os.getpid(),
                     pid_start=process_start(os.getpid()), user=self.user, purpose=purpose,
                     since=now, beat_at=now)

    def _try_take(self, purpose: str) -> bool:
        if not _make_dir(self.path):
            return False
        owner = self._new_owner(purpose)
        if not _create_record(os.path.join(self.path, OWNER_FILE), owner):
            return False
        return self._took(owner)

    def _rename_take(self, purpose: str) -> bool:
        """Take a lock that looks free by renaming a private directory onto it.

        sshfs (default options) caches directory entries for 20 s: a client that saw the
        lock directory kept failing ``mkdir`` with EEXIST for up to 20 s after another
        machine had removed it, so one mount starved the other (tests/netdrive).  A
        rename reaches the server whatever the client cached.  It succeeds only if the
        lock directory is gone, or empty: a peer between its mkdir and its record, or
        between unlinking its record and rmdir — both then meet our record and back off.
        Then it waits SETTLE for the client's attribute cache to expire.
        """
        owner = self._new_owner(purpose)
        private = f"{self.path}-{owner.token}"
        try:
            os.mkdir(private)
            share_with_group(private, directory=True)
            if _create_record(os.path.join(private, OWNER_FILE), owner):
                os.rename(private, self.path)
                time.sleep(SETTLE)
                return self._took(owner)
        except (OSError, LockLost):
            pass  # held after all (or the share hiccupped): keep waiting
        _remove_dir_quietly(private)
        return False

    def _took(self, owner: Owner) -> bool:
        self._owner = owner
        with _held_guard:
            _held[self.path] = self
        _ensure_heartbeat(self.heartbeat)
        return True

    def release(self) -> None:
        """Give the lock back (only if it is still ours)."""
        try:
            with _held_guard:
                _held.pop(self.path, None)
                owner, self._owner = self._owner, None
            if owner is not None:
                _remove_if_token(self.path, owner.token)
        finally:
            self._local.release()

    def verify(self) -> None:
        """Raise LockLost unless the owner record on the share is still ours."""
        owner = self._owner
        current = Owner.decode(_read(os.path.join(self.path, OWNER_FILE)))
        if owner is None or current is None or current.token != owner.token:
            raise LockLost("the workspace lock was taken over by another client during this "
                           "operation; it will be retried")

    def _beat(self) -> None:
        # Called by the heartbeat thread under _held_guard.
        owner = self._owner
        if owner is None:
            return
        record = os.path.join(self.path, OWNER_FILE)
        try:
            current = Owner.decode(_read(record))
            if current is None or current.token != owner.token:
                return  # broken by someone else: never overwrite their record
            owner.beat += 1
            owner.beat_at = time.time()
            fd = os.open(record, os.O_WRONLY)
            try:
                os.pwrite(fd, owner.encode(), 0)
            finally:
                os.close(fd)
        except OSError:
            pass  # a missed beat only makes us look slower; verify() catches a real loss

    def state(self) -> LockState:
        """Describe the lock for ``doctor`` without waiting or breaking anything."""
        if not os.path.isdir(self.path):
            return LockState(False, None, False, "free")
        raw = _read(os.path.join(self.path, OWNER_FILE))
        owner = Owner.decode(raw)
        reason = self._stale_reason(self.path, raw, observe=False)
        return LockState(True, owner, reason is not None, reason or "held by a live client")

    def break_stale(self) -> str | None:
        """Break the lock if it is provably stale now; return why, or None."""
        return self._break_if_stale(observe=False)

    def _stale_reason(self, path: str, raw: bytes | None, *, observe: bool = True) -> str | None:
        owner = Owner.decode(raw)
        if owner is not None and owner.host == hostname():
            if pid_alive(owner.pid, owner.pid_start):
                return None  # a live process on this host is never broken, however slow
            # Dead, but writes it had issued may still sit in the FUSE/SMB client's queue:
            # a journal rolled back at once was overwritten by them on smbnetfs (a
            # malformed file, tests/netdrive/test_crash.py).  Let them drain first.
            first = self._dead.setdefault(owner.token, time.monotonic())
            if observe and time.monotonic() - first < self.dead_grace:
                return None
            return (f"its holder {owner.describe()} is no longer running (or is not a "
                    "teamspace process)")
        if owner is not None and time.time() - max(owner.beat_at, owner.since) > WALL_CLOCK_STALE:
            return f"its holder {owner.describe()} has not sent a heartbeat for over 5 minutes"
        if owner is None and raw is None:
            try:
                if time.time() - os.stat(path).st_mtime > WALL_CLOCK_STALE:
                    return "it has no owner record and is over 5 minutes old"
            except OSError:
                return None
        if not observe:
            return None
        now = time.monotonic()
        seen = self._seen.get(path)
        if seen is None or seen[0] != raw:
            self._seen[path] = (raw, now)
            return None
        if now - seen[1] >= self.stale_after:
            who = owner.describe() if owner else "a client that left no owner record"
            return f"its holder {who} sent no heartbeat for {now - seen[1]:.0f}s"
        return None

    def _break_if_stale(self, observe: bool = True) -> str | None:
        raw = _read(os.path.join(self.path, OWNER_FILE))
        if raw is None and not os.path.isdir(self.path):
            return None  # free (or just released): nothing to break
        reason = self._stale_reason(self.path, raw, observe=observe)
        if reason is None:
            return None
        if not self._take_breaker():
            return None
        try:
            # Re-check under the breaking lock: only the very record judged stale goes.
            if _read(os.path.join(self.path, OWNER_FILE)) != raw:
                return None
            if raw is not None:
                _unlink_quietly(os.path.join(self.path, OWNER_FILE))
            try:
                _rmdir(self.path)
            except OSError:
                return None
            self.last_break = reason
            self.broke = True
            return reason
        finally:
            _remove_dir_quietly(self.breaker_path)

    def _take_breaker(self) -> bool:
        if _make_dir(self.breaker_path):
            now = time.time()
            owner = Owner(token=os.urandom(12).hex(), host=hostname(), pid=os.getpid(),
                          pid_start=process_start(os.getpid()), user=self.user,
                          purpose="breaking a stale lock", since=now, beat_at=now)
            if _create_record(os.path.join(self.breaker_path, OWNER_FILE), owner):
                return True
            return False
        # The breaker itself may be stale (a breaker died in its few milliseconds).
        raw = _read(os.path.join(self.breaker_path, OWNER_FILE))
        if self._stale_reason(self.breaker_path, raw) is not None:
            if _read(os.path.join(self.breaker_path, OWNER_FILE)) == raw:
                _remove_dir_quietly(self.breaker_path)
        return False
