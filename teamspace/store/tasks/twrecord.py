"""One Taskwarrior record ↔ one task here: what each field becomes, both ways.

Read (:func:`read_record`): description → title (verbatim: newlines, runs of blanks
and any length kept); status pending|waiting → open, completed → done, deleted → in
the trash (``end`` is when), recurring → a *template* (never listed; Taskwarrior
makes its instances); entry/modified/end → created/updated/done times; due → a date
when it is local midnight, else a moment; wait → hidden until, scheduled, until,
start → their own columns; project → the core's project (one per name in any case)
plus the spelling as written; tags as written; priority H/M/L; annotations →
comments (repeated ones too); depends → "waits for".  Everything else — UDAs of any
type, ``recur``, ``parent``, ``mask``, ``imask``, ``rtype``, a priority other than
H/M/L, a value that cannot be read — is kept as it was in the task's ``extras`` and
written back on export, so a round trip changes nothing.  ``id`` and ``urgency`` are
what Taskwarrior computes on export: not kept.  Taskwarrior's own forms are all read:
``20261128T150000Z``, the same without ``Z`` (local time), epoch seconds, ISO with an
offset; tags and depends as lists or as old comma strings.

Write (:func:`write_record`): the reverse, plus ``teamspace_*`` attributes for what
Taskwarrior has no field for (assignee, list, notes, our own repetition).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from teamspace.dates import from_text, to_text
from teamspace.errors import InvalidInput
from teamspace.store.core.record import Record
from teamspace.store.tasks.checks import (
    PRIORITIES,
    PRIORITY_NAMES,
    project_name_for,
    same_project,
    tag_problem,
)
from teamspace.store.tasks.dates import as_local, check_recur, date_text, readable
from teamspace.store.tasks.tasks import NO_DUE

TW_TIME = "%Y%m%dT%H%M%SZ"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STATUSES = ("pending", "waiting", "completed", "deleted", "recurring")
COMPUTED = ("id", "urgency")  # Taskwarrior computes them when it exports
DATE_COLUMNS = {"wait": "wait_until", "scheduled": "scheduled_at", "until": "until_at",
                "start": "started_at"}
OURS = ("teamspace_assignee", "teamspace_list", "teamspace_notes", "teamspace_recur",
        "teamspace_recur_day")
READ = {"uuid", "description", "status", "entry", "modified", "end", "due", "project",
        "tags", "priority", "annotations", "depends", *DATE_COLUMNS, *COMPUTED, *OURS}


class Skip(Exception):
    """A record that cannot be imported; the message says why."""


class Reading(Record):
    """What one record means here (see the module docstring)."""

    uuid: str
    deleted: bool
    columns: dict[str, Any]  # task columns (title, status, dates, priority…)
    project: str | None  # as written
    list_name: str | None
    assignee: str | None
    tags: list[str]
    annotations: list[tuple[str | None, str]]  # (stored time or None, text)
    depends: list[str]  # uuids
    extras: dict[str, Any]  # kept as they were, written back on export
    ignored: list[str]  # fields Taskwarrior computes (id, urgency)
    ours: list[str]  # the teamspace_* fields the record has (absent: keep what is here)


def tw_time(stored: str | datetime | None) -> str | None:
    """A stored UTC time as Taskwarrior's ``20261128T150000Z``."""
    moment = from_text(stored)
    return None if moment is None else moment.strftime(TW_TIME)


def parse_tw_time(value: Any) -> datetime:
    """A Taskwarrior date as an aware UTC datetime; ValueError if it is none.

    ``20261128T150000Z``; without ``Z`` it is local time (as Taskwarrior reads it);
    epoch seconds (``"1234567889"`` or a number); ISO 8601 with or without an offset.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()
                                         and len(value) != 8):
        return datetime.fromtimestamp(int(value), UTC)
    text = str(value).strip()
    for form, zone in ((TW_TIME, UTC), ("%Y%m%dT%H%M%S", None)):
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        return moment.replace(tzinfo=zone) if zone else moment.astimezone(UTC)
    moment = datetime.fromisoformat(text)  # raises ValueError for anything else
    return moment.astimezone(UTC)  # a naive ISO time is local, like Taskwarrior's


def due_columns(value: Any) -> dict[str, Any]:
    """A Taskwarrior due as the store's columns: local midnight means "that day"."""
    local = parse_tw_time(value).astimezone()
    if local.time() == time(0, 0):
        stored, has_time = date_text(local.date()), False
    else:
        stored, has_time = to_text(local), True
    return {"due": stored, "due_time": has_time, "due_sort": stored}


def _words(value: Any) -> list[Any]:
    """A list as given, or an old comma-separated string as its parts."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def read_record(record: Any, uuid: str) -> Reading:
    """What ``record`` means here (``uuid``: its own, or one made for it); Skip if it
    cannot be a task at all."""
    if not isinstance(record, Mapping):
        raise Skip("not a JSON object")
    description = record.get("description")
    if not isinstance(description, str) or not description.strip():
        raise Skip("it has no description")
    status = str(record.get("status") or "pending")
    if status not in STATUSES:
        raise Skip(f"its status '{status}' is not one of Taskwarrior's")
    extras: dict[str, Any] = {}
    columns: dict[str, Any] = {"title": description, "due": None, "due_time": False,
                               "due_sort": NO_DUE, "priority": 4, "recur": None,
                               "recur_day": None,
                               "done_at": None, "status": {"completed": "done",
                                                           "recurring": "template"}
                               .get(status, "open")}

    def when(key: str) -> str | None:
        if record.get(key) in (None, ""):
            return None
        try:
            return to_text(parse_tw_time(record[key]))
        except (ValueError, OverflowError, OSError):
            extras[key] = record[key]  # unreadable: kept as it was
            return None

    columns["created_at"], columns["updated_at"] = when("entry"), when("modified")
    end = when("end")
    if status == "completed":
        columns["done_at"] = end
    elif status == "deleted":
        columns["deleted_at"] = end
    elif end:
        extras["end"] = record["end"]
    for key, column in DATE_COLUMNS.items():
        columns[column] = when(key)
    if record.get("due") not in (None, ""):
        try:
            columns.update(due_columns(record["due"]))
        except (ValueError, OverflowError, OSError):
            extras["due"] = record["due"]
    priority = record.get("priority")
    if priority not in (None, ""):
        if priority in ("H", "M", "L"):
            columns["priority"] = PRIORITIES[priority.lower()]
        else:
            extras["priority"] = priority
    project = record.get("project")
    if project not in (None, "") and (not isinstance(project, str)
                                      or project_name_for(project) is None):
        extras["project"], project = project, None
    tags: list[str] = []
    for tag in _words(record.get("tags") or []):
        if isinstance(tag, str) and tag_problem(tag) is None:
            if tag not in tags:
                tags.append(tag)
        else:
            extras.setdefault("tags", []).append(tag)
    annotations: list[tuple[str | None, str]] = []
    notes = record.get("annotations") or []
    for note in notes if isinstance(notes, list) else [notes]:
        if isinstance(note, Mapping) and isinstance(note.get("description"), str) and \
                note["description"].strip():
            try:
                at = to_text(parse_tw_time(note["entry"])) if note.get("entry") else None
            except (ValueError, OverflowError, OSError):
                extras.setdefault("annotations", []).append(note)
                continue
            annotations.append((at, note["description"]))
        else:
            extras.setdefault("annotations", []).append(note)
    depends: list[str] = []
    for other in _words(record.get("depends") or []):
        text = str(other).strip().lower()
        if UUID.match(text) and text != uuid and text not in depends:
            depends.append(text)
        else:
            extras.setdefault("depends", []).append(other)
    list_name = record.get("teamspace_list")
    if list_name and not (isinstance(list_name, str) and project):
        extras["teamspace_list"], list_name = list_name, None
    if record.get("teamspace_recur"):
        try:
            columns["recur"] = check_recur(str(record["teamspace_recur"]))
        except InvalidInput:
            extras["teamspace_recur"] = record["teamspace_recur"]
    day = record.get("teamspace_recur_day")
    if columns["recur"] and columns["due"]:
        columns["recur_day"] = day if isinstance(day, int) and 1 <= day <= 31 else \
            as_local(columns["due"], columns["due_time"]).day
    elif day is not None:
        extras["teamspace_recur_day"] = day
    if "teamspace_notes" in record:
        columns["notes"] = str(record["teamspace_notes"] or "")
    for key, value in record.items():
        if key not in READ:
            extras[key] = value  # UDAs, recur, parent, mask, imask, rtype, the unknown
    return Reading(uuid=uuid, deleted=status == "deleted", columns=columns,
                   project=project, list_name=list_name or None,
                   assignee=str(record["teamspace_assignee"]).lower()
                   if record.get("teamspace_assignee") else None,
                   tags=tags, annotations=annotations, depends=depends, extras=extras,
                   ignored=[key for key in COMPUTED if key in record],
                   ours=[key for key in OURS if key in record])


def write_record(row: Mapping[str, Any], *, project: str | None, list_name: str | None,
                 tags: list[str], depends: list[str],
                 annotations: list[dict[str, str | None]]) -> dict[str, Any]:
    """The ``task import`` record of a task row (see the module docstring)."""
    import json

    extras: dict[str, Any] = json.loads(row["extras"]) if row["extras"] else {}
    if row["deleted_at"] is not None:
        status, end = "deleted", row["deleted_at"]
    elif row["status"] == "done":
        status, end = "completed", row["done_at"]
    else:
        status, end = "recurring" if row["status"] == "template" else "pending", None
    record: dict[str, Any] = {"uuid": row["uuid"], "description": row["title"],
                              "entry": tw_time(row["created_at"]),
                              "modified": tw_time(row["updated_at"]), "status": status}
    if end is not None:
        record["end"] = tw_time(end)
    if project:
        spelling = row["project_spelling"]
        record["project"] = spelling if spelling and same_project(spelling, project) \
            else project
    if tags or extras.get("tags"):
        record["tags"] = tags + list(extras.pop("tags", []))
    due = readable(str(row["due"]), bool(row["due_time"])) if row["due"] is not None \
        and row["due_sort"] != NO_DUE else None
    if due is not None:
        # A date-only due is local midnight of that date: what Taskwarrior means by one.
        try:
            record["due"] = due.astimezone(UTC).strftime(TW_TIME)
        except (ValueError, OverflowError):
            due = None
    if due is None and row["due"] is not None and row["due_sort"] != NO_DUE:
        record["teamspace_invalid_due"] = str(row["due"])  # kept, never lost
    for key, column in DATE_COLUMNS.items():
        if row[column] is not None:
            record[key] = tw_time(row[column])
    if row["priority"] in PRIORITY_NAMES:
        record["priority"] = PRIORITY_NAMES[int(row["priority"])]
    if annotations or extras.get("annotations"):
        record["annotations"] = annotations + list(extras.pop("annotations", []))
    if depends or extras.get("depends"):
        record["depends"] = depends + list(extras.pop("depends", []))
    for key, value in (("teamspace_assignee", row["assignee"]),
                       ("teamspace_list", list_name), ("teamspace_notes", row["notes"]),
                       ("teamspace_recur", row["recur"]),
                       ("teamspace_recur_day", row["recur_day"] if row["recur"] else None)):
        if value:
            record[key] = value
    for key, value in extras.items():
        record.setdefault(key, value)
    return record
