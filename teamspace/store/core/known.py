"""Workspaces this user has used before, kept in the local data directory.

When a share goes away, an sshfs mount can unmount itself and leave an empty local
folder: the workspace file simply is not there.  For a workspace this user has used
before that means "the share is gone" — the write is queued in the outbox and the user
is told so — not "no workspace here, run init" (tests/netdrive/test_share_loss.py).
"""

from __future__ import annotations

import os

FILE_NAME = "workspaces"


def _key(workspace: str) -> str:
    # A server's URL (without password) is its own name; a file is named absolutely.
    return workspace if "://" in workspace else os.path.abspath(workspace)


def _path() -> str:
    from teamspace.config import data_dir

    return str(data_dir() / FILE_NAME)


def _read() -> list[str]:
    try:
        with open(_path(), encoding="utf-8") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def is_known(workspace: str) -> bool:
    """True if this user has used the workspace at ``workspace`` before."""
    return _key(workspace) in _read()


def remember(workspace: str) -> None:
    """Note that ``workspace`` exists and was used (best effort: never fails a command)."""
    workspace = _key(workspace)
    if workspace in _read():
        return
    try:
        os.makedirs(os.path.dirname(_path()), exist_ok=True)
        with open(_path(), "a", encoding="utf-8") as handle:
            handle.write(workspace + "\n")
    except OSError:
        pass


MEMBER_FILE = "memberships"


def _members_path() -> str:
    from teamspace.config import data_dir

    return str(data_dir() / MEMBER_FILE)


def is_member(workspace: str, user: str) -> bool:
    """True if ``user`` has joined the workspace from this machine before."""
    line = f"{_key(workspace)}\t{user}"
    try:
        with open(_members_path(), encoding="utf-8") as handle:
            return line in handle.read().splitlines()
    except OSError:
        return False


def remember_member(workspace: str, user: str) -> None:
    """Note that ``user`` joined the workspace (best effort)."""
    if is_member(workspace, user):
        return
    try:
        os.makedirs(os.path.dirname(_members_path()), exist_ok=True)
        with open(_members_path(), "a", encoding="utf-8") as handle:
            handle.write(f"{_key(workspace)}\t{user}\n")
    except OSError:
        pass
