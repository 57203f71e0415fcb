"""What the Tasks pane tells its reader about: a task someone else assigned to them, and
a comment of someone else's that @mentions them; and, per member, the newest alert they
have seen (kept in the workspace, so it follows them from machine to machine).

Read from the append-only activity log (store/core: every task change is there with
its before/after values), newest-first marks by activity id, so each check costs a
walk over the changes since the last one, not over the workspace.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from teamspace.dates import to_text, utc_now
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.tasks.query import NOT_ARCHIVED, VISIBLE

MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{0,31})")
SCAN = 500  # activity rows looked at per check (the rest on the next one)
# A member who has never seen an alert (new, or from before the mark was kept) is told
# about the last week's; older news is history, not an alert.
LOOKBACK = timedelta(days=7)
BACKLOG_SCANS = 40  # checks one catching-up read may make (20,000 task changes)


class TaskAlert(Record):
    """One thing to tell the reader."""

    TIMES = ("at",)
    activity_id: int
    task_id: int
    title: str
    actor: str
    kind: str  # assigned | mention
    text: str  # the comment (a mention), "" for an assignment
    at: str | datetime | None = None  # when it happened (stored UTC)


class Backlog(Record):
    """The alerts a member has not seen: ``mark`` is the newest activity looked at,
    ``seen`` the member's stored mark (None: never marked, the look-back applied),
    ``more`` says the catching up stopped short of the newest change."""

    mark: int
    seen: int | None
    alerts: list[TaskAlert]
    more: bool = False


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
        "SELECT a.id, a.item_id, a.actor, a.at, a.changes, t.title FROM activity a "
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
                                   row["actor"], "assigned", "", row["at"]))
        elif isinstance(comment, list) and len(comment) == 2 and \
                me in mentioned(str(comment[1] or "")):
            found.append(TaskAlert(int(row["id"]), int(row["item_id"]), row["title"],
                                   row["actor"], "mention", str(comment[1]), row["at"]))
    return last, found


def alerts(ws: Workspace, *, after: int | None) -> tuple[int, list[TaskAlert]]:
    """:func:`select_alerts` in its own unit of work."""
    return ws.read(lambda session: select_alerts(session, after=after))


def select_seen(session: Session) -> int | None:
    """The newest alert (activity id) ``session.actor`` has seen; None if never marked."""
    value = session.scalar("SELECT upto FROM task_alert_seen WHERE username = :me",
                           {"me": session.actor})
    return None if value is None else int(value)


def select_start(session: Session, since: str) -> int:
    """The activity id just before the first change at or after ``since`` (UTC text):
    alerts after it are the ones since then (walks the ``at`` index, not the log)."""
    first = session.scalar("SELECT id FROM activity WHERE at >= :since ORDER BY at, id "
                           "LIMIT 1", {"since": since})
    if first is None:
        return int(session.scalar("SELECT coalesce(max(id), 0) FROM activity"))
    return int(first) - 1


def select_catch_up(session: Session, *, after: int) -> tuple[int, list[TaskAlert], bool]:
    """Alerts after ``after`` up to the newest change, in several checks if need be
    (at most :data:`BACKLOG_SCANS`): (mark, alerts, stopped short)."""
    found: list[TaskAlert] = []
    mark = after
    # The newest change, read once: what is committed meanwhile is the next check's.
    newest = int(session.scalar("SELECT coalesce(max(id), 0) FROM activity"))
    for _ in range(BACKLOG_SCANS):
        if mark >= newest:
            break
        mark, news = select_alerts(session, after=mark)
        found.extend(news)
    return mark, found, mark < newest


def select_backlog(session: Session) -> Backlog:
    """The alerts ``session.actor`` has not seen: since their mark, or (never marked)
    those of the last :data:`LOOKBACK`."""
    seen = select_seen(session)
    after = seen if seen is not None else select_start(
        session, to_text(datetime.now().astimezone() - LOOKBACK))
    mark, found, more = select_catch_up(session, after=after)
    return Backlog(mark, seen, found, more)


def backlog(ws: Workspace) -> Backlog:
    """:func:`select_backlog` in its own unit of work."""
    return ws.read(select_backlog)


def since(ws: Workspace, *, moment: str) -> tuple[Backlog, list[TaskAlert]]:
    """(what is unseen, every alert since ``moment`` (UTC text), seen or not), in one
    unit of work."""
    def body(session: Session) -> tuple[Backlog, list[TaskAlert]]:
        unseen = select_backlog(session)
        _, found, _ = select_catch_up(session, after=select_start(session, moment))
        return unseen, found

    return ws.read(body)


@replayable
def mark_seen(ws: Workspace, *, upto: int, op_id: str | None = None) -> int:
    """The member has seen the alerts up to activity ``upto``; returns their mark.

    The mark only moves forward (a late or replayed write never takes it back), so
    sending it twice is the same as once."""
    def body(session: Session) -> int:
        before = select_seen(session)
        if before is not None and before >= upto:
            return before
        session.execute(
            "INSERT INTO task_alert_seen (username, upto, updated_at) "
            "VALUES (:me, :upto, :now) ON CONFLICT (username) DO UPDATE SET "
            "upto = excluded.upto, updated_at = excluded.updated_at",
            {"me": session.actor, "upto": max(0, upto), "now": session.now})
        # Logged as a reading (like the microblog's read marker): a member's own, not
        # work the time suggestions count, nor news for anyone else.
        session.record("read", 0, "task-alerts", {"upto": [before, max(0, upto)]})
        return max(0, upto)

    return ws.write(body, kind="task.alerts_seen", op_id=op_id)
