"""The Tasks pane's sample projects and tasks for ``teamspace demo`` (fixed op ids)."""

from __future__ import annotations

from teamspace.errors import InvalidInput
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import tasks

PROJECTS = [("Website relaunch", "New site by the end of the quarter"),
            ("Offsite", "Team offsite in spring"), ("Release 2.4", "")]
# (key, author, title, days from seeding (None: no due), extra arguments)
TASKS: list[tuple[str, str, str, int | None, dict[str, object]]] = [
    ("copy", "dana", "Write the new landing page copy", -2,
     {"project": "Website relaunch", "list_name": "Content", "assignee": "anna",
      "priority": "H", "tags": ["web"]}),
    ("photos", "dana", "Pick team photos", 3,
     {"project": "Website relaunch", "list_name": "Content", "assignee": "chen"}),
    ("dns", "bob", "Move DNS to the new host", 6,
     {"project": "Website relaunch", "list_name": "Launch", "assignee": "bob",
      "priority": "M", "tags": ["ops"]}),
    ("redirects", "bob", "Set up redirects from old URLs", 7,
     {"project": "Website relaunch", "list_name": "Launch", "assignee": "bob",
      "after": ["dns"]}),
    ("venue", "dana", "Book the venue", 1,
     {"project": "Offsite", "assignee": "dana", "priority": "H"}),
    ("travel", "dana", "Book travel", 4,
     {"project": "Offsite", "assignee": "chen", "tags": ["travel"]}),
    ("agenda", "anna", "Draft the agenda", 10, {"project": "Offsite", "assignee": "anna"}),
    ("smoke", "bob", "Run the smoke tests on staging", 0,
     {"project": "Release 2.4", "assignee": "anna", "priority": "H", "tags": ["release"]}),
    ("flaky", "chen", "Fix the flaky login test", -1,
     {"project": "Release 2.4", "assignee": "chen", "tags": ["ci"]}),
    ("notes", "bob", "Release notes", 2, {"project": "Release 2.4", "after": ["smoke"]}),
    ("standup", "dana", "Weekly status report", 0,
     {"assignee": "dana", "recur": "week"}),
    ("expenses", "anna", "Submit expenses", None, {"assignee": "anna", "priority": "L"}),
]


def seed(as_user: dict[str, Workspace]) -> None:
    """Projects and tasks with owners, due dates (relative to the first seeding), lists,
    a dependency chain, a recurring task, comments and one done task."""
    from datetime import date, timedelta

    today = date.today()
    for name, description in PROJECTS:
        try:
            projects.create_project(as_user["dana"], name=name, description=description,
                                    op_id=f"demo-project-{name}")
        except InvalidInput:
            pass  # made by an earlier seeding under another op id
    ids: dict[str, int] = {}
    for key, author, title, days, extra in TASKS:
        kwargs = dict(extra)
        if "after" in kwargs:
            kwargs["after"] = [ids[str(k)] for k in kwargs["after"]]  # type: ignore[attr-defined]
        due = None if days is None else (today + timedelta(days=days)).isoformat()
        ids[key] = tasks.add_task(as_user[author], title=title, due=due,
                                  op_id=f"demo-task-{key}", **kwargs)  # type: ignore[arg-type]
    tasks.add_comment(as_user["chen"], task_id=ids["flaky"],
                      text="It only fails when the CI box is busy; adding a wait.",
                      op_id="demo-task-comment-1")
    tasks.add_comment(as_user["anna"], task_id=ids["copy"],
                      text="First draft is in the shared folder, feedback welcome.",
                      op_id="demo-task-comment-2")
    done = tasks.add_task(as_user["bob"], title="Order the new laptops", due=None,
                          project="Release 2.4", assignee="bob", op_id="demo-task-laptops")
    tasks.complete_tasks(as_user["bob"], task_ids=[done], op_id="demo-task-laptops-done")
