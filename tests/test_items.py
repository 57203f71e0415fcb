"""Version-checked updates, soft delete and restore on a real item table (person)."""

from __future__ import annotations

import json

import pytest

from teamspace.errors import ConflictError, NotFound
from teamspace.store.core import items, people
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


def person_id(ws: Workspace, name: str) -> int:
    return int(ws.read(lambda s: s.scalar("SELECT id FROM person WHERE username = :u",
                                          {"u": name})))


def rename(ws: Workspace, item_id: int, name: str, version: int | None) -> int:
    def body(session: Session) -> int:
        return items.update(session, "person", item_id, {"display_name": name},
                            item_type="person", version=version)
    return ws.write(body, kind="person.update")


def test_update_bumps_version_and_logs_before_after(workspace: Workspace) -> None:
    pid = person_id(workspace, "anna")
    assert rename(workspace, pid, "Anna B.", 1) == 2
    changes = workspace.read(lambda s: s.scalar(
        "SELECT changes FROM activity WHERE item_type = 'person' AND action = 'update'"))
    assert json.loads(changes) == {"display_name": [None, "Anna B."]}


def test_stale_version_is_a_conflict_naming_who(workspace: Workspace, db_path: str) -> None:
    people.add_person(workspace, "bob")
    pid = person_id(workspace, "bob")
    bob = Workspace.open(db_path, user="bob")
    assert rename(bob, pid, "Bob O.", 1) == 2
    with pytest.raises(ConflictError, match="changed by bob") as caught:
        rename(workspace, pid, "Robert", 1)
    assert caught.value.changed_by == "bob" and caught.value.exit_code == 4
    assert workspace.read(lambda s: s.scalar(
        "SELECT display_name FROM person WHERE id = :id", {"id": pid})) == "Bob O."


def test_no_change_writes_nothing(workspace: Workspace) -> None:
    pid = person_id(workspace, "anna")
    rename(workspace, pid, "A", None)
    before = workspace.read(lambda s: s.scalar("SELECT count(*) FROM activity"))
    assert rename(workspace, pid, "A", None) == 2
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM activity")) == before


def test_soft_delete_and_restore(workspace: Workspace) -> None:
    people.add_person(workspace, "carol")
    pid = person_id(workspace, "carol")
    workspace.write(lambda s: items.soft_delete(s, "person", pid, item_type="person"),
                    kind="t")
    assert [p.username for p in people.list_people(workspace)] == ["anna"]
    with pytest.raises(NotFound):
        rename(workspace, pid, "x", None)
    workspace.write(lambda s: items.restore(s, "person", pid, item_type="person"), kind="t")
    assert [p.username for p in people.list_people(workspace)] == ["anna", "carol"]
    actions = workspace.read(lambda s: [r["action"] for r in s.all(
        "SELECT action FROM activity WHERE item_id = :id AND item_type = 'person' "
        "ORDER BY id", {"id": pid})])
    assert actions == ["join", "delete", "restore"]


def test_identifiers_are_checked() -> None:
    with pytest.raises(ValueError):
        items._name("person; DROP TABLE x")
