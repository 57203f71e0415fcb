"""Groups: open ones anyone can read and join; closed ones for members, by invitation."""

from __future__ import annotations

import re

from teamspace.errors import InvalidInput, NotFound, PermissionDenied
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.text import check_description

GROUP_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class Group(Record):
    """A group as its members and outsiders see it."""

    id: int
    name: str
    description: str
    closed: bool
    members: int
    my_status: str | None  # "member", "invited" or None


def check_group_name(name: str) -> str:
    """Normalise and validate a group name."""
    name = name.strip().lower().lstrip("#")
    if not GROUP_NAME.match(name):
        raise InvalidInput(f"'{name}' is not a valid group name: use 1-32 lowercase letters, "
                           "digits, '-' or '_'")
    return name


# Groups the reader may know of: open ones, and closed ones they are in or invited to.
# A closed group is invisible to everyone else — not even its name is said.
VISIBLE = ("(NOT g.closed OR EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = g.id "
           "AND m.username = :reader))")


def find(session: Session, name: str) -> Row:
    """The group called ``name`` that the session's user may know of (NotFound naming
    only the groups they can see otherwise)."""
    name = check_group_name(name)
    row = session.one(f"SELECT g.* FROM team_group g WHERE g.name = :n AND "
                      f"g.deleted_at IS NULL AND {VISIBLE}",
                      {"n": name, "reader": session.actor})
    if row is None:
        known = [r["name"] for r in session.all(
            f"SELECT g.name FROM team_group g WHERE g.deleted_at IS NULL AND {VISIBLE} "
            "ORDER BY g.name", {"reader": session.actor})]
        hint = f"; groups: {', '.join(known)}" if known else "; create it with 'group create'"
        raise NotFound(f"no group '{name}'{hint}")
    return row


def status(session: Session, group_id: int, username: str) -> str | None:
    """'member', 'invited' or None."""
    value = session.scalar(
        "SELECT status FROM group_member WHERE group_id = :g AND username = :u",
        {"g": group_id, "u": username})
    return None if value is None else str(value)


def can_read(session: Session, group: Row, username: str) -> bool:
    """Open groups are readable by everyone; closed ones by members only."""
    return not group["closed"] or status(session, int(group["id"]), username) == "member"


def _add_member(session: Session, group_id: int, username: str, state: str) -> None:
    session.execute(
        "INSERT INTO group_member (created_at, author, op_id, group_id, username, status) "
        "VALUES (:now, :actor, :op, :g, :u, :s) ON CONFLICT (group_id, username) "
        "DO UPDATE SET status = excluded.status",
        {"now": session.now, "actor": session.actor, "op": session.op_id, "g": group_id,
         "u": username, "s": state})
    session.record("group", group_id, "join" if state == "member" else "invite",
                   {"member": [None, username]})


@replayable
def create_group(ws: Workspace, *, name: str, description: str = "", closed: bool = False,
                 op_id: str | None = None) -> int:
    """Create a group with the creator as its first member; returns its id."""
    name = check_group_name(name)
    description = check_description(description, "group")

    def body(session: Session) -> int:
        if session.scalar("SELECT 1 FROM team_group WHERE name = :n", {"n": name}):
            raise InvalidInput(f"the group name '{name}' is taken")
        group_id = session.insert(
            "INSERT INTO team_group (created_at, updated_at, author, version, op_id, name, "
            "description, closed) VALUES (:now, :now, :actor, 1, :op, :name, :d, :c) "
            "RETURNING id",
            {"now": session.now, "actor": session.actor, "op": session.op_id, "name": name,
             "d": description, "c": closed})
        session.record("group", group_id, "create",
                       {"name": [None, name], "closed": [None, closed]})
        _add_member(session, group_id, session.actor, "member")
        return group_id

    return ws.write(body, kind="group.create", op_id=op_id)


@replayable
def join_group(ws: Workspace, *, name: str, op_id: str | None = None) -> None:
    """Join an open group, or accept an invitation to a closed one."""
    def body(session: Session) -> None:
        group = find(session, name)
        state = status(session, int(group["id"]), session.actor)
        if state == "member":
            return
        if group["closed"] and state != "invited":
            raise PermissionDenied(f"group '{group['name']}' is closed: ask a member to "
                                   f"invite you (teamspace group invite {group['name']} "
                                   f"{session.actor})")
        _add_member(session, int(group["id"]), session.actor, "member")

    ws.write(body, kind="group.join", op_id=op_id)


@replayable
def leave_group(ws: Workspace, *, name: str, op_id: str | None = None) -> None:
    """Leave a group (or decline an invitation)."""
    def body(session: Session) -> None:
        group = find(session, name)
        if status(session, int(group["id"]), session.actor) is None:
            raise InvalidInput(f"you are not in group '{group['name']}'")
        session.execute("DELETE FROM group_member WHERE group_id = :g AND username = :u",
                        {"g": group["id"], "u": session.actor})
        session.record("group", int(group["id"]), "leave", {"member": [session.actor, None]})

    ws.write(body, kind="group.leave", op_id=op_id)


@replayable
def invite(ws: Workspace, *, name: str, username: str, op_id: str | None = None) -> None:
    """Invite a member to a group (closed groups: members only may invite)."""
    from teamspace.store.core.people import usernames

    def body(session: Session) -> None:
        group = find(session, name)
        if status(session, int(group["id"]), session.actor) != "member":
            raise PermissionDenied(f"only members of '{group['name']}' can invite")
        if username not in usernames(session):
            raise NotFound(f"no member '{username}' in this workspace")
        if status(session, int(group["id"]), username) is None:
            _add_member(session, int(group["id"]), username, "invited")

    ws.write(body, kind="group.invite", op_id=op_id)


def list_groups(ws: Workspace) -> list[Group]:
    """Groups this user may know of: open ones, and closed ones they are in or invited to."""
    def body(session: Session) -> list[Group]:
        rows = session.all(
            "SELECT g.id, g.name, g.description, g.closed, "
            "(SELECT count(*) FROM group_member m WHERE m.group_id = g.id AND "
            " m.status = 'member') AS members, "
            "(SELECT status FROM group_member m WHERE m.group_id = g.id AND "
            " m.username = :me) AS mine "
            "FROM team_group g WHERE g.deleted_at IS NULL ORDER BY g.name",
            {"me": session.actor})
        return [Group(int(r["id"]), r["name"], r["description"], bool(r["closed"]),
                      int(r["members"]), r["mine"])
                for r in rows if not r["closed"] or r["mine"] is not None]

    return ws.read(body)


def members(ws: Workspace, name: str) -> list[tuple[str, str]]:
    """(user name, status) of a group's members and invitees."""
    def body(session: Session) -> list[tuple[str, str]]:
        group = find(session, name)
        if not can_read(session, group, session.actor):
            raise NotFound(f"no group '{group['name']}'")
        return [(r["username"], r["status"]) for r in session.all(
            "SELECT username, status FROM group_member WHERE group_id = :g "
            "ORDER BY status, username", {"g": group["id"]})]

    return ws.read(body)

