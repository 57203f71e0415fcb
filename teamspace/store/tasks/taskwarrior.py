"""Taskwarrior interop: read ``task export`` JSON, write JSON that ``task import`` takes.

Mapping (both ways): description ↔ title, project ↔ project (created on import),
tags, due, priority H/M/L, status pending|waiting ↔ open, completed ↔ done (``end`` ↔
done time), deleted ↔ in the trash, annotations ↔ comments, depends ↔ "waits for",
entry ↔ created.  The Taskwarrior ``uuid`` is the task's uuid here, so importing the
same export again updates instead of duplicating.  What Taskwarrior has no field for
(assignee, list, notes, repetition) travels as ``teamspace_*`` attributes, which
Taskwarrior keeps as orphaned user-defined attributes and exports again.  Recurring
*templates* (status "recurring") are skipped: their pending instances carry the task.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time
from typing import Any

from teamspace.dates import from_text, to_text
from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core import items, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session, placeholders
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks.dates import check_recur
from teamspace.store.tasks.tasks import (
    NO_DUE,
    PRIORITY_NAMES,
    _columns,
    _set_after,
    _set_tags,
    check_tags,
    insert_comment,
    insert_task,
)

TW_TIME = "%Y%m%dT%H%M%SZ"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TW_RECUR = {"daily": "day", "day": "day", "weekdays": "weekday", "weekly": "week",
            "week": "week", "monthly": "month", "month": "month", "yearly": "year",
            "annual": "year", "year": "year"}
OURS_TO_TW_RECUR = {"day": "daily", "weekday": "weekdays", "week": "weekly",
                    "month": "monthly", "year": "yearly"}


def tw_time(stored: str | None) -> str | None:
    """A stored UTC time as Taskwarrior's ``20261128T150000Z``."""
    moment = from_text(stored)
    return None if moment is None else moment.strftime(TW_TIME)


def parse_tw_time(value: Any) -> datetime:
    """Taskwarrior's ``20261128T150000Z`` (or ISO) as an aware UTC datetime."""
    text = str(value)
    try:
        return datetime.strptime(text, TW_TIME).replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a Taskwarrior date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _due_value(value: Any) -> str | None:
    """A Taskwarrior due as the store's absolute value: local midnight means a date."""
    if not value:
        return None
    local = parse_tw_time(value).astimezone()
    if local.time() == time(0, 0):
        return local.date().isoformat()
    return local.isoformat(timespec="seconds")


def _depends(value: Any) -> list[str]:
    if not value:
        return []
    found = value if isinstance(value, list) else str(value).split(",")
    return [str(u).strip().lower() for u in found if UUID.match(str(u).strip().lower())]


def _fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The editable fields a Taskwarrior record sets."""
    fields: dict[str, Any] = {"title": record.get("description") or "(untitled)",
                              "due": _due_value(record.get("due")),
                              "priority": record.get("priority") or None}
    recur = record.get("teamspace_recur") or TW_RECUR.get(str(record.get("recur", "")))
    try:
        fields["recur"] = check_recur(recur) if recur else None
    except InvalidInput:
        fields["recur"] = None  # a Taskwarrior period we cannot repeat: keep the task
    for ours, key in (("assignee", "teamspace_assignee"), ("notes", "teamspace_notes")):
        if key in record:
            fields[ours] = record[key] or None
    return fields


def _project_id(session: Session, name: Any) -> int | None:
    if not name:
        return None
    try:
        return int(projects.find(session, str(name))["id"])
    except NotFound:
        return projects.insert_project(session, str(name))


@replayable
def import_taskwarrior(ws: Workspace, *, records: Sequence[Mapping[str, Any]],
                       op_id: str | None = None) -> dict[str, Any]:
    """Import ``task export`` records (all in one transaction); re-importing updates.

    Returns counts ``added``, ``updated``, ``unchanged``, ``skipped`` and the ``ids``.
    """
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InvalidInput("Taskwarrior JSON must be a list of task objects "
                           "(what 'task export' prints)")

    def body(session: Session) -> dict[str, Any]:
        from teamspace.store.core.people import usernames

        counts = {"added": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        members = usernames(session) | {session.actor}
        by_uuid: dict[str, int] = {}
        pending_deps: list[tuple[int, list[str]]] = []
        for record in records:
            status = str(record.get("status", "pending"))
            uuid = str(record.get("uuid", "")).lower()
            if status == "recurring" or not UUID.match(uuid):
                counts["skipped"] += 1
                continue
            fields = _fields(record)
            if fields.get("assignee") and str(fields["assignee"]).lower() not in members:
                fields.pop("assignee")  # not a member here: import the task unassigned
            columns = _columns(session, fields, None)
            columns["project_id"] = _project_id(session, record.get("project"))
            list_name = record.get("teamspace_list")
            if list_name and columns["project_id"] is not None:
                columns["list_id"] = task_projects.ensure_list(session, columns["project_id"],
                                                          str(list_name))
            done = status == "completed"
            columns.update(status="done" if done else "open",
                           done_at=to_text(parse_tw_time(record["end"]))
                           if done and record.get("end") else session.now if done else None,
                           done_by=session.actor if done else None)
            tags = check_tags([str(t) for t in record.get("tags") or []])
            existing = session.one("SELECT * FROM task WHERE uuid = :u", {"u": uuid})
            if existing is None:
                if record.get("entry"):
                    columns["created_at"] = to_text(parse_tw_time(record["entry"]))
                task_id = insert_task(session, columns, tags=tags, uuid=uuid)
                counts["added"] += 1
            else:
                task_id = int(existing["id"])
                if "list_id" not in columns and existing["project_id"] != \
                        columns["project_id"]:
                    columns["list_id"] = None  # a list belongs to its project
                for keep in ("assignee", "notes"):
                    if keep not in fields:
                        columns.pop(keep, None)
                if done and existing["status"] == "done":
                    columns.pop("done_at", None)
                    columns.pop("done_by", None)
                before = int(existing["version"])
                changed = items.update(session, "task", task_id, columns, item_type="task",
                                       action="import") != before
                if existing["deleted_at"] is not None and status != "deleted":
                    items.restore(session, "task", task_id, item_type="task")
                    changed = True
                if _set_tags(session, task_id, tags) != tags:
                    changed = True
                counts["updated" if changed else "unchanged"] += 1
            if status == "deleted":
                row = session.one("SELECT deleted_at FROM task WHERE id = :id", {"id": task_id})
                if row is not None and row["deleted_at"] is None:
                    items.soft_delete(session, "task", task_id, item_type="task")
            known = {(r["text"]) for r in session.all(
                "SELECT text FROM task_comment WHERE task_id = :t", {"t": task_id})}
            for note in record.get("annotations") or []:
                text = str(note.get("description", "")).strip()
                if text and text not in known:
                    at = to_text(parse_tw_time(note["entry"])) if note.get("entry") else None
                    insert_comment(session, task_id, text, created_at=at)
                    known.add(text)
            by_uuid[uuid] = task_id
            pending_deps.append((task_id, _depends(record.get("depends"))))
        for task_id, uuids in pending_deps:
            if not uuids:
                continue
            marks, params = placeholders("u", uuids)
            ids = [int(r["id"]) for r in session.all(
                f"SELECT id FROM task WHERE uuid IN ({marks})", params)]
            old = [int(r["depends_on"]) for r in session.all(
                "SELECT depends_on FROM task_dependency WHERE task_id = :t", {"t": task_id})]
            _set_after(session, task_id, sorted(set(old) | set(ids)))
        return {**counts, "ids": sorted(by_uuid.values())}

    return ws.write(body, kind="task.import", op_id=op_id)


def export_taskwarrior(ws: Workspace, *, include_done: bool = True,
                       project: str | None = None) -> list[dict[str, Any]]:
    """Every task (or a project's) as ``task import`` JSON records."""
    def body(session: Session) -> list[dict[str, Any]]:
        where, params = ["t.deleted_at IS NULL"], {}
        if not include_done:
            where.append("t.status = 'open'")
        if project:
            where.append("t.project_id = :p")
            params["p"] = int(projects.find(session, project)["id"])
        rows = session.all(
            "SELECT t.*, p.name AS project_name, l.name AS list_name FROM task t "
            "LEFT JOIN project p ON p.id = t.project_id LEFT JOIN task_list l ON "
            f"l.id = t.list_id WHERE {' AND '.join(where)} ORDER BY t.id", params)
        tags: dict[int, list[str]] = {}
        for r in session.all("SELECT task_id, tag FROM task_tag ORDER BY id"):
            tags.setdefault(int(r["task_id"]), []).append(r["tag"])
        depends: dict[int, list[str]] = {}
        join = session.dialect.ordered_join
        for r in session.all(f"SELECT d.task_id, t.uuid FROM task_dependency d {join} task t "
                             "ON t.id = d.depends_on ORDER BY d.depends_on"):
            depends.setdefault(int(r["task_id"]), []).append(r["uuid"])
        notes: dict[int, list[dict[str, str | None]]] = {}
        for r in session.all("SELECT task_id, created_at, text FROM task_comment WHERE "
                             "deleted_at IS NULL ORDER BY id"):
            notes.setdefault(int(r["task_id"]), []).append(
                {"entry": tw_time(r["created_at"]), "description": r["text"]})
        return [_record(r, tags, depends, notes) for r in rows]

    return ws.read(body)


def _record(r: Mapping[str, Any], tags: dict[int, list[str]], depends: dict[int, list[str]],
            notes: dict[int, list[dict[str, str | None]]]) -> dict[str, Any]:
    from teamspace.store.tasks.dates import as_local

    tid = int(r["id"])
    record: dict[str, Any] = {
        "uuid": r["uuid"], "description": r["title"], "entry": tw_time(r["created_at"]),
        "modified": tw_time(r["updated_at"]),
        "status": "completed" if r["status"] == "done" else "pending"}
    if r["status"] == "done" and r["done_at"]:
        record["end"] = tw_time(r["done_at"])
    if r["project_name"]:
        record["project"] = r["project_name"]
    if tags.get(tid):
        record["tags"] = tags[tid]
    if r["due"] is not None and r["due_sort"] != NO_DUE:
        # A date-only due is local midnight, which is what Taskwarrior means by a date.
        record["due"] = as_local(str(r["due"]), bool(r["due_time"])).astimezone(UTC) \
            .strftime(TW_TIME)
    if r["priority"] in PRIORITY_NAMES:
        record["priority"] = PRIORITY_NAMES[int(r["priority"])]
    if notes.get(tid):
        record["annotations"] = notes[tid]
    if depends.get(tid):
        record["depends"] = depends[tid]
    for key, value in (("teamspace_assignee", r["assignee"]),
                       ("teamspace_list", r["list_name"]), ("teamspace_notes", r["notes"]),
                       ("teamspace_recur", r["recur"])):
        if value:
            record[key] = value
    return record
