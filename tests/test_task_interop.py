"""Interop with real tools: Taskwarrior's `task` binary both ways, and the iCalendar
export read back by the `icalendar` package and by calcurse.

The binaries and the comparison helper: tests/taskwarrior_support.py.  Round trips of
real files nobody here wrote: tests/test_task_roundtrip.py.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from taskwarrior_support import Taskwarrior, need

from teamspace.store.core import people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks

from support import run_cli

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def tw(tmp_path: Path) -> Taskwarrior:
    return Taskwarrior(tmp_path / "tw")


def cli(ws: Workspace, *args: str, input: str | None = None) -> str:
    result = run_cli(*args, env={"TEAMSPACE_DB": ws.path, "TEAMSPACE_USER": ws.user},
                     input=input)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_taskwarrior_export_imports_and_reimport_updates(workspace: Workspace,
                                                          tw: Taskwarrior) -> None:
    print(tw("--version"))
    tw("add", "Buy milk", "project:Home.Garden", "+shop", "+errand", "due:2099-01-05",
       "priority:H")
    tw("1", "annotate", "semi-skimmed")
    tw("add", "Call the bank", "due:2099-01-06T14:30:00")
    tw("add", "Pay rent", "depends:1")
    tw("2", "done")
    exported = tw("export")
    out = cli(workspace, "task", "import", "--from", "taskwarrior", "-", "--json",
              input=exported)
    assert json.loads(out)["added"] == 3
    found = {t.title: t for t in taskquery.list_tasks(workspace, status="all")}
    milk, bank, rent = found["Buy milk"], found["Call the bank"], found["Pay rent"]
    assert (milk.project, sorted(milk.tags), milk.priority, milk.status) == (
        "Home.Garden", ["errand", "shop"], "H", "open")
    assert milk.due is not None and milk.due.startswith("2099-01-05") and not milk.due_time
    assert bank.status == "done" and bank.due_time and bank.done_at is not None
    assert rent.waits_for == [milk.id]
    comments = taskquery.task_detail(workspace, milk.id).comments
    assert [c["text"] for c in comments] == ["semi-skimmed"]
    by_uuid = {t["description"]: t["uuid"] for t in json.loads(exported)}
    assert milk.uuid == by_uuid["Buy milk"]
    # Change it in Taskwarrior, import again: the same tasks are updated, nothing doubles.
    tw("1", "modify", "priority:L", "-errand")
    again = json.loads(cli(workspace, "task", "import", "--from", "taskwarrior", "-",
                           "--json", input=tw("export")))
    assert (again["added"], again["updated"]) == (0, 1)
    assert len(taskquery.list_tasks(workspace, status="all")) == 3
    milk = taskquery.get_task(workspace, milk.id)
    assert (milk.priority, milk.tags) == ("L", ["shop"])
    assert len(taskquery.task_detail(workspace, milk.id).comments) == 1


def test_teamspace_export_is_accepted_by_task_import(workspace: Workspace,
                                                     tw: Taskwarrior, tmp_path: Path) -> None:
    people.add_person(workspace, "bob")
    projects.create_project(workspace, name="Website")
    first = tasks.add_task(workspace, title="Fix login", project="Website", list_name="Bugs",
                           assignee="bob", due="2099-01-05", priority="H", tags=["web"],
                           notes="see the ticket")
    timed = tasks.add_task(workspace, title="Deploy", due="2099-01-06T14:30:00+00:00",
                           after=[first])
    done = tasks.add_task(workspace, title="Old chore")
    tasks.complete_tasks(workspace, task_ids=[done])
    tasks.add_comment(workspace, task_id=first, text="repro on staging")
    target = tmp_path / "export.json"
    cli(workspace, "task", "export", "--format", "taskwarrior", "-o", str(target))
    tw("import", str(target))
    theirs = tw.export()
    ours = {t.uuid: t for t in taskquery.list_tasks(workspace, status="all")}
    assert set(theirs) == set(ours)
    fix = theirs[ours[taskquery.get_task(workspace, first).uuid].uuid]
    assert fix["description"] == "Fix login" and fix["project"] == "Website"
    assert fix["tags"] == ["web"] and fix["priority"] == "H"
    assert fix["annotations"][0]["description"] == "repro on staging"  # type: ignore[index]
    assert fix["teamspace_assignee"] == "bob" and fix["teamspace_list"] == "Bugs"
    deploy = theirs[taskquery.get_task(workspace, timed).uuid]
    assert deploy["due"] == "20990106T143000Z"
    assert deploy["depends"] == [fix["uuid"]]
    assert theirs[taskquery.get_task(workspace, done).uuid]["status"] == "completed"
    # Taskwarrior reads our date-only due as that local day.
    assert tw("_get", f"{fix['uuid']}.due").strip().startswith("2099-01-05")
    # And back again: a second workspace gets the same tasks, assignee and list included.
    other = Workspace.open(str(tmp_path / "other.db"), user="anna")
    other.create()
    people.add_person(other, "bob")
    cli(other, "task", "import", "--from", "taskwarrior", "-", input=tw("export"))
    back = {t.uuid: t for t in taskquery.list_tasks(other, status="all")}
    assert set(back) == set(ours)
    again = back[fix["uuid"]]  # type: ignore[index]
    assert (again.assignee, again.list_name, again.notes, again.due) == (
        "bob", "Bugs", "see the ticket", ours[again.uuid].due)


def _ics(workspace: Workspace, tmp_path: Path) -> Path:
    people.add_person(workspace, "bob")
    tasks.add_task(workspace, title="Ship it; now, please", due="2099-01-05", priority="H",
                   tags=["release", "web"], assignee="bob",
                   notes="line one\nline two with ünïcödé " + "long " * 30)
    tasks.add_task(workspace, title="Call at 14:30", due="2099-01-06T14:30:00+00:00")
    done = tasks.add_task(workspace, title="Done already", due="2099-01-07")
    tasks.complete_tasks(workspace, task_ids=[done])
    target = tmp_path / "tasks.ics"
    cli(workspace, "task", "export", "--format", "ics", "--output", str(target))
    return target


def test_ics_export_parses_with_icalendar(workspace: Workspace, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    raw = _ics(workspace, tmp_path).read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    todos = {str(t["SUMMARY"]): t for t in
             icalendar.Calendar.from_ical(raw).walk("VTODO")}
    assert set(todos) == {"Ship it; now, please", "Call at 14:30", "Done already"}
    ship = todos["Ship it; now, please"]
    assert ship.decoded("DUE") == date(2099, 1, 5)
    assert int(ship["PRIORITY"]) == 1 and str(ship["STATUS"]) == "NEEDS-ACTION"
    assert "line two with ünïcödé" in str(ship["DESCRIPTION"])
    assert [str(c) for c in ship["CATEGORIES"].cats] == ["release", "web"]
    call = todos["Call at 14:30"].decoded("DUE")
    assert (call.year, call.hour, call.minute, call.utcoffset().total_seconds()) == (
        2099, 14, 30, 0)
    assert str(todos["Done already"]["STATUS"]) == "COMPLETED"


def test_ics_export_imports_into_calcurse(workspace: Workspace, tmp_path: Path) -> None:
    calcurse = need("calcurse")
    target = _ics(workspace, tmp_path)
    folder = tmp_path / "calcurse"
    folder.mkdir()
    run = subprocess.run([calcurse, "-D", str(folder), "-i", str(target)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    todo = subprocess.run([calcurse, "-D", str(folder), "-t"], capture_output=True,
                          text=True, timeout=60)
    assert "Ship it; now, please" in todo.stdout and "Call at 14:30" in todo.stdout
