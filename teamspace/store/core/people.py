"""Members of the workspace: who can be @mentioned, assigned and shown by name."""

from __future__ import annotations

from teamspace.config import check_username
from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session


class Person(Record):
    """A member as shown to others."""

    username: str
    display_name: str | None
    joined_at: str

    @property
    def label(self) -> str:
        """'Anna Berg (anna)' or just 'anna'."""
        return f"{self.display_name} ({self.username})" if self.display_name else self.username


def list_people(ws: Workspace) -> list[Person]:
    """Every member, by user name."""
    rows = ws.read(lambda s: s.all(
        "SELECT username, display_name, created_at FROM person WHERE deleted_at IS NULL "
        "ORDER BY username"))
    return [Person(r["username"], r["display_name"], r["created_at"]) for r in rows]


def usernames(session: Session) -> set[str]:
    """The set of member names, inside an open unit of work."""
    return {r["username"] for r in session.all(
        "SELECT username FROM person WHERE deleted_at IS NULL")}


def add_person(ws: Workspace, username: str, display_name: str | None = None, *,
               op_id: str | None = None) -> None:
    """Add a member (idempotent) or update their display name."""
    username = check_username(username.strip().lower())
    if display_name is not None and not display_name.strip():
        raise InvalidInput("a display name cannot be empty")

    def body(session: Session) -> None:
        row = session.one("SELECT id, display_name, version FROM person WHERE username = :u",
                          {"u": username})
        if row is None:
            new_id = session.insert(
                "INSERT INTO person (created_at, updated_at, author, version, op_id, username, "
                "display_name) VALUES (:now, :now, :actor, 1, :op, :u, :name) RETURNING id",
                {"now": session.now, "actor": session.actor, "op": session.op_id,
                 "u": username, "name": display_name})
            session.record("person", new_id, "join", {"display_name": [None, display_name]})
        elif display_name is not None and row["display_name"] != display_name:
            session.execute(
                "UPDATE person SET display_name = :name, updated_at = :now, "
                "version = version + 1 WHERE id = :id",
                {"name": display_name, "now": session.now, "id": row["id"]})
            session.record("person", int(row["id"]), "update",
                           {"display_name": [row["display_name"], display_name]})

    ws.write(body, kind="person.add", op_id=op_id)
