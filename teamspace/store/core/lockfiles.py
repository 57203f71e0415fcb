"""The lock's files: the owner record, and mkdir/rmdir/unlink that cope with shares.

Split from store/lock.py (which holds the locking logic) to keep both readable; lock.py
re-exports what other modules use.
"""

from __future__ import annotations

import errno
import os
import time

from teamspace.errors import LockLost, ShareUnreachable, WorkspaceError

RECORD_SIZE = 512
OWNER_FILE = "owner"
UNREACHABLE = frozenset({
    errno.ENOTCONN, errno.ESTALE, errno.EHOSTDOWN, errno.EHOSTUNREACH, errno.ETIMEDOUT,
    errno.ECONNABORTED, errno.ECONNRESET, errno.ECONNREFUSED, errno.ENETDOWN,
    errno.ENETUNREACH, errno.ENOENT,
})


def hostname() -> str:
    """This machine's name as recorded in lock owner records."""
    try:
        return os.uname().nodename
    except AttributeError:  # Windows
        import platform

        return platform.node()


def process_start(pid: int) -> str | None:
    """The start time of process ``pid`` (Linux), to tell a reused pid from the holder."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else None


def _runs_python(pid: int) -> bool | None:
    """Whether process ``pid`` is a Python (teamspace) process; None if unknown."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read(4096)
    except OSError:
        return None
    return b"python" in command or b"teamspace" in command


def pid_alive(pid: int, start: str | None) -> bool:
    """True if the holder recorded as ``pid`` (started at ``start``) still runs here.

    A record that cannot be matched to a live teamspace process — no start time
    (forged, or pid reuse that cannot be told apart), another start time, a process
    that is not Python (pid 1, say) — is not alive: its lock is then judged by its
    heartbeat and age, like one from another host.
    """
    if os.name == "nt":
        return True  # os.kill(pid, 0) would send CTRL_C_EVENT there; judge by heartbeat
    if pid <= 1 or (start is None and os.path.isdir("/proc/self")):
        return False  # every holder on a system with /proc records its start time
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's live process
    except OSError:
        return True
    now = process_start(pid)
    if now is not None and now != start:
        return False
    return _runs_python(pid) is not False


class Owner:
    """Who holds a lock; serialised as one fixed-size, tab-separated text record.

    Plain text rather than JSON and a plain class rather than a dataclass: the lock is
    taken by every CLI call, and json/dataclasses would add ~2 ms of imports to each.
    """

    __slots__ = ("token", "host", "pid", "pid_start", "user", "purpose", "since", "beat",
                 "beat_at")
    VERSION = "ts1"

    def __init__(self, *, token: str, host: str, pid: int, pid_start: str | None, user: str,
                 purpose: str, since: float, beat: int = 0, beat_at: float = 0.0) -> None:
        self.token = token
        self.host = host
        self.pid = pid
        self.pid_start = pid_start
        self.user = user
        self.purpose = purpose
        self.since = since
        self.beat = beat
        self.beat_at = beat_at

    def encode(self) -> bytes:
        """The record, padded with spaces to RECORD_SIZE bytes."""
        fields = [self.VERSION, self.token, self.host, str(self.pid), self.pid_start or "-",
                  self.user, f"{self.since:.3f}", str(self.beat), f"{self.beat_at:.3f}",
                  self.purpose]
        data = "\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields).encode()
        if len(data) >= RECORD_SIZE:
            raise ValueError("lock owner record too long")
        return data + b" " * (RECORD_SIZE - 1 - len(data)) + b"\n"

    @classmethod
    def decode(cls, raw: bytes | None) -> Owner | None:
        """Parse a record; None when missing or unreadable (e.g. half written)."""
        if not raw:
            return None
        try:
            fields = raw.decode("utf-8").strip().split("\t")
            if len(fields) != 10 or fields[0] != cls.VERSION:
                return None
            return cls(token=fields[1], host=fields[2], pid=int(fields[3]),
                       pid_start=None if fields[4] == "-" else fields[4], user=fields[5],
                       since=float(fields[6]), beat=int(fields[7]), beat_at=float(fields[8]),
                       purpose=fields[9])
        except (ValueError, UnicodeDecodeError):
            return None

    def describe(self) -> str:
        """One line for messages: 'anna@host2 (pid 123, writing, for 4s)'."""
        held = max(0.0, time.time() - self.since)
        return f"{self.user}@{self.host} (pid {self.pid}, {self.purpose}, for {held:.0f}s)"


class LockState:
    """What ``doctor`` reports about a lock directory."""

    __slots__ = ("held", "owner", "stale", "reason")

    def __init__(self, held: bool, owner: Owner | None, stale: bool, reason: str) -> None:
        self.held = held
        self.owner = owner
        self.stale = stale
        self.reason = reason


def jitter(low: float, high: float) -> float:
    """A random delay in [low, high] without importing ``random`` (~1 ms per CLI call)."""
    return low + (high - low) * int.from_bytes(os.urandom(2), "big") / 65535


def _read(path: str) -> bytes | None:
    """Read a record with a fresh open (a kept-open fd sees stale data on shares)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(RECORD_SIZE)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _make_dir(path: str) -> bool:
    """mkdir; True if we made it, False if it exists (or SMB says EIO for 'busy')."""
    try:
        os.mkdir(path)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno == errno.EIO:
            return False  # SMB: an existing or delete-pending directory surfaces as EIO
        if exc.errno in UNREACHABLE:
            raise ShareUnreachable(f"cannot reach {os.path.dirname(path)}: "
                                   f"{exc.strerror}") from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            from teamspace.store.core.fs import access_problem

            problem = access_problem(path) or (
                f"cannot lock the workspace: {exc.strerror} on {os.path.dirname(path)} "
                "(you need write access to the folder, not only the file)")
            raise WorkspaceError(problem) from exc
        raise
    # A member whose client crashed leaves this behind: the rest of the group must be
    # able to clear it (remove the record inside), whatever the holder's umask.
    from teamspace.store.core.fs import share_with_group

    share_with_group(path, directory=True)
    return True


def _create_record(path: str, owner: Owner) -> bool:
    """Write the owner record with O_EXCL; on failure give the directory back."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except (FileExistsError, FileNotFoundError):
        return False  # someone else's directory now, or ours was removed as owner-less
    except OSError as exc:
        _remove_dir_quietly(os.path.dirname(path), only_if_empty=True)
        if exc.errno == errno.EPERM:
            # sshfs (default options) reports SFTP's generic failure as EPERM here, in a
            # directory we have just made: not a permission problem; retried as transient.
            raise LockLost(f"could not write the lock owner record ({exc}); "
                           "retrying") from exc
        raise
    record = owner.encode()
    try:
        os.write(fd, record)
    except OSError:
        os.close(fd)
        # A full disk leaves our record empty or cut short, which no one else would
        # recognise as ours: left behind, it blocked every client as "held by None".
        _remove_if_token(os.path.dirname(path), owner.token, written=record)
        raise
    os.close(fd)
    return True


def _remove_if_token(path: str, token: str, *, written: bytes | None = None) -> None:
    """Remove the lock directory ``path`` if its record is ours (``token``), or — for a
    record whose write failed — still only a beginning of what we wrote (``written``)."""
    record = os.path.join(path, OWNER_FILE)
    for attempt in range(5):
        try:
            raw = _read(record)
            current = Owner.decode(raw)
            cut_short = (written is not None and current is None and raw is not None
                         and written.startswith(raw))
            if not cut_short and (current is None or current.token != token):
                return  # not ours any more: leave it alone
            os.unlink(record)
            _rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.01 * (attempt + 1))  # SMB: transient EBUSY/EIO on unlink/rmdir
    # Leaves an owner-less directory at worst; waiters judge it stale by observation.


def _rmdir(path: str) -> None:
    """rmdir a lock directory, first removing client leftovers of our own record.

    A FUSE client renames a file unlinked while still open to ``.fuse_hidden*`` (the
    release of a just-closed fd is asynchronous), NFS to ``.nfs*``.  On sshfs
    ``dir_cache=no`` such a leftover stayed for good: every rmdir failed with ENOTEMPTY
    and the owner-less lock locked everyone out (tests/netdrive, docs/storage.md).
    Nothing but our owner record is ever put in a lock directory, so they are garbage.
    """
    try:
        os.rmdir(path)
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
    for name in os.listdir(path):
        if name.startswith((".fuse_hidden", ".nfs")):
            _unlink_quietly(os.path.join(path, name))
    os.rmdir(path)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _remove_dir_quietly(path: str, only_if_empty: bool = False) -> None:
    if not only_if_empty:
        _unlink_quietly(os.path.join(path, OWNER_FILE))
    try:
        _rmdir(path)
    except OSError:
        pass
