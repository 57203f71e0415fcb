"""`teamspace task|project|people` through the CLI: CliRunner for output and exit codes,
real subprocesses where it matters (piped output is plain, $EDITOR, stdin)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery

from support import run_cli

runner = CliRunner()

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def cli(workspace: Workspace, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke the CLI as a given user on the test workspace."""
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)

    def invoke(user: str, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env={"TEAMSPACE_USER": user}, input=input)

    return invoke


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def test_add_prints_the_id_and_list_groups_by_project(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("anna", "project", "add", "Website"))
    assert ok(cli("anna", "task", "add", "Fix", "login", "-p", "website", "-l", "Bugs",
                  "--to", "bob", "--due", "2099-01-05", "-P", "h", "-t", "web")) == "1\n"
    assert ok(cli("anna", "task", "add", "Old", "thing", "--due", "2000-01-03")) == "2\n"
    assert json.loads(ok(cli("anna", "task", "add", "Undated", "--json"))) == {"format": 2,
                                                                             "id": 3}
    shown = ok(cli("anna", "task", "list"))
    lines = shown.splitlines()
    assert lines[0] == "Website › Bugs  (1)"
    assert lines[1].split() == ["1", "[", "]", "Fix", "login", "@bob", "Mon", "05", "Jan",
                                "2099", "H", "+web"]
    assert lines[3] == "(no project)  (2, 1 overdue)"
    assert "Old thing" in lines[4] and "Undated" in lines[5]
    data = json.loads(ok(cli("anna", "task", "list", "--json", "--overdue")))
    assert [t["id"] for t in data] == [2] and data[0]["overdue"] is True
    assert [t["id"] for t in json.loads(ok(cli("bob", "task", "list", "--mine", "--json")))] \
        == [1]
    assert [t["id"] for t in json.loads(ok(cli("anna", "task", "list", "--to", "bob",
                                               "--json")))] == [1]
    assert [t["id"] for t in json.loads(ok(cli("anna", "task", "list", "--tag", "web",
                                               "--json")))] == [1]
    assert [t["id"] for t in json.loads(ok(cli("anna", "task", "list", "--due-before",
                                               "2099-01-01", "--json")))] == [2]
    assert [t["id"] for t in json.loads(ok(cli("anna", "task", "list", "--sort",
                                               "priority", "--json")))] == [1, 2, 3]
    limited = cli("anna", "task", "list", "-n", "1")
    assert limited.exit_code == 0 and "more tasks" in limited.stderr


def test_errors_are_one_line_with_a_nonzero_exit(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("anna", "task", "add", "x", "--due", "someday")
    assert result.exit_code == 64
    assert result.stderr.startswith("teamspace: error: cannot read the date 'someday'; try")
    assert result.stderr.count("\n") == 1
    assert cli("anna", "task", "add", "x", "-p", "nope").exit_code == 3
    assert cli("anna", "task", "done", "99").exit_code == 3
    assert cli("anna", "task", "list", "--done", "--all").exit_code == 64
    assert cli("anna", "task", "list", "--sort", "colour").exit_code == 64
    assert cli("anna", "task", "assign", "1", "zed").exit_code == 3  # no task 1 yet
    ok(cli("anna", "task", "add", "x"))
    bad = cli("anna", "task", "assign", "1", "bobb")
    assert bad.exit_code == 64 and "did you mean bob?" in bad.stderr


def test_done_undo_assign_due_move_comment_show(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("anna", "project", "add", "Offsite"))
    ok(cli("anna", "task", "add", "Report", "--every", "week", "--due", "2099-01-05"))
    ok(cli("anna", "task", "add", "Book", "rooms", "--after", "1"))
    assert ok(cli("anna", "task", "done", "1")) == \
        "done #1 (undo: teamspace task undo 1); next one is #3\n"
    assert "was already done" in ok(cli("anna", "task", "done", "1"))
    assert ok(cli("anna", "task", "undo", "1")) == \
        "reopened #1; removed its next occurrence #3\n"
    assert ok(cli("anna", "task", "assign", "2", "@Chen")) == "#2 assigned to chen\n"
    assert ok(cli("anna", "task", "due", "2", "2099-02-03")) == "#2 due Tue 03 Feb 2099\n"
    assert ok(cli("anna", "task", "move", "2", "-p", "offsite", "-l", "Venue")) == \
        "#2 moved to offsite › Venue\n"
    ok(cli("bob", "task", "comment", "2", "the [bold]big[/] room \x1b[31m"))
    shown = ok(cli("anna", "task", "show", "2"))
    assert "project    Offsite › Venue" in shown and "waits for  #1 Report (open)" in shown
    assert "the [bold]big[/] room \ufffd[31m" in shown and "\x1b" not in shown
    detail = json.loads(ok(cli("anna", "task", "show", "2", "--json")))
    assert detail["assignee"] == "chen" and detail["comments"][0]["author"] == "bob"
    actions = [h["action"] for h in detail["history"]]
    assert actions[0] == "create" and "comment" in actions and actions.count("update") == 3
    assert ok(cli("anna", "task", "due", "2", "none")) == "#2 has no due date\n"
    ok(cli("anna", "task", "edit", "2", "--title", "Book the rooms", "-P", "M", "-t", "a"))
    task = json.loads(ok(cli("anna", "task", "show", "2", "--json")))
    assert (task["title"], task["priority"], task["tags"], task["due"]) == (
        "Book the rooms", "M", ["a"], None)
    ok(cli("anna", "task", "delete", "2"))
    assert "Book the rooms" in ok(cli("anna", "task", "trash"))
    ok(cli("anna", "task", "restore", "2"))
    assert [t["id"] for t in json.loads(ok(cli("anna", "task", "list", "--json")))] == [1, 2]


def test_projects_calendar_and_people(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("anna", "project", "add", "Website", "-d", "the relaunch"))
    assert cli("anna", "project", "add", "website").exit_code == 64
    ok(cli("anna", "task", "add", "a", "-p", "Website", "--to", "bob", "--due", "2000-01-03"))
    ok(cli("anna", "task", "add", "b", "--due", "2099-01-05", "--to", "bob"))
    listing = ok(cli("anna", "project", "list"))
    assert listing.splitlines()[0].split()[:6] == ["Website", "1", "open", "0", "done", "1"]
    ok(cli("anna", "project", "rename", "Website", "Site"))
    ok(cli("anna", "project", "archive", "site"))
    assert json.loads(ok(cli("anna", "project", "list", "--json"))) == []
    assert json.loads(ok(cli("anna", "project", "list", "--archived", "--json")))[0][
        "name"] == "Site"
    ok(cli("anna", "project", "unarchive", "Site"))
    month = json.loads(ok(cli("anna", "task", "calendar", "--month", "2099-01", "--json")))
    assert month["month"] == "2099-01" and list(month["days"]) == ["2099-01-05"]
    grid = ok(cli("anna", "task", "calendar", "--month", "2099-01"))
    assert grid.splitlines()[0] == "January 2099" and " 5•1" in grid
    assert cli("anna", "task", "calendar", "--month", "2099-13").exit_code == 64
    overview = json.loads(ok(cli("anna", "people", "--json")))
    bob = next(p for p in overview if p["username"] == "bob")
    assert (bob["open"], bob["overdue"]) == (2, 1)
    assert list(bob["projects"]) == ["Site", "(no project)"]
    text = ok(cli("anna", "people"))
    assert "bob  2 open, 1 overdue" in text and "chen  0 open" in text


def test_piped_output_is_plain_and_colour_only_on_a_terminal(workspace: Workspace) -> None:
    env = {"TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "anna"}
    assert run_cli("task", "add", "late", "--due", "2000-01-03", env=env).returncode == 0
    piped = run_cli("task", "list", env=env)
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout
    assert "late" in piped.stdout
    from teamspace.cli.tasks.render import task_line

    [task] = taskquery.list_tasks(workspace)
    assert "\x1b[31m" in task_line(task, 20)  # overdue is red where colour is on


def _editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "editor.py"
    path.write_text("import sys, re\np = sys.argv[1]\ntext = open(p).read()\n" + script +
                    "open(p, 'w').write(text)\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return f"{os.sys.executable} {path}"  # type: ignore[attr-defined]


def test_edit_in_editor_sends_only_what_changed(workspace: Workspace, tmp_path: Path) -> None:
    env = {"TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "anna"}
    people.add_person(workspace, "bob")
    run_cli("task", "add", "Draft", "--tag", "x", env=env)
    script = ("text = text.replace('title = \"Draft\"', 'title = \"Final\"')\n"
              "text = text.replace('assignee = \"\"', 'assignee = \"bob\"')\n"
              "text = text.replace('due = \"\"', 'due = \"2099-01-05\"')\n")
    result = run_cli("task", "edit", "1", env={**env, "EDITOR": _editor(tmp_path, script)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "#1 changed: assignee, due, title\n"
    task = taskquery.get_task(workspace, 1)
    assert (task.title, task.assignee, task.tags) == ("Final", "bob", ["x"])
    broken = run_cli("task", "edit", "1",
                     env={**env, "EDITOR": _editor(tmp_path, "text += 'title = = ='\n")})
    assert broken.returncode == 64 and "not valid TOML" in broken.stderr
    assert "your text is saved in" in broken.stderr  # nothing typed is lost


def test_comment_from_stdin(workspace: Workspace) -> None:
    env = {"TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "anna"}
    run_cli("task", "add", "x", env=env)
    assert run_cli("task", "comment", "1", "-", env=env, input="from a pipe\n").returncode == 0
    assert taskquery.task_detail(workspace, 1).comments[0]["text"] == "from a pipe"
