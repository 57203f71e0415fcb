"""Task writes: add, edit (title, notes, project/list, assignee, due, priority, tags,
recurrence, dependencies), done/undo, comment, delete/restore.

Every writer takes keyword-only, JSON-friendly arguments and an ``op_id`` and is
replayable (the outbox can run it again by name; the operation id makes a repeat a
no-op).  Due dates arrive absolute (``2026-12-24`` or an ISO moment): the CLI and the
TUI resolve "fri" before calling, so a replay tomorrow still means the same Friday.
Edits name the version the user saw; a concurrent change raises ConflictError.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from teamspace.errors import InvalidInput
from teamspace.store.core import items, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks.checks import (
    NO_PRIORITY,
    check_priority,
    check_tags,
    check_text,
    check_title,
    tag_key,
)
from teamspace.store.tasks.dates import check_due, check_recur, due_day, first_due, next_due

NO_DUE = "9999-12-31 23:59:59.999999"  # same as schema.tasks.NO_DUE (no ORM import here)
EDITABLE = ("title", "notes", "project", "list", "assignee", "due", "priority", "recur",
            "tags", "after")


def new_uuid() -> str:
    """A random (version 4) UUID as text, without importing the uuid module."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def fetch_task(session: Session, task_id: int, *, include_deleted: bool = False) -> Row:
    """The task row or NotFound."""
    return items.fetch(session, "task", task_id, item_type="task",
                       include_deleted=include_deleted)


def _member(session: Session, name: str | None) -> str | None:
    from teamspace.store.core.people import usernames

    if name is None or name.strip().lower().lstrip("@") in ("", "nobody", "none", "-"):
        return None
    name = name.strip().lower().lstrip("@")
    known = usernames(session) | {session.actor}
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = (f" (did you mean {close[0]}?)" if close else
                f"; add them with 'teamspace member add {name}'")
        raise InvalidInput(f"unknown user '{name}'{hint}")
    return name


def _columns(session: Session, fields: Mapping[str, Any], row: Row | None) -> dict[str, Any]:
    """Column values for the given editable fields (``row``: the task being edited)."""
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = check_title(str(fields["title"] or ""))
    if "notes" in fields:
        out["notes"] = check_text(str(fields["notes"] or ""), "notes")
    project_id = row["project_id"] if row is not None else None
    if "project" in fields:
        name = fields["project"]
        project_id = int(projects.find(session, name, include_archived=False)["id"]) \
            if name else None
        out["project_id"] = project_id
        out["project_spelling"] = None  # a spelling kept from an import no longer holds
        if project_id != (row["project_id"] if row is not None else None):
            out["list_id"] = None  # a list belongs to one project
    if fields.get("list"):
        if project_id is None:
            raise InvalidInput("a list lives inside a project: give --project too")
        out["list_id"] = task_projects.ensure_list(session, project_id, str(fields["list"]))
    elif "list" in fields:
        out["list_id"] = None
    if "assignee" in fields:
        out["assignee"] = _member(session, fields["assignee"])
    if "due" in fields:
        due, due_time = check_due(fields["due"])
        out.update(due=due, due_time=due_time, due_sort=due or NO_DUE)
    if "priority" in fields:
        out["priority"] = check_priority(fields["priority"])
    if "recur" in fields:
        out["recur"] = check_recur(fields["recur"])
    if "due" in fields or "recur" in fields:  # a series starts on its due's day
        recur = out["recur"] if "recur" in out else row["recur"] if row is not None else None
        due = out["due"] if "due" in out else row["due"] if row is not None else None
        due_time = out["due_time"] if "due" in out else bool(row and row["due_time"])
        out["recur_day"] = due_day(str(due), due_time).day if recur and due else None
    return out


def replace_tags(session: Session, task_id: int, tags: list[str]) -> list[str]:
    """Replace a task's tags (nothing is written if only their order differs); return
    the old ones."""
    old = [r["tag"] for r in session.all("SELECT tag FROM task_tag WHERE task_id = :t "
                                         "ORDER BY id", {"t": task_id})]
    if set(old) != set(tags):
        session.execute("DELETE FROM task_tag WHERE task_id = :t", {"t": task_id})
        session.many("INSERT INTO task_tag (task_id, tag, key) VALUES (:t, :g, :k)",
                     [{"t": task_id, "g": tag, "k": tag_key(tag)} for tag in tags])
    return old


def _set_after(session: Session, task_id: int, after: Sequence[int]) -> list[int]:
    """Make the task wait for ``after`` (replacing what it waited for); return the old."""
    wanted = sorted({int(other) for other in after})
    for other in wanted:
        if other == task_id:
            raise InvalidInput(f"task {task_id} cannot wait for itself")
        fetch_task(session, other)
        # Refuse a cycle: nothing ``other`` (transitively) waits for may be this task.
        seen, frontier = set(), [other]
        while frontier:
            current = frontier.pop()
            if current == task_id:
                raise InvalidInput(f"task {other} already waits for task {task_id} "
                                   "(directly or through others): that would be a cycle")
            if current not in seen:
                seen.add(current)
                frontier += [int(r["depends_on"]) for r in session.all(
                    "SELECT depends_on FROM task_dependency WHERE task_id = :t",
                    {"t": current})]
    old = [int(r["depends_on"]) for r in session.all(
        "SELECT depends_on FROM task_dependency WHERE task_id = :t ORDER BY depends_on",
        {"t": task_id})]
    if old != wanted:
        session.execute("DELETE FROM task_dependency WHERE task_id = :t", {"t": task_id})
        session.many("INSERT INTO task_dependency (task_id, depends_on) VALUES (:t, :d)",
                     [{"t": task_id, "d": other} for other in wanted])
    return old


INSERT_TASK = (
    "INSERT INTO task (created_at, updated_at, author, version, op_id, uuid, title, notes, "
    "project_id, list_id, assignee, due, due_time, due_sort, priority, status, done_at, "
    "done_by, recur, deleted_at, wait_until, scheduled_at, until_at, started_at, "
    "project_spelling, extras, recur_day) VALUES (:created_at, :updated_at, :actor, 1, "
    ":op, :uuid, :title, :notes, :project_id, :list_id, :assignee, :due, :due_time, :due_sort, "
    ":priority, :status, :done_at, :done_by, :recur, :deleted_at, :wait_until, "
    ":scheduled_at, :until_at, :started_at, :project_spelling, :extras, :recur_day) "
    "RETURNING id")


def insert_task(session: Session, columns: Mapping[str, Any], *, tags: Sequence[str] = (),
                uuid: str | None = None) -> int:
    """Insert a task row from checked column values (inside a write); returns its id.

    Times not given (created_at, updated_at) are now; an import passes its own.
    """
    values: dict[str, Any] = {
        "title": "", "notes": "", "project_id": None, "list_id": None, "assignee": None,
        "due": None, "due_time": False, "due_sort": NO_DUE, "priority": NO_PRIORITY,
        "status": "open", "done_at": None, "done_by": None, "recur": None,
        "deleted_at": None, "wait_until": None, "scheduled_at": None, "until_at": None,
        "started_at": None, "project_spelling": None, "extras": None, "recur_day": None}
    values.update(columns)
    values["created_at"] = values.get("created_at") or session.now
    values["updated_at"] = values.get("updated_at") or session.now
    values.update(actor=session.actor, op=session.op_id, uuid=uuid or new_uuid())
    task_id = session.insert(INSERT_TASK, values)
    replace_tags(session, task_id, list(tags))
    created = {"title": [None, values["title"]], "assignee": [None, values["assignee"]],
               "due": [None, values["due"]]}
    # Where it was filed and how it repeats, when given (history tells them by name).
    created.update({column: [None, values[column]] for column in ("project_id", "list_id",
                                                                   "recur")
                    if values[column] is not None})
    session.record("task", task_id, "create", created)
    return task_id


@replayable
def add_task(ws: Workspace, *, title: str, project: str | None = None,
             list_name: str | None = None, assignee: str | None = None,
             due: str | None = None, priority: str | None = None,
             tags: Sequence[str] = (), notes: str = "", recur: str | None = None,
             after: Sequence[int] = (), op_id: str | None = None) -> int:
    """Add a task; returns its id.  A recurring task without a due date is due today
    (or on the named day)."""
    fields: dict[str, Any] = {"title": title, "notes": notes, "project": project,
                              "list": list_name, "assignee": assignee, "due": due,
                              "priority": priority, "recur": recur}
    tag_list = check_tags(tags)

    def body(session: Session) -> int:
        columns = _columns(session, fields, None)
        if columns["recur"] and columns["due"] is None:
            from teamspace.dates import local_now

            due_value, _ = check_due(first_due(columns["recur"], local_now().date()))
            columns.update(due=due_value, due_time=False, due_sort=due_value,
                           recur_day=due_day(str(due_value), False).day)
        task_id = insert_task(session, columns, tags=tag_list)
        if after:
            _set_after(session, task_id, after)
        return task_id

    return ws.write(body, kind="task.add", op_id=op_id)


@replayable
def edit_task(ws: Workspace, *, task_id: int, changes: Mapping[str, Any],
              version: int | None = None, after_seen: Sequence[int] | None = None,
              op_id: str | None = None) -> int:
    """Change any of EDITABLE (a value of None/"" clears it); returns the new version.

    ``version`` is the one the user saw: if the task changed since, nothing is written
    and ConflictError says who changed it.  ``after_seen``: the tasks it waits for that
    the editor showed (the open ones); a new ``after`` replaces only those, so waiting
    for a task already done is never dropped by an editor that did not show it.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))} of a task")

    def body(session: Session) -> int:
        row = fetch_task(session, task_id)
        if version is not None and row["version"] != version:
            raise items.conflict(session, "task", task_id, version, int(row["version"]))
        columns = _columns(session, changes, row)
        new_version = items.update(session, "task", task_id, columns, item_type="task")
        touched = False
        if "tags" in changes:
            tags = check_tags(changes["tags"] or [])
            old = replace_tags(session, task_id, tags)
            if set(old) != set(tags):
                session.record("task", task_id, "tag", {"tags": [old, tags]})
                touched = True
        if "after" in changes:
            wanted = sorted({int(x) for x in changes["after"] or []})
            if after_seen is not None:
                unseen = {int(r["depends_on"]) for r in session.all(
                    "SELECT depends_on FROM task_dependency WHERE task_id = :t",
                    {"t": task_id})} - {int(x) for x in after_seen}
                wanted = sorted(set(wanted) | unseen)
            old_after = _set_after(session, task_id, wanted)
            if old_after != wanted:
                session.record("task", task_id, "depend", {"after": [old_after, wanted]})
                touched = True
        if touched and new_version == row["version"]:
            # Tags and dependencies live in other tables; still a change to the task.
            session.execute("UPDATE task SET version = version + 1, updated_at = :now "
                            "WHERE id = :id", {"now": session.now, "id": task_id})
            new_version += 1
        return new_version

    return ws.write(body, kind="task.edit", op_id=op_id)


def _spawn_next(session: Session, row: Row) -> int:
    """Create the next occurrence of a recurring task that was just done."""
    from teamspace.store.tasks.dates import date_text

    due = row["due"]
    if due is None:
        from teamspace.dates import local_now

        due = date_text(local_now().date())
    following = next_due(str(due), bool(row["due_time"]), str(row["recur"]),
                         anchor=row["recur_day"])
    tags = [r["tag"] for r in session.all("SELECT tag FROM task_tag WHERE task_id = :t "
                                          "ORDER BY id", {"t": row["id"]})]
    columns = {key: row[key] for key in ("title", "notes", "project_id", "list_id",
                                         "assignee", "due_time", "priority", "recur",
                                         "recur_day", "project_spelling", "extras")}
    columns.update(due=following, due_sort=following)
    return insert_task(session, columns, tags=tags)


@replayable
def complete_tasks(ws: Workspace, *, task_ids: Sequence[int],
                   op_id: str | None = None) -> list[dict[str, Any]]:
    """Tick tasks off (all or none); a recurring one brings its next occurrence.

    Returns per task: ``id``, ``already`` (it was done), ``next_id`` (the new
    occurrence) and ``waited_for`` (tasks it waits for that are still open).
    """
    def body(session: Session) -> list[dict[str, Any]]:
        results = []
        join = session.dialect.ordered_join
        for task_id in dict.fromkeys(int(t) for t in task_ids):
            row = fetch_task(session, task_id)
            result: dict[str, Any] = {"id": task_id, "already": row["status"] == "done",
                                      "next_id": None, "waited_for": []}
            if row["status"] == "template":
                raise InvalidInput(f"task {task_id} is a Taskwarrior recurrence template: "
                                   "tick off its occurrences instead")
            if row["status"] != "done":
                # Done means no longer being worked on (Taskwarrior stops it too).
                changes: dict[str, Any] = {"status": "done", "done_at": session.now,
                                           "done_by": session.actor, "started_at": None}
                if row["recur"]:
                    changes["spawned_id"] = result["next_id"] = _spawn_next(session, row)
                items.update(session, "task", task_id, changes, item_type="task",
                             action="done")
                result["waited_for"] = [int(r["id"]) for r in session.all(
                    f"SELECT t.id FROM task_dependency d {join} task t ON t.id = d.depends_on "
                    "WHERE d.task_id = :t AND t.status = 'open' AND t.deleted_at IS NULL "
                    "ORDER BY t.id", {"t": task_id})]
            results.append(result)
        return results

    return ws.write(body, kind="task.done", op_id=op_id)


@replayable
def reopen_task(ws: Workspace, *, task_id: int, op_id: str | None = None) -> dict[str, Any]:
    """Undo 'done'.  The next occurrence it spawned goes to the trash if nobody touched
    it yet.  Returns ``id``, ``reopened`` and ``removed_next``."""
    def body(session: Session) -> dict[str, Any]:
        row = fetch_task(session, task_id)
        if row["status"] != "done":
            return {"id": task_id, "reopened": False, "removed_next": None}
        removed = None
        spawned = row["spawned_id"]
        if spawned is not None:
            nxt = session.one("SELECT version, status, deleted_at FROM task WHERE id = :id",
                              {"id": spawned})
            if nxt and nxt["version"] == 1 and nxt["status"] == "open" and \
                    nxt["deleted_at"] is None:
                items.soft_delete(session, "task", int(spawned), item_type="task")
                removed = int(spawned)
        items.update(session, "task", task_id, {"status": "open", "done_at": None,
                                                "done_by": None, "spawned_id": None},
                     item_type="task", action="reopen")
        return {"id": task_id, "reopened": True, "removed_next": removed}

    return ws.write(body, kind="task.reopen", op_id=op_id)


@replayable
def add_comment(ws: Workspace, *, task_id: int, text: str, op_id: str | None = None) -> int:
    """Comment on a task; returns the comment's id."""
    text = check_text(text)
    if not text:
        raise InvalidInput("a comment cannot be empty")

    def body(session: Session) -> int:
        fetch_task(session, task_id)
        comment_id = insert_comment(session, task_id, text)
        return comment_id

    return ws.write(body, kind="task.comment", op_id=op_id)


def insert_comment(session: Session, task_id: int, text: str,
                   created_at: str | None = None) -> int:
    """Add a comment row inside a write (``created_at``: keep an imported time)."""
    comment_id = session.insert(
        "INSERT INTO task_comment (created_at, updated_at, author, version, op_id, task_id, "
        "text) VALUES (:at, :now, :actor, 1, :op, :t, :text) RETURNING id",
        {"at": created_at or session.now, "now": session.now, "actor": session.actor,
         "op": session.op_id, "t": task_id, "text": text})
    session.record("task", task_id, "comment", {"comment": [None, text]})
    return comment_id


@replayable
def delete_task(ws: Workspace, *, task_id: int, op_id: str | None = None) -> None:
    """Move a task to the trash ('restore' brings it back with everything it had)."""
    ws.write(lambda s: items.soft_delete(s, "task", task_id, item_type="task"),
             kind="task.delete", op_id=op_id)


@replayable
def restore_task(ws: Workspace, *, task_id: int, op_id: str | None = None) -> None:
    """Take a task out of the trash."""
    def body(session: Session) -> None:
        row = fetch_task(session, task_id, include_deleted=True)
        if row["deleted_at"] is None:
            raise InvalidInput(f"task {task_id} is not in the trash")
        items.restore(session, "task", task_id, item_type="task")

    ws.write(body, kind="task.restore", op_id=op_id)
