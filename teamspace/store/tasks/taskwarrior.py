"""Taskwarrior interop: read ``task export`` JSON, write JSON that ``task import`` takes.

What each field becomes is in store/tasks/twrecord.py.  The Taskwarrior ``uuid`` is
the task's uuid here, so importing the same export again updates instead of
duplicating; a record without one gets a uuid made from its contents (importing that
file again finds it).  A re-import mirrors the file: fields, tags, dependencies and
the trash follow it (a task deleted here comes back if the file has it pending);
annotations missing here are added (comments made here are never removed).  A record
that changes nothing writes nothing: no new version, no history.

The summary says what happened, truthfully: added / updated / unchanged, how many are
in the trash as Taskwarrior has them, the fields kept as extras (written back on
export), the fields not kept (Taskwarrior computes them) and each skipped record with
the reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session, placeholders
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks.checks import project_name_for
from teamspace.store.tasks.tasks import insert_comment, insert_task, replace_tags
from teamspace.store.tasks.twrecord import UUID, Reading, Skip, read_record, tw_time, write_record

# Uuids made for records without one: uuid5 of the record's JSON in this namespace.
NAMESPACE = "6f1d7a52-2b1e-4c39-9d4e-3c0a2a7d5e10"
COLUMNS = ("title", "notes", "status", "due", "due_time", "due_sort", "priority", "recur",
           "done_at", "done_by", "created_at", "deleted_at", "wait_until", "scheduled_at",
           "until_at", "started_at", "project_id", "project_spelling", "list_id", "assignee",
           "extras", "recur_day")


def made_uuid(record: Mapping[str, Any], seen: Counter[str]) -> str:
    """The uuid for a record that has none: the same record always gets the same one
    (the second identical record in a file, another one: Taskwarrior makes two tasks)."""
    import uuid

    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    seen[text] += 1
    if seen[text] > 1:
        text += f"\n{seen[text]}"
    return str(uuid.uuid5(uuid.UUID(NAMESPACE), text))


def _project(session: Session, spelling: str | None) -> tuple[int | None, str | None]:
    """(project id, spelling to keep) for a project as the record writes it."""
    if not spelling:
        return None, None
    name = project_name_for(spelling)
    assert name is not None  # read_record keeps unusable names as extras
    try:
        row = projects.find(session, name)
    except NotFound:
        return projects.insert_project(session, name), None if name == spelling else spelling
    return int(row["id"]), None if row["name"] == spelling else spelling


def _wanted(session: Session, reading: Reading, members: set[str],
            row: Row | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(task columns, extras) that ``reading`` asks for; the project is created if new.

    A teamspace_* field the record lacks leaves what is here (a Taskwarrior user never
    sees assignee, list, notes or our repetition, so the file has no say about them).
    """
    columns = dict(reading.columns)
    extras = dict(reading.extras)
    columns["project_id"], columns["project_spelling"] = _project(session, reading.project)
    if reading.list_name and columns["project_id"] is not None:
        columns["list_id"] = task_projects.ensure_list(session, columns["project_id"],
                                                       reading.list_name)
    elif "teamspace_list" in reading.ours or row is None or \
            row["project_id"] != columns["project_id"]:
        columns["list_id"] = None  # a list belongs to its project
    if reading.assignee in members:
        columns["assignee"] = reading.assignee
    elif reading.assignee:
        columns["assignee"] = None
        extras["teamspace_assignee"] = reading.assignee  # not a member here: kept
    elif "teamspace_assignee" in reading.ours or row is None:
        columns["assignee"] = None
    if row is not None:
        if "teamspace_notes" not in reading.ours:
            columns.pop("notes", None)
        if "teamspace_recur" not in reading.ours:
            columns.pop("recur", None)
            columns.pop("recur_day", None)
    if row is None:
        columns.setdefault("notes", "")
    done_before = row if row is not None and row["status"] == "done" else None
    if columns["status"] != "done":
        columns["done_by"] = None
    elif done_before is not None:  # done here already: by whom and when stays
        columns["done_by"] = done_before["done_by"]
        columns["done_at"] = columns["done_at"] or done_before["done_at"]
    else:
        columns["done_by"] = session.actor
        columns["done_at"] = columns["done_at"] or session.now
    if not reading.deleted:
        columns["deleted_at"] = None
    elif columns.get("deleted_at") is None:  # deleted, no time given: keep ours or now
        kept = row["deleted_at"] if row is not None else None
        columns["deleted_at"] = kept if kept is not None else session.now
    if columns["created_at"] is None:
        columns.pop("created_at")
    return columns, extras


def _update(session: Session, row: Row, columns: Mapping[str, Any]) -> bool:
    """Set the columns that differ, also on a task in the trash; record the change.
    (The version and time are bumped once per task, by :func:`_touch`.)"""
    diff = {col: [row[col], columns[col]] for col in COLUMNS
            if col in columns and row[col] != columns[col]}
    if not diff:
        return False
    assignments = ", ".join(f"{col} = :new_{col}" for col in diff)
    session.execute(f"UPDATE task SET {assignments} WHERE id = :id",
                    {**{f"new_{col}": pair[1] for col, pair in diff.items()},
                     "id": row["id"]})
    session.record("task", int(row["id"]), "import", diff)
    return True


def _touch(session: Session, task_id: int, modified: str | None) -> None:
    """A new version of a changed task; its time is the file's when that is newer than
    ours (so exporting it again gives Taskwarrior back its own 'modified')."""
    row = session.one("SELECT updated_at FROM task WHERE id = :id", {"id": task_id})
    assert row is not None
    stamp = modified if modified and modified > str(row["updated_at"]) else session.now
    session.execute("UPDATE task SET version = version + 1, updated_at = :at WHERE id = :id",
                    {"at": stamp, "id": task_id})


def _set_tags(session: Session, task_id: int, tags: list[str]) -> bool:
    """Tags as the file has them (a new order alone is no change)."""
    old = replace_tags(session, task_id, tags)
    if set(old) == set(tags):
        return False
    session.record("task", task_id, "tag", {"tags": [old, tags]})
    return True


def _add_annotations(session: Session, task_id: int,
                     annotations: list[tuple[str | None, str]]) -> bool:
    """Add the annotations this task lacks, matched by time and text (the same text
    twice stays twice); one without a time matches any comment with its text."""
    have = Counter((tw_time(r["created_at"]), r["text"]) for r in session.all(
        "SELECT created_at, text FROM task_comment WHERE task_id = :t AND "
        "deleted_at IS NULL", {"t": task_id}))
    texts = Counter(text for (_, text), n in have.items() for _ in range(n))
    added = False
    for at, text in annotations:
        key = (tw_time(at), text)
        if at is not None and have[key] > 0:
            have[key] -= 1
            texts[text] -= 1
        elif at is None and texts[text] > 0:
            texts[text] -= 1
        elif text.strip():
            insert_comment(session, task_id, text, created_at=at)
            added = True
    return added


def _set_depends(session: Session, task_id: int, wanted: list[int]) -> bool:
    """What the task waits for, exactly as the file says (removed ones go)."""
    old = sorted(int(r["depends_on"]) for r in session.all(
        "SELECT depends_on FROM task_dependency WHERE task_id = :t", {"t": task_id}))
    new = sorted(set(wanted))
    if old == new:
        return False
    session.execute("DELETE FROM task_dependency WHERE task_id = :t", {"t": task_id})
    session.many("INSERT INTO task_dependency (task_id, depends_on) VALUES (:t, :d)",
                 [{"t": task_id, "d": other} for other in new])
    session.record("task", task_id, "depend", {"after": [old, new]})
    return True


def _read_all(records: Sequence[Any], summary: dict[str, Any]) -> list[Reading]:
    """Each record's reading, the last one per uuid; skipped ones noted with why."""
    found: dict[str, tuple[int, Reading]] = {}
    seen: Counter[str] = Counter()
    for number, record in enumerate(records, 1):
        try:
            if not isinstance(record, Mapping):
                raise Skip("not a JSON object")
            uuid = str(record.get("uuid") or "").strip().lower()
            if record.get("uuid") and not UUID.match(uuid):
                raise Skip(f"'{record.get('uuid')}' is not a uuid")
            reading = read_record(record, uuid or made_uuid(record, seen))
            summary["made_uuids"] += not uuid
        except Skip as why:
            summary["skipped"].append({"record": number, "why": str(why)})
            continue
        if reading.uuid in found:
            summary["skipped"].append({"record": found[reading.uuid][0], "why":
                                       f"record {number} has the same uuid and counts"})
        found[reading.uuid] = (number, reading)
    summary["skipped"].sort(key=lambda skipped: skipped["record"])
    readings = [reading for _, reading in found.values()]
    for reading in readings:
        for key in reading.ignored:
            summary["ignored"][key] = summary["ignored"].get(key, 0) + 1
    return readings


@replayable
def import_taskwarrior(ws: Workspace, *, records: Sequence[Any],
                       op_id: str | None = None) -> dict[str, Any]:
    """Import ``task export`` records, all in one transaction; see the module docstring.

    Returns ``added``, ``updated``, ``unchanged``, ``deleted`` (of those, in the trash as
    in the file), ``templates``, ``extras`` {field: tasks}, ``ignored`` {field: tasks},
    ``made_uuids``, ``skipped`` [{record, why}] and ``ids``.
    """
    if not isinstance(records, list):
        raise InvalidInput("Taskwarrior JSON must be a list of task objects "
                           "(what 'task export' prints)")

    def body(session: Session) -> dict[str, Any]:
        from teamspace.store.core.people import usernames

        summary: dict[str, Any] = {"added": 0, "updated": 0, "unchanged": 0, "deleted": 0,
                                   "templates": 0, "extras": {}, "ignored": {},
                                   "made_uuids": 0, "skipped": []}
        readings = _read_all(records, summary)
        members = usernames(session) | {session.actor}
        wanted = sorted({u for reading in readings for u in reading.depends})
        marks, wanted_params = placeholders("u", wanted)
        here = {r["uuid"] for r in session.all(
            f"SELECT uuid FROM task WHERE uuid IN ({marks})", wanted_params)} | \
            {reading.uuid for reading in readings}
        ids: dict[str, int] = {}
        state: dict[str, str] = {}
        for reading in readings:
            row = session.one("SELECT * FROM task WHERE uuid = :u", {"u": reading.uuid})
            columns, extras = _wanted(session, reading, members, row)
            missing = [u for u in reading.depends if u not in here]
            if missing:  # on a task neither here nor in the file: kept to write back
                extras["depends"] = list(extras.get("depends", [])) + missing
            for key in extras:
                summary["extras"][key] = summary["extras"].get(key, 0) + 1
            columns["extras"] = json.dumps(extras, sort_keys=True, ensure_ascii=False) \
                if extras else None
            if row is None:
                task_id = insert_task(session, columns, tags=reading.tags, uuid=reading.uuid)
                _add_annotations(session, task_id, reading.annotations)
                state[reading.uuid] = "added"
            else:
                task_id = int(row["id"])
                touched = _update(session, row, columns)
                touched = _set_tags(session, task_id, reading.tags) or touched
                touched = _add_annotations(session, task_id, reading.annotations) or touched
                state[reading.uuid] = "updated" if touched else "unchanged"
            ids[reading.uuid] = task_id
        by_uuid = {r["uuid"]: int(r["id"]) for r in session.all(
            f"SELECT uuid, id FROM task WHERE uuid IN ({marks})", wanted_params)}
        for reading in readings:
            others = [by_uuid[u] for u in reading.depends if u in by_uuid]
            if _set_depends(session, ids[reading.uuid], others) and \
                    state[reading.uuid] == "unchanged":
                state[reading.uuid] = "updated"  # a dependency added or removed is a change
            if state[reading.uuid] == "updated":
                _touch(session, ids[reading.uuid], reading.columns["updated_at"])
            summary[state[reading.uuid]] += 1
            summary["deleted"] += reading.deleted
            summary["templates"] += reading.columns["status"] == "template"
        return {**summary, "ids": sorted(ids.values())}

    return ws.write(body, kind="task.import", op_id=op_id)


def export_taskwarrior(ws: Workspace, *, include_done: bool = True,
                       project: str | None = None) -> list[dict[str, Any]]:
    """Every task (or a project's) as ``task import`` JSON records: the trash and
    Taskwarrior's recurrence templates too (``include_done`` False: open tasks only)."""
    def body(session: Session) -> list[dict[str, Any]]:
        where, params = ["1 = 1"], {}
        if not include_done:
            where.append("t.status IN ('open', 'template') AND t.deleted_at IS NULL")
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
        return [write_record(r, project=r["project_name"], list_name=r["list_name"],
                             tags=tags.get(int(r["id"]), []),
                             depends=depends.get(int(r["id"]), []),
                             annotations=notes.get(int(r["id"]), [])) for r in rows]

    return ws.read(body)
