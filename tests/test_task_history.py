"""`task show` tells a task's history in the user's words (issue 12): dates as days,
names instead of ids, no bookkeeping columns; --json says the same with ISO times."""

from __future__ import annotations

import json

from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.tasks.history import readable_history

from support import run_cli
from tui_support import team


def history_lines(workspace: Workspace, task_id: int) -> list[str]:
    """The History section of `task show`, read through a pipe (no terminal)."""
    result = run_cli("task", "show", str(task_id), "--db", workspace.path, env={"TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return [line.strip() for line in lines[lines.index("History") + 1:]]


def test_history_speaks_the_users_language(workspace: Workspace) -> None:
    ws = team(workspace)
    projects.create_project(ws["anna"], name="Website")
    other = tasks.add_task(ws["anna"], title="Other")
    task_id = tasks.add_task(ws["anna"], title="Fix login", project="Website",
                             due="2099-12-04T15:00+00:00", tags=["web"])
    tasks.edit_task(ws["anna"], task_id=task_id, changes={"due": None})
    tasks.edit_task(ws["anna"], task_id=task_id, changes={"due": "2099-12-24"})
    tasks.edit_task(ws["bob"], task_id=task_id, changes={
        "assignee": "chen", "priority": "H", "recur": "week", "project": None,
        "tags": ["a", "b"], "after": [other], "notes": "line one\nline two"})
    tasks.add_comment(ws["chen"], task_id=task_id, text="on it")
    tasks.complete_tasks(ws["chen"], task_ids=[task_id])
    tasks.reopen_task(ws["chen"], task_id=task_id)
    lines = history_lines(ws["anna"], task_id)
    text = "\n".join(lines)
    assert "anna · created" in lines[0] and "project: Website" in lines[0]
    assert "due: Fri 4 Dec 2099 15:00" in lines[0]
    assert "due: Fri 4 Dec 2099" in lines[1] and lines[1].endswith("→ none")
    assert "due: none → Thu 24 Dec 2099" in lines[2]
    changed = lines[3]
    for words in ("assigned: nobody → chen", "priority: none → H", "repeats: never → every week",
                  "project: Website → none", "notes: none → line one line two"):
        assert words in text, (words, text)
    assert "tags: web → a, b" in text and f"waits for: none → #{other}" in text
    assert "chen · commented" in text and "“on it”" in text
    assert "chen · done" in text and "chen · reopened" in text
    for column in ("due_time", "due_sort", "project_id", "done_at", "done_by", "spawned_id",
                   "False", "True", "recur_day"):
        assert column not in text, (column, text)
    assert "bob · changed" in changed


def test_history_in_json_has_iso_times_and_field_names(workspace: Workspace) -> None:
    task_id = tasks.add_task(workspace, title="Plan", due="2099-12-04")
    tasks.edit_task(workspace, task_id=task_id, changes={"due": "2099-12-05T09:30+00:00",
                                                         "priority": "M"})
    result = run_cli("task", "show", str(task_id), "--json", "--db", workspace.path)
    shown = json.loads(result.stdout)
    created, changed = shown["history"]
    assert created["at"].endswith("Z") and "T" in created["at"]
    assert created["changes"]["due"] == [None, "2099-12-04"]
    assert changed["changes"] == {"due": ["2099-12-04", "2099-12-05T09:30:00Z"],
                                  "priority": [None, "M"]}


def test_a_timed_due_set_before_history_knew_its_kind_reads_right(workspace: Workspace) -> None:
    """The walk back from the task as it is now tells dates from times in every step."""
    task_id = tasks.add_task(workspace, title="T", due="2099-01-02T00:00+00:00")
    detail = taskquery.task_detail(workspace, task_id)
    [created] = readable_history(detail)
    assert created.changes["due"] == [None, "2099-01-02T00:00:00Z"]
