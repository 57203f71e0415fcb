"""Meetings (Meetin.gs): a note made from a template — when, who, agenda, decisions,
action items — and ``promote``, which turns its open action items into tasks.

Tasks are made through the core registry (``tasks.create``, offered by the Tasks pane),
never by importing that pane.  Each item's task is created with an operation id made
from the note and the item's text, so promoting again — or a retry after a failure
half way — finds the task already made instead of making a second one; the item's
line then gains ``(task #N)`` in one save of the note (store/notes/actions.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from teamspace.errors import InvalidInput, TeamspaceError, Unavailable
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.notes import actions
from teamspace.store.notes.access import fetch_note


def template(title: str, *, when: str = "", attendees: Sequence[str] = (),
             agenda: Sequence[str] = ()) -> str:
    """The Markdown body of a new meeting note."""
    lines = [f"# {' '.join(title.split())}", ""]
    if when:
        lines.append(f"**When:** {when}  ")
    if attendees:
        lines.append("**With:** " + ", ".join(f"@{name}" for name in attendees))
    lines += ["", "## Agenda", ""]
    lines += [f"1. {item}" for item in agenda] or ["1. "]
    lines += ["", "## Notes", "", "## Decisions", "", "- ", "", "## Action items", "",
              "<!-- one per line: - [ ] @name what to do due:fri -->", ""]
    return "\n".join(lines)


def check_attendees(names: Sequence[str]) -> list[str]:
    """Member names from ``anna,bob`` style lists (lowercased, without '@')."""
    from teamspace.config import check_username

    found: list[str] = []
    for raw in names:
        for name in raw.replace(",", " ").split():
            name = check_username(name.strip().lower().lstrip("@"))
            if name not in found:
                found.append(name)
    return found


def resolve_due(text: str, today: str | None = None) -> str:
    """An item's ``due:fri`` as an absolute ISO date or moment (relative to ``today``,
    the promoter's local date, so a queued promote means the same day when replayed)."""
    from datetime import date, datetime, time

    from teamspace.dates import local_now, parse_due

    now = local_now()
    if today:
        now = datetime.combine(date.fromisoformat(today), now.timetz())
    moment = parse_due(text.replace("_", " "), now)
    has_time = ":" in text or moment.time() != time(0, 0)
    return moment.isoformat(timespec="minutes") if has_time else moment.date().isoformat()


def _task_op(note_uid: str, item: actions.ActionItem, occurrence: int) -> str:
    seed = f"{note_uid}\x00{item.text}\x00{occurrence}".encode()
    return "promote-" + hashlib.sha256(seed).hexdigest()[:32]


@replayable
def promote(ws: Workspace, *, note_id: int, project: str | None = None,
            today: str | None = None, op_id: str | None = None) -> list[dict[str, Any]]:
    """Make a task of every open, unlinked action item of a note; returns per item
    ``line``, ``text``, ``task`` and ``created`` (False: it was linked or done already),
    and ``error`` for an item that could not become a task (the others still do)."""
    from teamspace.store.core.registry import provided
    from teamspace.store.notes.notes import save_note

    create = provided("tasks.create")
    if create is None:
        raise InvalidInput("no pane in this version can make tasks, so action items "
                           "cannot be promoted")

    def read(session: Session) -> dict[str, Any]:
        row = fetch_note(session, note_id)
        default = None
        if row["notebook_project"] is not None:
            default = session.scalar("SELECT name FROM project WHERE id = :p",
                                     {"p": row["notebook_project"]})
        return {"uid": row["uid"], "body": row["body"], "revision": int(row["revision"]),
                "title": row["title"], "project": default}

    note = ws.read(read)
    results: list[dict[str, Any]] = []
    links: dict[int, int] = {}
    seen: dict[str, int] = {}
    for item in actions.parse(note["body"]):
        occurrence = seen[item.text] = seen.get(item.text, 0) + 1
        if item.task_id is not None or item.checked:
            results.append({"line": item.line, "text": item.text, "task": item.task_id,
                            "created": False})
            continue
        try:
            due = resolve_due(item.due, today) if item.due else None
            task_id = int(create(ws, title=item.text, assignee=item.assignee, due=due,
                                 project=project or note["project"],
                                 notes=f"From note #{note_id}: {note['title']}",
                                 op_id=_task_op(note["uid"], item, occurrence)))
        except Unavailable:
            raise
        except TeamspaceError as exc:  # one bad item (unknown @name…) spoils no other
            results.append({"line": item.line, "text": item.text, "task": None,
                            "created": False, "error": exc.message})
            continue
        links[item.line] = task_id
        results.append({"line": item.line, "text": item.text, "task": task_id,
                        "created": True})
    if links:
        save_note(ws, note_id=note_id, body=actions.link(note["body"], links),
                  base_revision=note["revision"], op_id=op_id)
    return results
