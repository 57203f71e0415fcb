"""Errors the store raises, each with a one-line message meant for the user.

Every error a user can cause or meet (bad input, a missing workspace, a busy or
unreachable share, a conflicting edit) is a :class:`TeamspaceError`; the CLI prints
its message as one line and exits with its ``exit_code``.  Anything else is a bug.
"""

from __future__ import annotations

# Exit codes follow BSD sysexits where one fits, so shell scripts can tell
# "try again later" (75) from "you asked for something wrong" (1, 2, 64...).
EXIT_FAILURE = 1
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_USAGE = 64
EXIT_UNAVAILABLE = 69
EXIT_SOFTWARE = 70
EXIT_TEMPFAIL = 75
EXIT_CONFIG = 78


class TeamspaceError(Exception):
    """Base class: an error with a message fit to show the user as is."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(TeamspaceError):
    """The user's input cannot be accepted (bad date, empty text, unknown user...)."""

    exit_code = EXIT_USAGE


class NotFound(TeamspaceError):
    """The item asked for does not exist or is not visible to this user."""

    exit_code = EXIT_NOT_FOUND


class PermissionDenied(TeamspaceError):
    """The user may not do this to this item (e.g. edit someone else's post)."""

    exit_code = EXIT_FAILURE


class ConflictError(TeamspaceError):
    """Someone else changed the item since it was read: nothing was overwritten."""

    exit_code = EXIT_CONFLICT

    def __init__(self, message: str, *, changed_by: str | None = None,
                 changed_at: str | None = None) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


class WorkspaceError(TeamspaceError):
    """The workspace cannot be used as it is (missing, refused location, bad config)."""

    exit_code = EXIT_CONFIG


class NotInitialized(WorkspaceError):
    """No workspace exists at the location."""


class NewerSchemaError(WorkspaceError):
    """The workspace was upgraded by a newer teamspace; this client must not write."""


class RefusedLocation(WorkspaceError):
    """The workspace sits where it would lose data (sync folder, rclone mount)."""


class UnsupportedPlatform(WorkspaceError):
    """This Python/SQLite cannot run the storage rules safely."""


class Unavailable(TeamspaceError):
    """The share is unreachable or the lock could not be had in time.

    The data is safe; the operation may be retried (writes are queued in the outbox).
    """

    exit_code = EXIT_TEMPFAIL


class LockTimeout(Unavailable):
    """Another client held the workspace lock for longer than the timeout."""


class LockLost(Unavailable):
    """Our lock was broken by another client (we were judged stale): the unit is retried."""


class ShareUnreachable(Unavailable):
    """The folder holding the workspace cannot be reached (network share gone)."""


class ShareGone(ShareUnreachable):
    """The share is not mounted (or its connection is dead): no retry will bring it back
    soon, so a write is queued at once instead of after the retry time."""


class Queued(TeamspaceError):
    """A write could not land now and waits in the local outbox."""

    exit_code = EXIT_TEMPFAIL
