"""Members of the workspace: who can be @mentioned, assigned and shown by name.

Anyone who opens a workspace becomes a member (the CLI and the TUI join on first use);
``member add`` lets a team add colleagues before they have opened it.  Deactivating
keeps a member's items and takes them out of pickers, completion and assignment.
Every change is in the activity log.
"""

from __future__ import annotations

from teamspace.config import check_username
from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session


class Person(Record):
    """A member as shown to others."""

    username: str
    display_name: str | None
    joined_at: str
    active: bool = True

    @property
    def label(self) -> str:
        """'Anna Berg (anna)' or just 'anna'."""
        return f"{self.display_name} ({self.username})" if self.display_name else self.username


MAX_DISPLAY_NAME = 100


def list_people(ws: Workspace, *, include_inactive: bool = False) -> list[Person]:
    """Every member, by user name (deactivated ones only if asked for)."""
    where = "" if include_inactive else "WHERE deleted_at IS NULL"
    rows = ws.read(lambda s: s.all(
        f"SELECT username, display_name, created_at, deleted_at FROM person {where} "
        "ORDER BY username"))
    return [Person(r["username"], r["display_name"], r["created_at"],
                   r["deleted_at"] is None) for r in rows]


def usernames(session: Session) -> set[str]:
    """The set of active member names, inside an open unit of work."""
    return {r["username"] for r in session.all(
        "SELECT username FROM person WHERE deleted_at IS NULL")}


def check_display_name(name: str) -> str:
    """A display name: one line, 1-100 characters."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a display name cannot be empty")
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"a display name can have at most {MAX_DISPLAY_NAME} characters")
    return name


@replayable
def add_person(ws: Workspace, username: str, display_name: str | None = None, *,
               op_id: str | None = None) -> str:
    """Add a member (idempotent), bring a deactivated one back, or set their display
    name; returns what happened ("added", "reactivated", "renamed", "unchanged")."""
    username = check_username(username.strip().lower().lstrip("@"))
    if display_name is not None:
        display_name = check_display_name(display_name)

    def body(session: Session) -> str:
        row = session.one("SELECT id, display_name, deleted_at FROM person "
                          "WHERE username = :u", {"u": username})
        if row is None:
            new_id = session.insert(
                "INSERT INTO person (created_at, updated_at, author, version, op_id, username, "
                "display_name) VALUES (:now, :now, :actor, 1, :op, :u, :name) RETURNING id",
                {"now": session.now, "actor": session.actor, "op": session.op_id,
                 "u": username, "name": display_name})
            session.record("person", new_id, "join", {"display_name": [None, display_name]})
            return "added"
        from teamspace.store.core import items

        done = "unchanged"
        if row["deleted_at"] is not None:
            items.restore(session, "person", int(row["id"]), item_type="person")
            done = "reactivated"
        if display_name is not None and row["display_name"] != display_name:
            items.update(session, "person", int(row["id"]), {"display_name": display_name},
                         item_type="person", action="rename")
            done = "renamed" if done == "unchanged" else done
        return done

    return ws.write(body, kind="person.add", op_id=op_id)


@replayable
def rename_person(ws: Workspace, *, username: str, display_name: str,
                  op_id: str | None = None) -> None:
    """Give a member a new display name (their user name never changes)."""
    username = check_username(username.strip().lower().lstrip("@"))
    display_name = check_display_name(display_name)

    def body(session: Session) -> None:
        row = _member(session, username)
        from teamspace.store.core import items

        items.update(session, "person", int(row["id"]), {"display_name": display_name},
                     item_type="person", action="rename")

    ws.write(body, kind="person.rename", op_id=op_id)


@replayable
def deactivate_person(ws: Workspace, *, username: str, op_id: str | None = None) -> None:
    """Take a member out of pickers, completion and assignment; their items stay.
    ``add_person`` brings them back."""
    username = check_username(username.strip().lower().lstrip("@"))

    def body(session: Session) -> None:
        row = _member(session, username)
        from teamspace.store.core import items

        items.soft_delete(session, "person", int(row["id"]), item_type="person")

    ws.write(body, kind="person.deactivate", op_id=op_id)


def is_member(ws: Workspace) -> bool:
    """True if the workspace's user is an active member."""
    return bool(ws.read(lambda s: s.scalar(
        "SELECT 1 FROM person WHERE username = :u AND deleted_at IS NULL", {"u": ws.user})))


def _member(session: Session, username: str) -> Row:
    row = session.one("SELECT * FROM person WHERE username = :u AND deleted_at IS NULL",
                      {"u": username})
    if row is None:
        raise NotFound(f"no member '{username}' (see 'teamspace member list')")
    return row
