"""Taskwarrior import, one promise at a time (issue 11): never refuse what Taskwarrior
accepts, keep what it keeps, mirror the file on re-import, and say truthfully what
happened.  Records are small and written here; the real files are in
tests/test_task_roundtrip.py."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.tasks.taskwarrior import export_taskwarrior, import_taskwarrior

A, B, C = (f"{n}{n}{n}{n}{n}{n}{n}{n}-{n}{n}{n}{n}-4{n}{n}{n}-8{n}{n}{n}-{n * 12}"
           for n in "abc")


def record(uuid: str, description: str = "a task", **fields: Any) -> dict[str, Any]:
    return {"uuid": uuid, "description": description, "status": "pending",
            "entry": "20260101T100000Z", "modified": "20260102T100000Z", **fields}


def by_uuid(ws: Workspace) -> dict[str, taskquery.TaskView]:
    return {t.uuid: t for t in ws.read(lambda s: taskquery.views(s, s.all(
        "SELECT * FROM task ORDER BY id")))}


def activity(ws: Workspace) -> int:
    return int(ws.read(lambda s: s.scalar("SELECT count(*) FROM activity")))


def test_reimport_with_tasks_in_the_trash(workspace: Workspace) -> None:
    """A deleted task in the file, or one deleted here: importing again works."""
    records = [record(A, "gone", status="deleted", end="20260103T100000Z"),
               record(B, "deleted here")]
    first = import_taskwarrior(workspace, records=records)
    assert (first["added"], first["deleted"]) == (2, 1)
    found = by_uuid(workspace)
    assert found[A].deleted and not found[B].deleted
    assert taskquery.trash(workspace)[0].uuid == A
    tasks.delete_task(workspace, task_id=found[B].id)
    again = import_taskwarrior(workspace, records=records)
    assert (again["updated"], again["unchanged"]) == (1, 1)  # B back, as the file has it
    assert not by_uuid(workspace)[B].deleted
    record_b = [r for r in export_taskwarrior(workspace) if r["uuid"] == A][0]
    assert (record_b["status"], record_b["end"]) == ("deleted", "20260103T100000Z")


def test_what_taskwarrior_accepts_is_never_refused(workspace: Workspace) -> None:
    long = "word " * 130
    records = [
        record(A, "epoch", entry="1234567889", due="1893456000"),
        record(B, long, tags=["@home", "v1.2", "a:b", "SEM", "Über"]),
        {"description": "no uuid", "tags": "in,next"},
        record(C, "two  blanks\nand a second line"),
        {"description": "twice"}, {"description": "twice"},  # Taskwarrior makes two
    ]
    summary = import_taskwarrior(workspace, records=records)
    assert (summary["added"], summary["skipped"], summary["made_uuids"]) == (6, [], 3)
    found = {t.title: t for t in by_uuid(workspace).values()}
    assert found["epoch"].created_at.startswith("2009-02-13 23:31:29")
    assert found[long].tags == ["@home", "v1.2", "a:b", "SEM", "Über"]
    assert found["no uuid"].tags == ["in", "next"]
    assert "two  blanks\nand a second line" in found
    # Filters match in any case; the tag is shown as written.
    assert [t.title for t in taskquery.list_tasks(workspace, tag="über")] == [long]
    assert [t.title for t in taskquery.list_tasks(workspace, tag="sem")] == [long]
    # The made uuid is the same every time: importing the file again doubles nothing.
    again = import_taskwarrior(workspace, records=records)
    assert (again["added"], again["unchanged"]) == (0, 6)


def test_projects_keep_their_spelling_and_share_one_project(workspace: Workspace) -> None:
    import_taskwarrior(workspace, records=[record(A, "a", project="Home"),
                                           record(B, "b", project="home"),
                                           record(C, "c", project="HOME")])
    assert [p.name for p in task_projects.list_projects(workspace)] == ["Home"]
    found = by_uuid(workspace)
    assert [found[u].project for u in (A, B, C)] == ["Home", "home", "HOME"]
    assert [t.uuid for t in taskquery.list_tasks(workspace, project="HOME")] == [A, B, C]
    assert {r["uuid"]: r["project"] for r in export_taskwarrior(workspace)} == {
        A: "Home", B: "home", C: "HOME"}
    # Moved here to another project, the old spelling goes.
    tasks.edit_task(workspace, task_id=found[B].id, changes={"project": None})
    assert taskquery.get_task(workspace, found[B].id).project is None


def test_repeated_annotations_stay_repeated(workspace: Workspace) -> None:
    notes = [{"entry": "20260101T100000Z", "description": "Started task"},
             {"entry": "20260101T110000Z", "description": "Stopped task"},
             {"entry": "20260101T120000Z", "description": "Started task"}]
    import_taskwarrior(workspace, records=[record(A, annotations=notes)])
    task_id = by_uuid(workspace)[A].id
    assert [c["text"] for c in taskquery.task_detail(workspace, task_id).comments] == [
        "Started task", "Stopped task", "Started task"]
    again = import_taskwarrior(workspace, records=[record(A, annotations=notes)])
    assert again["unchanged"] == 1
    assert export_taskwarrior(workspace)[0]["annotations"] == notes


def test_recurring_instances_are_one_series(workspace: Workspace) -> None:
    """Template kept (not listed); instances are plain: done here, none is doubled."""
    template = record(A, "water", status="recurring", recur="weekly", mask="--",
                      rtype="periodic", due="20261108T220000Z")
    first = record(B, "water", parent=A, imask=0, recur="weekly", due="20261108T220000Z")
    second = record(C, "water", parent=A, imask=1, recur="weekly", due="20261115T220000Z")
    summary = import_taskwarrior(workspace, records=[template, first, second])
    assert (summary["added"], summary["templates"]) == (3, 1)
    assert summary["extras"] == {"recur": 3, "mask": 1, "rtype": 1, "parent": 2, "imask": 2}
    shown = taskquery.list_tasks(workspace, status="all")
    assert sorted(t.uuid for t in shown) == [B, C]
    assert all(t.recur is None for t in shown)
    done = tasks.complete_tasks(workspace, task_ids=[shown[0].id])
    assert done[0]["next_id"] is None
    assert len(taskquery.list_tasks(workspace, status="all")) == 2
    exported = {r["uuid"]: r for r in export_taskwarrior(workspace)}
    assert (exported[A]["status"], exported[A]["mask"]) == ("recurring", "--")
    assert (exported[B]["parent"], exported[B]["imask"]) == (A, 0)


def test_reimport_mirrors_dependencies_and_counts_them(workspace: Workspace) -> None:
    base = [record(A, "a"), record(B, "b"), record(C, "c", depends=[A, B])]
    import_taskwarrior(workspace, records=base)
    c_id = by_uuid(workspace)[C].id
    assert len(taskquery.get_task(workspace, c_id).waits_for) == 2
    removed = import_taskwarrior(workspace, records=[*base[:2], record(C, "c", depends=[A])])
    assert (removed["updated"], removed["unchanged"]) == (1, 2)
    assert taskquery.get_task(workspace, c_id).waits_for == [by_uuid(workspace)[A].id]
    added = import_taskwarrior(workspace, records=[record(A, "a", depends=B), *base[1:2],
                                                   record(C, "c", depends=[A])])
    assert (added["updated"], added["unchanged"]) == (1, 2)  # A now waits for B


def test_reordered_tags_are_no_change_and_write_no_history(workspace: Workspace) -> None:
    import_taskwarrior(workspace, records=[record(A, tags=["x", "y", "z"])])
    before, version = activity(workspace), by_uuid(workspace)[A].version
    again = import_taskwarrior(workspace, records=[record(A, tags=["z", "x", "y"])])
    assert again["unchanged"] == 1
    assert (activity(workspace), by_uuid(workspace)[A].version) == (before, version)


def test_the_summary_names_what_is_kept_ignored_and_skipped(workspace: Workspace) -> None:
    people.add_person(workspace, "bob")
    records: list[Any] = [
        record(A, id=3, urgency=4.2, priority="U", estimate="PT3H", points=5,
               teamspace_assignee="zed", depends=[C]),
        record(B, teamspace_assignee="bob", project="-"),
        "not an object",
        {"uuid": "1", "description": "bad uuid"},
        {"uuid": C, "status": "pending"},
        {"description": "odd", "status": "frozen"},
        record(A, "the later A", priority="U", estimate="PT3H", points=5, id=3,
               urgency=4.2, teamspace_assignee="zed", depends=[C]),
    ]
    summary = import_taskwarrior(workspace, records=records)
    assert summary["skipped"] == [
        {"record": 1, "why": "record 7 has the same uuid and counts"},
        {"record": 3, "why": "not a JSON object"},
        {"record": 4, "why": "'1' is not a uuid"},
        {"record": 5, "why": "it has no description"},
        {"record": 6, "why": "its status 'frozen' is not one of Taskwarrior's"}]
    assert summary["extras"] == {"priority": 1, "estimate": 1, "points": 1,
                                 "teamspace_assignee": 1, "depends": 1, "project": 1}
    assert summary["ignored"] == {"id": 1, "urgency": 1}
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    found = by_uuid(workspace)
    assert (found[A].title, found[A].assignee, found[A].priority) == ("the later A", None,
                                                                      None)
    assert found[B].assignee == "bob"
    written = {r["uuid"]: r for r in export_taskwarrior(workspace)}
    assert {k: written[A][k] for k in ("priority", "estimate", "points",
                                       "teamspace_assignee", "depends")} == {
        "priority": "U", "estimate": "PT3H", "points": 5, "teamspace_assignee": "zed",
        "depends": [C]}
    assert written[B]["project"] == "-"


def test_waiting_tasks_are_hidden_until_their_date(workspace: Workspace) -> None:
    import_taskwarrior(workspace, records=[
        record(A, "later", status="waiting", wait="20990101T000000Z", project="P"),
        record(B, "was hidden", wait="20200101T000000Z", project="P"),
        record(C, "now", project="P")])
    assert sorted(t.title for t in taskquery.list_tasks(workspace)) == ["now", "was hidden"]
    assert [t.title for t in taskquery.list_tasks(workspace, waiting="only")] == ["later"]
    assert len(taskquery.list_tasks(workspace, status="all", waiting="also")) == 3
    assert [(p.name, p.open) for p in task_projects.list_projects(workspace)] == [("P", 2)]
    later = by_uuid(workspace)[A]
    assert later.waiting and later.wait_until is not None
    assert later.wait_until.startswith("2099-01-01")


def test_cli_import_prints_a_true_summary(workspace: Workspace, tmp_path: Any) -> None:
    source = tmp_path / "tasks.json"
    source.write_text(json.dumps([
        record(A, id=1, urgency=2, estimate="PT1H", status="deleted", end="20260105T000000Z"),
        {"description": "no uuid"}, {"status": "pending"}]))
    runner = CliRunner()
    args = ["task", "import", str(source), "--db", workspace.path]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "imported 2 tasks: 2 added, 0 updated, 0 unchanged; 1 of them in the trash, "
        "as in Taskwarrior",
        "kept as extras, written back on export (tasks): estimate (1)",
        "not kept, Taskwarrior computes them: id, urgency",
        "1 record had no uuid: it got one made from its contents, so importing the "
        "file again finds it",
        "skipped 1 record:",
        "  record 3: it has no description"]
    again = runner.invoke(app, args)
    assert again.output.splitlines()[0] == (
        "imported 2 tasks: 0 added, 0 updated, 2 unchanged; 1 of them in the trash, "
        "as in Taskwarrior")


def test_task_show_and_the_detail_tell_what_taskwarrior_keeps(workspace: Workspace) -> None:
    from teamspace.tui.panes.tasks.detail import detail_text
    from teamspace.tui.panes.tasks.tasklist import task_text

    import_taskwarrior(workspace, records=[
        record(A, "water", parent=C, imask=2, recur="weekly", wait="20990101T000000Z",
               scheduled="20260715T120000Z", until="20991231T000000Z",
               start="20260101T100000Z", estimate="PT3H", size="M",
               planned="20990102T120000Z")])
    task_id = by_uuid(workspace)[A].id
    runner = CliRunner()
    shown = runner.invoke(app, ["task", "show", str(task_id), "--db", workspace.path])
    assert shown.exit_code == 0, shown.output
    labels = {line.split()[0] for line in shown.output.splitlines()[1:] if line.strip()}
    assert {"hidden", "scheduled", "until", "started", "repeats", "estimate", "size"} <= labels
    assert "weekly: one occurrence of a Taskwarrior series" in shown.output
    assert "estimate   PT3H" in shown.output
    assert "planned    Fri 02 Jan 2099" in shown.output  # a date UDA, as a day
    data = json.loads(runner.invoke(app, ["task", "show", str(task_id), "--json", "--db",
                                          workspace.path]).output)
    assert data["extras"] == {"estimate": "PT3H", "imask": 2, "parent": C,
                              "planned": "20990102T120000Z", "recur": "weekly", "size": "M"}
    assert data["wait_until"].startswith("2099-01-01")
    plain = detail_text(taskquery.task_detail(workspace, task_id)).plain
    assert "estimate PT3H" in plain and "hidden   until" in plain
    line = task_text(taskquery.get_task(workspace, task_id)).plain
    assert "▶" in line and "hidden until" in line
    listed = runner.invoke(app, ["task", "list", "--waiting", "--db", workspace.path])
    assert "water" in listed.output and "hidden until" in listed.output
    assert "water" not in runner.invoke(app, ["task", "list", "--db", workspace.path]).output
