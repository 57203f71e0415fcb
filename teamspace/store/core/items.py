"""Version-checked updates, soft delete and restore, shared by every item table.

An update names the version the user saw; if someone else changed the item since, the
update changes nothing and raises :class:`ConflictError` saying who and when — never a
silent overwrite.  Every change lands in the activity log with before/after values.
Table and column names come from the calling code (checked against a pattern), never
from user input; values are always bound parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from teamspace.errors import ConflictError, NotFound
from teamspace.store.core.session import Row, Session

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_PROTECTED = frozenset({"id", "version", "created_at", "updated_at", "author", "op_id",
                        "deleted_at"})


def _name(identifier: str) -> str:
    if not _IDENTIFIER.match(identifier):
        raise ValueError(f"not a plain SQL identifier: {identifier!r}")
    return identifier


def fetch(session: Session, table: str, item_id: int, *, item_type: str,
          include_deleted: bool = False) -> Row:
    """The row ``item_id`` of ``table`` or NotFound."""
    row = session.one(f"SELECT * FROM {_name(table)} WHERE id = :id", {"id": item_id})
    if row is None or (row["deleted_at"] is not None and not include_deleted):
        raise NotFound(f"{item_type} {item_id} does not exist")
    return row


def last_change(session: Session, item_type: str, item_id: int) -> Row | None:
    """The newest activity row for an item (who changed it last, and when)."""
    return session.one(
        "SELECT actor, at, action FROM activity WHERE item_type = :t AND item_id = :id "
        "ORDER BY id DESC LIMIT 1", {"t": item_type, "id": item_id})


def conflict(session: Session, item_type: str, item_id: int, seen: int, now: int
             ) -> ConflictError:
    """The error for an edit based on an old version."""
    last = last_change(session, item_type, item_id)
    who = last["actor"] if last else "someone"
    when = str(last["at"])[:19] if last else "recently"
    return ConflictError(
        f"{item_type} {item_id} was changed by {who} at {when} UTC since you read it "
        f"(you saw version {seen}, it is now {now}); nothing was overwritten — look at it "
        "again and redo your change", changed_by=who, changed_at=when)


def update(session: Session, table: str, item_id: int, changes: Mapping[str, Any], *,
           item_type: str, version: int | None = None, action: str = "update") -> int:
    """Apply ``changes`` if the item is still at ``version`` (None: whatever it is now).

    Returns the new version.  Unchanged values are left out of the activity record; if
    nothing changes at all, nothing is written and the current version is returned.
    """
    row = fetch(session, table, item_id, item_type=item_type)
    if version is not None and row["version"] != version:
        raise conflict(session, item_type, item_id, version, int(row["version"]))
    diff = {col: [row[col], value] for col, value in changes.items()
            if _name(col) not in _PROTECTED and row[col] != value}
    if not diff:
        return int(row["version"])
    assignments = ", ".join(f"{col} = :new_{col}" for col in diff)
    params: dict[str, Any] = {f"new_{col}": pair[1] for col, pair in diff.items()}
    params.update(id=item_id, seen=row["version"], now=session.now)
    changed = session.execute(
        f"UPDATE {_name(table)} SET {assignments}, updated_at = :now, version = version + 1 "
        "WHERE id = :id AND version = :seen", params)
    if changed != 1:  # cannot happen under the workspace lock; never overwrite regardless
        raise conflict(session, item_type, item_id, int(row["version"]), -1)
    session.record(item_type, item_id, action, diff)
    return int(row["version"]) + 1


def soft_delete(session: Session, table: str, item_id: int, *, item_type: str,
                version: int | None = None) -> None:
    """Move an item to the trash (it keeps every value; ``restore`` brings it back)."""
    row = fetch(session, table, item_id, item_type=item_type)
    if version is not None and row["version"] != version:
        raise conflict(session, item_type, item_id, version, int(row["version"]))
    session.execute(
        f"UPDATE {_name(table)} SET deleted_at = :now, updated_at = :now, "
        "version = version + 1 WHERE id = :id", {"now": session.now, "id": item_id})
    session.record(item_type, item_id, "delete", {"deleted_at": [None, session.now]})


def restore(session: Session, table: str, item_id: int, *, item_type: str) -> None:
    """Take an item out of the trash."""
    row = fetch(session, table, item_id, item_type=item_type, include_deleted=True)
    if row["deleted_at"] is None:
        return
    session.execute(
        f"UPDATE {_name(table)} SET deleted_at = NULL, updated_at = :now, "
        "version = version + 1 WHERE id = :id", {"now": session.now, "id": item_id})
    session.record(item_type, item_id, "restore", {"deleted_at": [row["deleted_at"], None]})
