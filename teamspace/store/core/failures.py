"""Which errors of the SQLite path a retry may cure, and how the others are said.

The share hands out plenty of passing errors (SMB: hundreds of transient EIO/EBUSY under
load, docs/storage.md); they are retried.  What no retry cures is turned into one line a
user can act on: a damaged or full file, a file or folder not writable for them.
"""

from __future__ import annotations

import errno
import sqlite3

from teamspace.errors import LockLost, ShareGone, ShareUnreachable, WorkspaceError
from teamspace.store.core import fs
from teamspace.store.core.lockfiles import UNREACHABLE

# Primary result codes worth retrying: BUSY, LOCKED, IOERR, CANTOPEN, PROTOCOL.
TRANSIENT_CODES = frozenset({5, 6, 10, 14, 15})
TRANSIENT_ERRNOS = UNREACHABLE | {errno.EIO, errno.EBUSY, errno.EAGAIN, errno.EINTR}


def is_transient(exc: BaseException) -> bool:
    """True for errors a retry may cure (busy share, I/O hiccup, lock taken over)."""
    if isinstance(exc, ShareGone):
        return False  # unmounted: waiting for the retry time only delays the queueing
    if isinstance(exc, LockLost | ShareUnreachable):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return (code & 0xFF) in TRANSIENT_CODES
        text = str(exc)
        return any(s in text for s in ("disk I/O", "unable to open", "locked", "busy"))
    if isinstance(exc, OSError):
        return exc.errno in TRANSIENT_ERRNOS
    return False


def translate(path: str, exc: BaseException) -> BaseException:
    """A driver or OS error no retry cures, as the one-line error a user can act on
    (or ``exc`` itself when there is nothing clearer to say)."""
    text = str(exc)
    if "file is not a database" in text:
        return WorkspaceError(f"{path} is not a teamspace workspace "
                              "(not an SQLite database)")
    if "malformed" in text or "unsupported file format" in text:
        return WorkspaceError(f"the workspace {path} is damaged ({text}); "
                              "run 'teamspace doctor' and restore a backup")
    if "database or disk is full" in text or (
            isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)):
        return WorkspaceError(f"the disk holding {path} is full; nothing was "
                              "written: free some space and try again")
    if "readonly database" in text or "unable to open" in text:
        problem = fs.access_problem(path)
        if problem:
            return WorkspaceError(problem)
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WorkspaceError(f"cannot open {path}: {exc.strerror}")
    return exc


def cannot_open(exc: BaseException) -> bool:
    """SQLITE_CANTOPEN or SQLITE_READONLY (or EACCES): maybe a permission problem."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (8, 14)
    return isinstance(exc, PermissionError) or "readonly" in str(exc)
