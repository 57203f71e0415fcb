"""A task's history in the words of its fields, for people (``task show``, the TUI's
detail) and for scripts (``--json``).

The activity log keeps column values as they were written (``due_time: 1 → False``,
``project_id: 3``, ``priority: 4``); here each step becomes field → (before, after)
with plain values: names for ids, H/M/L for priorities, dates as ``2026-12-04`` and
moments as ISO 8601 UTC.  Columns that only keep the books (sort keys, who ticked it
off, the next occurrence's id…) are left out.  Whether a due had a time of day is
worked out by walking back from the task as it is now, so every step reads right
even where the log only recorded the due itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from teamspace.dates import from_text, iso_utc
from teamspace.store.core.record import Record
from teamspace.store.tasks.checks import PRIORITY_NAMES
from teamspace.text import one_line

if TYPE_CHECKING:
    from teamspace.store.tasks.query import TaskDetail

# Columns that keep the books: what they say is told by the action or another field.
BOOKKEEPING = frozenset({
    "due_sort", "due_time", "done_at", "done_by", "spawned_id", "key", "recur_day",
    "project_spelling", "extras", "deleted_at", "created_at", "updated_at", "version",
    "uuid", "op_id", "author"})
# Column in the log → field people know.
FIELDS = {"project_id": "project", "list_id": "list", "after": "waits_for"}
MOMENTS = ("wait_until", "scheduled_at", "until_at", "started_at")
LABELS = {"assignee": "assigned", "recur": "repeats", "waits_for": "waits for",
          "wait_until": "hidden until", "scheduled_at": "scheduled", "until_at": "until",
          "started_at": "started"}
EMPTY = {"assignee": "nobody", "recur": "never"}
ACTIONS = {"create": "created", "update": "changed", "tag": "changed", "depend": "changed",
           "comment": "commented", "reopen": "reopened", "delete": "deleted",
           "restore": "restored", "import": "imported"}


class Step(Record):
    """One change to a task: who, when, and field → [before, after] in plain values."""

    TIMES = ("at",)
    at: str  # stored UTC text
    actor: str
    action: str  # as logged: create, update, tag, depend, comment, done, reopen…
    changes: dict[str, list[Any]]

    @property
    def verb(self) -> str:
        """The action as people say it: 'created', 'changed', 'commented'…"""
        return ACTIONS.get(self.action, self.action)

    def text(self, width: int = 90) -> str:
        """The changes on one line: 'due: Fri 4 Dec 15:00 → none; assigned: bob'."""
        return one_line("; ".join(change_text(self.action, field, pair)
                                  for field, pair in self.changes.items()), width)


def readable_history(detail: TaskDetail) -> list[Step]:
    """The detail's history, oldest first, each step in field words."""
    names = detail.names
    due_time = detail.task.due_time
    steps: list[Step] = []
    for entry in reversed(detail.history):  # newest first: the task now is the anchor
        raw: dict[str, Any] = entry["changes"]
        after_timed = due_time
        if isinstance(raw.get("due_time"), list):
            before_timed, after_timed = (bool(v) for v in raw["due_time"])
            due_time = before_timed
        changes: dict[str, list[Any]] = {}
        for column, pair in raw.items():
            if column in BOOKKEEPING or not isinstance(pair, list) or len(pair) != 2:
                continue
            if column == "status" and entry["action"] in ("done", "reopen"):
                continue  # the action says it
            field = FIELDS.get(column, column)
            before, after = pair
            if column == "due":
                value = [_due(before, due_time), _due(after, after_timed)]
            else:
                value = [_plain(column, before, names), _plain(column, after, names)]
            if value[0] != value[1] or column == "comment":
                changes[field] = value
        steps.append(Step(str(entry["at"]), str(entry["actor"]), str(entry["action"]),
                          changes))
    return steps[::-1]


def _due(stored: Any, timed: bool) -> str | None:
    if stored in (None, ""):
        return None
    if timed:
        return iso_utc(str(stored))
    return str(stored)[:10]


def _plain(column: str, value: Any, names: dict[str, dict[int, str]]) -> Any:
    if value is None or value == "":
        return None
    if column in ("project_id", "list_id"):
        kind = "project" if column == "project_id" else "list"
        return names.get(kind, {}).get(int(value), f"{kind} {value}")
    if column == "priority":
        return PRIORITY_NAMES.get(int(value))
    if column in MOMENTS:
        return iso_utc(str(value))
    if column in ("tags", "after"):
        return list(value) or None
    return value


def change_text(action: str, field: str, pair: list[Any]) -> str:
    """One change as people say it: 'due: Fri 4 Dec 15:00 → none'."""
    label = LABELS.get(field, field)
    if field == "comment":
        return f"“{one_line(str(pair[1] or ''), 60)}”"
    before, after = (value_text(field, value) for value in pair)
    if action == "create" or (action == "import" and pair[0] is None):
        return f"{label}: {after}"
    return f"{label}: {before} → {after}"


def value_text(field: str, value: Any) -> str:
    """A plain value of ``field`` as words: days for dates, '#12' for tasks."""
    if value is None:
        return EMPTY.get(field, "none")
    if field == "recur":
        return f"every {value}"
    if field == "waits_for":
        return ", ".join(f"#{other}" for other in value)
    if field == "tags":
        return ", ".join(one_line(str(tag), 50) for tag in value)
    if field == "due" or field in MOMENTS:
        return day_text(str(value))
    return one_line(str(value), 40)


def day_text(value: str, today: date | None = None) -> str:
    """A date ('2026-12-04') or an ISO UTC moment as the reader's day: 'Fri 4 Dec',
    'Fri 4 Dec 15:00', with the year when it is not this one."""
    today = today or date.today()
    if len(value) == 10:
        moment = datetime.fromisoformat(value)
        clock = ""
    else:
        found = from_text(value.removesuffix("Z"))
        assert found is not None
        moment = found.astimezone()
        clock = f" {moment:%H:%M}"
    year = "" if moment.year == today.year else f" {moment.year}"
    return f"{moment:%a} {moment.day} {moment:%b}{year}{clock}"
