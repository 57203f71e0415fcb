"""Sample data for ``teamspace demo``: a small team with some history to explore.

Every write uses a fixed operation id, so seeding again adds nothing twice.
"""

from __future__ import annotations

from teamspace.store import groups, people, posts, projects, tasks
from teamspace.store.connection import Workspace
from teamspace.store.errors import InvalidInput

TEAM = [
    ("anna", "Anna Berg"),
    ("bob", "Bob Okafor"),
    ("chen", "Chen Wei"),
    ("dana", "Dana Ruiz"),
]
# (key, author, text, extra arguments); "reply_to" names an earlier key.
POSTS: list[tuple[str, str, str, dict[str, object]]] = [
    ("hello", "dana", "Welcome to our teamspace! Quick quiet messages here instead of "
     "shoulder taps. Try 'teamspace --help' in another terminal.", {}),
    ("deploy", "bob", "Deployed 2.3.1 to staging #release — @anna can you run the smoke "
     "tests before lunch?", {}),
    ("deploy-1", "anna", "On it, will report back here.", {"reply_to": "deploy"}),
    ("deploy-2", "chen", "Found a flaky test in the login suite, fixing it now #ci",
     {"reply_to": "deploy"}),
    ("standup", "chen", "Standup notes: API pagination done, starting on the export. "
     "Blocked on the design review #standup", {"group": "dev"}),
    ("lunch", "dana", "Anyone up for the new ramen place at 12:30?", {"group": "random"}),
    ("private", "bob", "Can we talk about the Q4 plan tomorrow? Not urgent.",
     {"to": ["anna"]}),
    ("budget", "dana", "Budget for the offsite is approved 🎉 details to follow. "
     "@bob @chen please book travel by Friday", {}),
]


def seed(ws: Workspace) -> None:
    """Create the demo workspace if needed and fill it (idempotent)."""
    ws.create()
    if ws.get_meta("name") is None:
        ws.set_meta("name", "Demo team")
    for username, name in TEAM:
        people.add_person(ws, username, name, op_id=f"demo-person-{username}")
    as_user = {name: Workspace.open(ws.path, user=name) for name, _ in TEAM}
    for name, closed in (("dev", False), ("random", False)):
        try:
            groups.create_group(as_user["dana"], name=name, closed=closed,
                                op_id=f"demo-group-{name}")
        except InvalidInput:
            pass  # made by an earlier seeding under another op id
    for username, _ in TEAM:
        groups.join_group(as_user[username], name="dev", op_id=f"demo-join-dev-{username}")
    ids: dict[str, int] = {}
    for key, author, text, extra in POSTS:
        kwargs = dict(extra)
        if "reply_to" in kwargs:
            kwargs["reply_to"] = ids[str(kwargs["reply_to"])]
        ids[key] = posts.create_post(as_user[author], text=text, op_id=f"demo-post-{key}",
                                     **kwargs)  # type: ignore[arg-type]
    posts.react(as_user["chen"], post_id=ids["budget"], emoji="tada", op_id="demo-react-1")
    posts.react(as_user["anna"], post_id=ids["budget"], emoji="+1", op_id="demo-react-2")
    seed_tasks(as_user)


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


def seed_tasks(as_user: dict[str, Workspace]) -> None:
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
