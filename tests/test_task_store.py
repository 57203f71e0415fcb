"""Tasks in the store, on real workspace files: filters, sorting, edits and conflicts,
recurrence, dependencies, comments/history, trash, idempotent writes, the overview."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from teamspace.errors import ConflictError, InvalidInput, NotFound
from teamspace.store.core import people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.tasks.dates import (
    check_recur,
    date_text,
    is_overdue,
    next_due,
    resolve_due,
)

PAST, FUTURE = "2000-01-03", "2099-01-05"

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def team(workspace: Workspace) -> dict[str, Workspace]:
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    projects.create_project(workspace, name="Website")
    projects.create_project(workspace, name="Offsite")
    return {"anna": workspace, "bob": Workspace.open(workspace.path, user="bob")}


def titles(found: list[taskquery.TaskView]) -> list[str]:
    return [t.title for t in found]


def test_add_and_list_with_every_filter(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    tasks.add_task(ws, title="late", due=PAST, assignee="bob", project="website", tags=["web"])
    tasks.add_task(ws, title="soon", due=FUTURE, assignee="anna", priority="H")
    tasks.add_task(ws, title="undated", project="Offsite", priority="L", tags=["#Travel"])
    tasks.add_task(ws, title="timed", due="2099-01-04T09:30+00:00", priority="M")
    assert titles(taskquery.list_tasks(ws)) == ["late", "timed", "soon", "undated"]
    assert titles(taskquery.list_tasks(ws, sort="priority")) == ["soon", "timed", "undated",
                                                                 "late"]
    assert titles(taskquery.list_tasks(ws, sort="created")) == ["late", "soon", "undated",
                                                                "timed"]
    assert titles(taskquery.list_tasks(ws, assignee="anna")) == ["soon"]
    assert titles(taskquery.list_tasks(ws, assignee="@BOB")) == ["late"]
    assert titles(taskquery.list_tasks(ws, project="WEBSITE")) == ["late"]
    assert titles(taskquery.list_tasks(ws, tag="travel")) == ["undated"]
    assert titles(taskquery.list_tasks(ws, overdue=True)) == ["late"]
    assert titles(taskquery.list_tasks(ws, due_before="2099-01-05")) == ["late", "timed"]
    assert titles(taskquery.list_tasks(ws, text="TIM")) == ["timed"]
    [late] = taskquery.list_tasks(ws, overdue=True)
    assert late.overdue and late.project == "Website" and late.tags == ["web"]
    assert late.priority is None and late.due == date_text(date(2000, 1, 3))


def test_bad_input_is_refused_with_a_clear_message(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    with pytest.raises(InvalidInput, match="unknown user 'bobb' \\(did you mean bob\\?\\)"):
        tasks.add_task(ws, title="x", assignee="bobb")
    with pytest.raises(NotFound, match="did you mean 'Website'"):
        tasks.add_task(ws, title="x", project="Websit")
    with pytest.raises(InvalidInput, match="priority 'Z'"):
        tasks.add_task(ws, title="x", priority="Z")
    with pytest.raises(InvalidInput, match="needs a title"):
        tasks.add_task(ws, title="   ")
    with pytest.raises(InvalidInput, match="a list lives inside a project"):
        tasks.add_task(ws, title="x", list_name="Bugs")
    with pytest.raises(InvalidInput, match="cannot read the date"):
        resolve_due("someday")
    assert taskquery.list_tasks(ws) == []


def test_lists_are_made_on_first_use_and_archived_projects_drop_out(
        team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    first = tasks.add_task(ws, title="a", project="Website", list_name="Bugs")
    tasks.add_task(ws, title="b", project="website", list_name="bugs")
    [site, _] = [p for p in task_projects.list_projects(ws) if p.name == "Website"] + [None]
    assert site is not None and site.lists == ["Bugs"] and site.open == 2
    projects.archive_project(ws, name="website")
    assert taskquery.list_tasks(ws) == []
    assert len(taskquery.list_tasks(ws, project="Website")) == 2
    with pytest.raises(NotFound, match="archived"):
        tasks.add_task(ws, title="c", project="Website")
    projects.archive_project(ws, name="Website", archived=False)
    projects.rename_project(ws, name="website", new_name="Site")
    assert taskquery.get_task(ws, first).project == "Site"
    with pytest.raises(InvalidInput, match="exists already"):
        projects.create_project(ws, name="OFFSITE")


def test_edit_conflict_never_overwrites(team: dict[str, Workspace]) -> None:
    anna, bob = team["anna"], team["bob"]
    task_id = tasks.add_task(anna, title="draft")
    seen = taskquery.get_task(anna, task_id).version
    tasks.edit_task(bob, task_id=task_id, changes={"title": "bob's title"}, version=seen)
    with pytest.raises(ConflictError, match="changed by bob"):
        tasks.edit_task(anna, task_id=task_id, changes={"title": "anna's"}, version=seen)
    assert taskquery.get_task(anna, task_id).title == "bob's title"
    version = tasks.edit_task(anna, task_id=task_id, changes={"tags": ["a", "b"]})
    assert version == seen + 2  # tags alone still bump the version
    tasks.edit_task(anna, task_id=task_id, changes={"assignee": "chen", "due": "2099-02-01",
                                                    "project": "Offsite", "list": "Food"})
    task = taskquery.get_task(anna, task_id)
    assert (task.assignee, task.project, task.list_name) == ("chen", "Offsite", "Food")
    tasks.edit_task(anna, task_id=task_id, changes={"project": "Website"})
    assert taskquery.get_task(anna, task_id).list_name is None  # lists stay in their project
    with pytest.raises(InvalidInput, match="cannot edit"):
        tasks.edit_task(anna, task_id=task_id, changes={"author": "x"})


def test_done_undo_and_recurrence(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    weekly = tasks.add_task(ws, title="report", due=FUTURE, recur="week", tags=["ops"],
                            assignee="bob")
    [result] = tasks.complete_tasks(ws, task_ids=[weekly])
    following = taskquery.get_task(ws, result["next_id"])
    assert following.due == date_text(date(2099, 1, 12))
    assert (following.title, following.tags, following.assignee, following.recur) == \
        ("report", ["ops"], "bob", "week")
    assert tasks.complete_tasks(ws, task_ids=[weekly])[0]["already"]
    undone = tasks.reopen_task(ws, task_id=weekly)
    assert undone == {"id": weekly, "reopened": True, "removed_next": following.id}
    assert titles(taskquery.list_tasks(ws)) == ["report"]
    assert taskquery.list_tasks(ws, status="done") == []


def test_recurring_without_due_starts_today_and_never_piles_up() -> None:
    today = date(2026, 11, 27)  # a Friday
    assert next_due(date_text(date(2026, 1, 31)), False, "month", today) == \
        date_text(date(2026, 11, 30))
    assert next_due(date_text(date(2026, 1, 31)), False, "month", date(2026, 1, 1)) == \
        date_text(date(2026, 2, 28))
    assert next_due(date_text(today), False, "weekday", today) == date_text(date(2026, 11, 30))
    assert next_due(date_text(today), False, "mon", today) == date_text(date(2026, 11, 30))
    assert next_due(date_text(date(2024, 2, 29)), False, "year", date(2024, 3, 1)) == \
        date_text(date(2025, 2, 28))
    assert check_recur("every Friday") == "fri" and check_recur("weekly") == "week"
    with pytest.raises(InvalidInput, match="cannot repeat"):
        check_recur("fortnightly")


def test_due_dates_and_times(team: dict[str, Workspace]) -> None:
    now = datetime(2026, 11, 27, 10, 0).astimezone()
    assert resolve_due("fri", now) == "2026-12-04"
    assert resolve_due("+3d", now) == "2026-11-30"
    assert resolve_due("tomorrow 15:00", now).startswith("2026-11-28T15:00")
    today = date_text(date.today())
    assert not is_overdue(today, False)  # due today is not late until the day is over
    assert is_overdue(date_text(date.today() - timedelta(days=1)), False)


def test_dependencies_show_what_a_task_waits_for(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    first = tasks.add_task(ws, title="design")
    second = tasks.add_task(ws, title="build", after=[first])
    assert taskquery.get_task(ws, second).waits_for == [first]
    with pytest.raises(InvalidInput, match="cycle"):
        tasks.edit_task(ws, task_id=first, changes={"after": [second]})
    with pytest.raises(InvalidInput, match="itself"):
        tasks.edit_task(ws, task_id=first, changes={"after": [first]})
    [result] = tasks.complete_tasks(ws, task_ids=[second])
    assert result["waited_for"] == [first]
    tasks.complete_tasks(ws, task_ids=[first])
    detail = taskquery.task_detail(ws, second)
    assert detail.task.waits_for == [] and detail.waits_for[0]["status"] == "done"
    assert taskquery.task_detail(ws, first).blocks[0]["id"] == second


def test_an_editor_that_shows_open_dependencies_keeps_the_done_ones(
        team: dict[str, Workspace]) -> None:
    """The TUI form lists the open tasks a task waits for; saving it must not drop the
    ones already done (they are still what it waited for: Taskwarrior keeps them)."""
    ws = team["anna"]
    done, open_one, new = (tasks.add_task(ws, title=t) for t in ("ship", "test", "docs"))
    task = tasks.add_task(ws, title="announce", after=[done, open_one])
    tasks.complete_tasks(ws, task_ids=[done])
    shown = taskquery.get_task(ws, task).waits_for
    assert shown == [open_one]
    tasks.edit_task(ws, task_id=task, changes={"after": [new]}, after_seen=shown)
    waits = [w["id"] for w in taskquery.task_detail(ws, task).waits_for]
    assert sorted(waits) == sorted([done, new])
    tasks.edit_task(ws, task_id=task, changes={"after": []})  # no after_seen: replaces all
    assert taskquery.task_detail(ws, task).waits_for == []


def test_comments_history_trash_and_restore(team: dict[str, Workspace]) -> None:
    anna, bob = team["anna"], team["bob"]
    task_id = tasks.add_task(anna, title="plan", notes="first notes")
    tasks.add_comment(bob, task_id=task_id, text="looks good")
    tasks.edit_task(bob, task_id=task_id, changes={"priority": "H"})
    tasks.delete_task(anna, task_id=task_id)
    assert taskquery.list_tasks(anna) == [] and titles(taskquery.trash(anna)) == ["plan"]
    with pytest.raises(NotFound):
        tasks.complete_tasks(anna, task_ids=[task_id])
    tasks.restore_task(anna, task_id=task_id)
    detail = taskquery.task_detail(anna, task_id)
    assert [c["text"] for c in detail.comments] == ["looks good"]
    assert [(h["actor"], h["action"]) for h in detail.history] == [
        ("anna", "create"), ("bob", "comment"), ("bob", "update"), ("anna", "delete"),
        ("anna", "restore")]
    assert detail.history[2]["changes"] == {"priority": [4, 1]}


def test_a_repeated_operation_id_is_a_no_op(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    first = tasks.add_task(ws, title="once", op_id="op-1")
    assert tasks.add_task(ws, title="once", op_id="op-1") == first
    tasks.complete_tasks(ws, task_ids=[first], op_id="op-2")
    assert tasks.complete_tasks(ws, task_ids=[first], op_id="op-2")[0]["already"] is False
    assert len(taskquery.list_tasks(ws, status="all")) == 1


def test_people_overview_and_project_counts(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    tasks.add_task(ws, title="late", assignee="bob", due=PAST, project="Website")
    tasks.add_task(ws, title="later", assignee="bob", due=FUTURE)
    tasks.add_task(ws, title="nobody's", due=PAST)
    loads = {load.username: load for load in taskquery.people_overview(ws)}
    assert set(loads) == {"anna", "bob", "chen"}
    bob = loads["bob"]
    assert (bob.open, bob.overdue) == (2, 1)
    assert {k: titles(v) for k, v in bob.projects.items()} == {
        "Website": ["late"], "(no project)": ["later"]}
    assert loads["chen"].open == 0 and loads["chen"].projects == {}
    site = next(p for p in task_projects.list_projects(ws) if p.name == "Website")
    assert (site.open, site.overdue, site.done) == (1, 1, 0)
    assert task_projects.unfiled_counts(ws) == (2, 1)


def test_another_panes_people_facts_reach_the_overview(team: dict[str, Workspace],
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """A pane declares per-person facts in store/<key>/people.py (found by the core's
    registry); the Tasks pane shows them without importing that pane."""
    import importlib.machinery
    import sys
    import types

    from teamspace.panes import PaneInfo, built
    from teamspace.store.core import registry

    module = types.ModuleType("teamspace.store.timing.people")
    module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)

    def facts(session: object, names: list[str]) -> dict[str, dict[str, object]]:
        assert "bob" in names and hasattr(session, "all")  # the overview's own unit
        return {"bob": {"timer": "acme 0:25"}}

    module.facts = facts  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(registry, "built", lambda: [*built(), PaneInfo("timing", "T", "")])
    loads = {load.username: load for load in taskquery.people_overview(team["anna"])}
    assert loads["bob"].extras == {"timer": "acme 0:25"} and loads["anna"].extras == {}


def test_month_view_places_tasks_on_days(team: dict[str, Workspace]) -> None:
    ws = team["anna"]
    tasks.add_task(ws, title="a", due="2099-01-05")
    tasks.add_task(ws, title="b", due="2099-01-05")
    tasks.add_task(ws, title="c", due="2099-01-31")
    tasks.add_task(ws, title="outside", due="2099-02-01")
    days = taskquery.month_tasks(ws, 2099, 1)
    assert {day: titles(found) for day, found in days.items()} == {
        "2099-01-05": ["a", "b"], "2099-01-31": ["c"]}


def test_other_panes_reach_tasks_through_capabilities(team: dict[str, Workspace]) -> None:
    from teamspace.store.core import registry

    create = registry.provided("tasks.create")
    states = registry.provided("tasks.states")
    assert create is tasks.add_task and states is not None
    assert registry.provided("no.such.capability") is None
    first = create(team["anna"], title="from a note", assignee="bob")
    tasks.complete_tasks(team["anna"], task_ids=[first])
    found = team["anna"].read(lambda s: states(s, [first, 999]))
    assert found == {first: {"title": "from a note", "status": "done", "assignee": "bob",
                             "deleted": False}}
