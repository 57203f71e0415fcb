"""``task edit ID`` without flags: the task as a small TOML form in $EDITOR.

The form is written from what the user saw (and its version); only fields whose value
changed are sent, with that version, so a colleague's edit in the meantime is a
conflict, never silently overwritten.  If the form cannot be read or the write fails,
the edited text is kept as a draft and the error says where.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from teamspace.cli.compose import from_editor, keeping_draft
from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace

HEADER = """\
# Edit task #{id} and save; close without saving (or leave it unchanged) to cancel.
# Empty strings clear a field.  due: today, fri, +3d, 2026-12-24, "2026-12-24 15:00".
# priority: H, M, L or "".  every: day, weekday, week, month, year, a day name, or "".
"""


def _toml_string(value: str) -> str:
    if "\n" in value and "'''" not in value:
        return "'''\n" + value + "'''"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def form_values(task: Any, waits: list[int]) -> dict[str, Any]:
    """The editable fields as the form shows them."""
    from teamspace.store.tasks.dates import due_input_text

    due = due_input_text(task.due, task.due_time)
    return {"title": task.title, "project": task.project or "", "list": task.list_name or "",
            "assignee": task.assignee or "", "due": due, "priority": task.priority or "",
            "tags": list(task.tags), "every": task.recur or "", "after": waits,
            "notes": task.notes}


def form_text(task_id: int, values: dict[str, Any]) -> str:
    """The form as TOML."""
    lines = [HEADER.format(id=task_id)]
    for key, value in values.items():
        if isinstance(value, list):
            shown = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        else:
            shown = _toml_string(str(value))
        lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def changed_fields(before: dict[str, Any], text: str) -> dict[str, Any]:
    """Store changes for the fields that differ between ``before`` and the edited form."""
    import tomllib

    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"the form is not valid TOML: {exc}") from None
    unknown = set(after) - set(before)
    if unknown:
        raise InvalidInput(f"the form has unknown fields: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    names = {"every": "recur"}
    for key, old in before.items():
        if key not in after or after[key] == old:
            continue
        new = after[key]
        if isinstance(old, list) != isinstance(new, list):
            raise InvalidInput(f"'{key}' must be {'a list' if isinstance(old, list) else 'text'}")
        if key == "due":
            from teamspace.store.tasks.dates import resolve_due

            new = resolve_due(str(new)) if str(new).strip() else None
        if key == "after":
            new = [int(x) for x in new]
        if key == "notes":
            new = str(new).strip("\n")
            if new == str(old).strip("\n"):
                continue
        changes[names.get(key, key)] = new if new != "" else None
    return changes


def edit_in_editor(ws: Workspace, task_id: int) -> None:
    """Open the form, then send what changed (with the version that was shown)."""
    from teamspace.cli.common import submit
    from teamspace.store.tasks import query as taskquery
    from teamspace.store.tasks import tasks

    detail = taskquery.task_detail(ws, task_id)
    if detail.task.deleted:
        raise InvalidInput(f"task {task_id} is in the trash; restore it first")
    before = form_values(detail.task, [d["id"] for d in detail.waits_for])
    original = form_text(task_id, before)
    text = from_editor(original)
    if text == original:
        typer.echo("unchanged")
        return

    def send() -> None:
        changes = changed_fields(before, text)
        if not changes:
            typer.echo("unchanged")
            return
        submit(ws, tasks.edit_task, task_id=task_id, changes=changes,
               version=detail.task.version)
        typer.echo(f"#{task_id} changed: {', '.join(sorted(changes))}")

    keeping_draft(text, True, send)
