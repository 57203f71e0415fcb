"""What the Tasks pane tells its reader about: a task someone else assigned to them, and
a comment of someone else's that @mentions them.

Read from the append-only activity log (store/core: every task change is there with
its before/after values), newest-first marks by activity id, so each check costs a
walk over the changes since the last one, not over the workspace.
"""

from __future__ import annotations

import json
import re

from teamspace.dates import utc_now
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.tasks.query import NOT_ARCHIVED, VISIBLE

MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{0,31})")
SCAN = 500  # activity rows looked at per check (the rest on the next one)


class TaskAlert(Record):
    """One thing to tell the reader."""

    activity_id: int
    task_id: int
    title: str
    actor: str
    kind: str  # assigned | mention
    text: str  # the comment (a mention), "" for an assignment


def mentioned(text: str) -> set[str]:
    """User names @mentioned in a comment, lowercased."""
    return {match.group(1).lower().rstrip(".") for match in MENTION.finditer(text)}


def select_alerts(session: Session, *, after: int | None) -> tuple[int, list[TaskAlert]]:
    """(the newest activity id looked at, alerts for ``session.actor`` after ``after``).

    ``after`` None: nothing is old enough to tell, only the mark is read (a TUI that
    opens does not replay what came before it)."""
    newest = int(session.scalar("SELECT coalesce(max(id), 0) FROM activity"))
    if after is None or after >= newest:
        return newest, []
    me = session.actor

    rows = session.all(
        "SELECT a.id, a.item_id, a.actor, a.action, a.changes, t.title FROM activity a "
        "JOIN task t ON t.id = a.item_id WHERE a.id > :after AND a.item_type = 'task' "
        "AND a.actor <> :me AND a.action IN ('create', 'update', 'comment') "
        f"AND t.deleted_at IS NULL AND {VISIBLE} AND {NOT_ARCHIVED} "
        "ORDER BY a.id LIMIT :scan",
        {"after": after, "me": me, "scan": SCAN, "now": utc_now()})
    last = int(rows[-1]["id"]) if len(rows) == SCAN else newest
    found = []
    for row in rows:
        changes = json.loads(row["changes"])
        assignee = changes.get("assignee")
        comment = changes.get("comment")
        if isinstance(assignee, list) and len(assignee) == 2 and assignee[1] == me:
            found.append(TaskAlert(int(row["id"]), int(row["item_id"]), row["title"],
                                   row["actor"], "assigned", ""))
        elif isinstance(comment, list) and len(comment) == 2 and \
                me in mentioned(str(comment[1] or "")):
            found.append(TaskAlert(int(row["id"]), int(row["item_id"]), row["title"],
                                   row["actor"], "mention", str(comment[1])))
    return last, found


def alerts(ws: Workspace, *, after: int | None) -> tuple[int, list[TaskAlert]]:
    """:func:`select_alerts` in its own unit of work."""
    return ws.read(lambda session: select_alerts(session, after=after))
