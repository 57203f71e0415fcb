"""The workspace's own facts people set: its name (shown in every member's TUI header).

Renaming is a logged change like any other (the activity log keeps who and when);
``init`` never renames an existing workspace.
"""

from __future__ import annotations

from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session

MAX_NAME = 100


def check_name(name: str) -> str:
    """A workspace name: one line, 1-100 characters, trimmed."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a workspace name cannot be empty")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a workspace name can have at most {MAX_NAME} characters")
    return name


@replayable
def rename_workspace(ws: Workspace, *, name: str, op_id: str | None = None) -> str:
    """Give the workspace a new name; returns it.  Logged in the activity log."""
    name = check_name(name)

    def body(session: Session) -> str:
        old = session.scalar("SELECT value FROM meta WHERE key = 'name'")
        if old == name:
            return name
        session.execute(
            "INSERT INTO meta (key, value) VALUES ('name', :name) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", {"name": name})
        session.record("workspace", 0, "rename", {"name": [old, name]})
        return name

    return ws.write(body, kind="workspace.rename", op_id=op_id)


def workspace_name(ws: Workspace) -> str | None:
    """The workspace's name, if it has one."""
    return ws.get_meta("name")
