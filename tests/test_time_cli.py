"""`teamspace timer …` and `teamspace time …` through the CLI: exact lines for the timer
(shell prompts read them), errors with exit codes, list/report in text, JSON and CSV,
`task show` with the time logged, and what the hot commands import."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import tasks

from support import ROOT, run_cli

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server

runner = CliRunner()


@pytest.fixture
def cli(workspace: Workspace, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    people.add_person(workspace, "bob")
    projects.create_project(workspace, name="acme")
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()

    def invoke(user: str, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env={"TEAMSPACE_USER": user}, input=input)

    yield invoke
    monkeypatch.undo()
    time.tzset()


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def test_timer_lines(cli) -> None:  # type: ignore[no-untyped-def]
    assert ok(cli("anna", "timer", "status")) == "no timer\n"
    started = ok(cli("anna", "timer", "start", "acme", "+dev", "+review", "--at", "-90m"))
    assert started.startswith("started acme +dev +review at ") and started.endswith("(#1)\n")
    status = ok(cli("anna", "timer", "status"))
    assert status.startswith("acme +dev +review 1:30 since ") and status.count("\n") == 1
    assert ok(cli("anna", "timer", "status", "--format", "{project}|{elapsed}|{task}")) == \
        "acme|1:30|\n"
    data = json.loads(ok(cli("anna", "timer", "status", "--json")))
    assert (data["running"], data["project"], data["tags"], data["seconds"] // 60) == (
        True, "acme", ["dev", "review"], 90)
    switched = ok(cli("anna", "timer", "start", "Website", "relaunch", "--new", "--at", "-30m"))
    first, second = switched.splitlines()
    assert first.startswith("stopped acme after 1h ") and second.startswith(
        "started Website relaunch at ")
    assert ok(cli("bob", "timer", "status")) == "no timer\n"
    assert ok(cli("anna", "timer", "stop")).startswith("stopped Website relaunch after 30m (")
    assert ok(cli("anna", "timer", "continue")).startswith("started Website relaunch at ")
    assert ok(cli("anna", "timer", "cancel")).startswith("cancelled the timer on Website")
    bad = cli("anna", "timer", "status", "--format", "{nope}")
    assert bad.exit_code == 64 and "--format can use" in bad.stderr


@pytest.mark.parametrize(("args", "code", "message"), [
    (["timer", "stop"], 3, "no timer is running"),
    (["timer", "start", "acm"], 3, "did you mean 'acme'?"),
    (["timer", "start", "+dev"], 64, "give a project first"),
    (["timer", "start", "acme", "+dev", "x"], 64, "tags come after the project"),
    (["timer", "start", "acme", "--at", "25:00"], 64, "not a time of day"),
    (["timer", "start", "acme", "--at", "someday"], 64, "cannot read the time"),
    (["timer", "start", "acme", "--task", "7"], 3, "task 7 does not exist"),
    (["time", "add", "45", "acme"], 64, "needs a unit: 45m or 45h?"),
    (["time", "add", "1:75", "acme"], 64, "did you mean 2:15?"),
    (["time", "add", "25h", "acme"], 64, "at most 24 hours"),
    (["time", "add", "1h", "acme", "--on", "someday"], 64, "cannot read the day"),
    (["time", "edit", "1"], 3, "does not exist"),
    (["time", "list", "--day", "--week"], 64, "choose one of"),
    (["time", "report", "--by", "colour"], 64, "report --by one of"),
])
def test_errors_are_one_line_with_exit_codes(cli, args, code, message) -> None:  # type: ignore[no-untyped-def]
    result = cli("anna", *args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_add_list_report_edit_split(cli) -> None:  # type: ignore[no-untyped-def]
    assert ok(cli("anna", "time", "add", "1h30m", "acme", "+dev", "--on", "2026-11-02",
                  "--note", "kickoff")) == "added 1h30m on acme +dev, 2026-11-02 09:00–10:30 (#1)\n"
    assert ok(cli("anna", "time", "add", "90m", "acme", "--on", "2026-11-02")) == \
        "added 1h30m on acme, 2026-11-02 10:30–12:00 (#2)\n"
    overlap = cli("anna", "time", "add", "1:00", "acme", "--on", "2026-11-02", "--at", "11:30")
    assert overlap.exit_code == 0 and "it overlaps #2" in overlap.stderr
    ok(cli("bob", "time", "add", "2h", "acme", "+ops", "--on", "2026-11-03", "--at", "8:00"))
    listing = ok(cli("anna", "time", "list", "--on", "2026-11-02"))
    assert listing.splitlines()[0] == "Mon 02 Nov 2026  4:00"
    assert "⚠ overlaps #3" in listing and listing.splitlines()[-1] == "Total 4:00"
    data = json.loads(ok(cli("anna", "time", "list", "--week", "--on", "2026-11-04",
                             "--everyone", "--json")))
    assert [e["id"] for e in data["entries"]] == [1, 2, 3, 4] and data["total_seconds"] == 21600
    assert data["entries"][2]["flags"] == ["overlaps #2"]
    rows = list(csv.DictReader(io.StringIO(ok(cli("anna", "time", "list", "--on",
                                                   "2026-11-02", "--csv")))))
    assert rows[0]["start"] == "2026-11-02T09:00:00+00:00" and rows[0]["hours"] == "1.50"
    text = ok(cli("anna", "time", "report", "--on", "2026-11-02"))
    assert text.splitlines() == [
        "Hours by project, 2026-11-02 – 2026-11-08 (everyone)",
        "acme                      6:00", "  anna                    4:00",
        "  bob                     2:00", "Total                     6:00"]
    mine = json.loads(ok(cli("anna", "time", "report", "--by", "tag", "--mine", "--on",
                             "2026-11-02", "--json")))
    assert mine["person"] == "anna"
    assert [(g["key"], g["seconds"]) for g in mine["groups"]] == [("dev", 5400), ("(no tag)", 9000)]
    assert ok(cli("anna", "time", "report", "--by", "day", "--from", "2026-11-02", "--to",
                  "2026-11-03", "--csv")).splitlines()[-1] == "total,,21600,6.00"
    assert ok(cli("anna", "time", "edit", "3", "--start", "12:00", "--duration", "30m",
                  "--tag", "late")) == "#3 changed\n"
    assert ok(cli("anna", "time", "split", "1", "--at", "10:00")) == \
        "split #1 at 2026-11-02 10:00: #1 and #5\n"
    assert ok(cli("anna", "time", "move", "5", "-p", "acme")) == "#5 moved to acme\n"
    denied = cli("bob", "time", "delete", "1")
    assert denied.exit_code == 1 and "only they can change it" in denied.stderr
    assert "undo: teamspace time restore 1" in ok(cli("anna", "time", "delete", "1"))
    assert ok(cli("anna", "time", "restore", "1")) == "restored #1\n"


def test_sheets_submit_review_lock_reopen(cli) -> None:  # type: ignore[no-untyped-def]
    projects.create_project(Workspace.open(_db(cli), user="bob"), name="Bobs")
    ok(cli("anna", "time", "add", "2h", "acme", "--on", "2026-11-02"))
    ok(cli("anna", "time", "add", "1h", "Bobs", "--on", "2026-11-03"))
    assert ok(cli("anna", "time", "submit", "--week", "2026-11-02")) == \
        "submitted your week of 2026-11-02 for review\n"
    locked = cli("anna", "time", "edit", "1", "--note", "x")
    assert locked.exit_code == 1 and "awaits review" in locked.stderr
    assert "anna's week of 2026-11-02" in ok(cli("bob", "time", "sheet", "--to-review"))
    assert ok(cli("bob", "time", "approve", "anna", "--week", "2026-11-02")) == \
        "approved anna's week of 2026-11-02 on Bobs\n"
    denied = cli("bob", "time", "approve", "anna", "--week", "2026-11-02", "-p", "acme")
    assert denied.exit_code == 1 and "only the owner of 'acme'" in denied.stderr
    assert ok(cli("anna", "time", "return", "anna", "--week", "2026-11-02", "-m",
                  "split the kickoff")) == "returned anna's week of 2026-11-02 on acme\n"
    sheet = json.loads(ok(cli("anna", "time", "sheet", "--week", "2026-11-02", "--json")))
    assert sheet["status"] == "returned"
    assert {p["project"]: (p["state"], p["comment"]) for p in sheet["parts"]} == {
        "acme": ("returned", "split the kickoff"), "Bobs": ("approved", "")}
    assert sheet["parts"][0]["days"][:2] == [7200, 0]
    ok(cli("anna", "time", "edit", "1", "--note", "fixed"))  # returned: editable again
    still = cli("anna", "time", "delete", "2")
    assert still.exit_code == 1 and "approved by bob and locked" in still.stderr
    ok(cli("anna", "time", "submit", "--week", "2026-11-02"))
    ok(cli("anna", "time", "approve", "anna", "--week", "2026-11-02"))
    grid = ok(cli("anna", "time", "sheet", "--week", "2026-11-02"))
    assert grid.splitlines()[0] == "anna's week of 2026-11-02 — approved"
    assert "approved by anna" in grid and "approved by bob" in grid
    assert ok(cli("bob", "time", "reopen", "anna", "--week", "2026-11-02")) == \
        "reopened anna's week of 2026-11-02 on Bobs\n"
    ok(cli("anna", "time", "delete", "2"))  # unlocked by its owner's reopen
    history = Workspace.open(_db(cli), user="anna").read(lambda s: [
        r["action"] for r in s.all("SELECT action FROM activity WHERE item_type = "
                                   "'time_sheet' ORDER BY id")])
    assert history == ["submit", "approve", "return", "submit", "approve", "reopen"]


def _db(cli) -> str:  # type: ignore[no-untyped-def]
    import os

    return os.environ["TEAMSPACE_DB"]


def test_task_show_has_the_time_logged(cli) -> None:  # type: ignore[no-untyped-def]
    task = tasks.add_task(Workspace.open(_db(cli), user="anna"), title="Fix login",
                          project="acme")
    ok(cli("anna", "time", "add", "1h15m", "acme", "--task", str(task)))
    ok(cli("bob", "time", "add", "30m", "acme", "--task", str(task)))
    assert "  time       1h45m logged" in ok(cli("anna", "task", "show", str(task)))
    detail = json.loads(ok(cli("anna", "task", "show", str(task), "--json")))
    assert detail["time_spent_seconds"] == 6300


def test_people_show_running_timers(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("bob", "timer", "start", "acme", "+ops", "--at", "-5m"))
    overview = json.loads(ok(cli("anna", "people", "--json")))
    assert next(p for p in overview if p["username"] == "bob")["extras"] == {
        "timer": "acme +ops 5m"}
    assert "timer: acme +ops 5m" in ok(cli("anna", "people"))


@pytest.mark.parametrize("argv", [["timer", "start", "acme", "+x"], ["timer", "status"],
                                  ["timer", "status", "--json"], ["timer", "stop"]])
def test_timer_commands_import_nothing_heavy(argv: list[str], workspace: Workspace,
                                             driver_modules: frozenset[str]) -> None:
    projects.create_project(workspace, name="acme")
    if argv[-1] == "stop":
        from teamspace.store.time import timers

        timers.start_timer(workspace, project="acme")
    code = ("import sys, contextlib, io\nfrom teamspace.cli.app import run\n"
            f"sys.argv = ['teamspace', *{argv!r}, '--db', {workspace.path!r}]\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert run() == 0\n"
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(eval(result.stdout.splitlines()[-1])) - driver_modules
    heavy = {"sqlalchemy", "sqlmodel", "pydantic", "textual", "rich"}
    if "--json" not in argv:  # json costs ~1.5 ms: only when asked for
        heavy.add("json")
    assert not loaded & heavy


def test_a_real_subprocess_prompt_line(workspace: Workspace) -> None:
    projects.create_project(workspace, name="acme")
    started = run_cli("timer", "start", "acme", "--db", workspace.path)
    assert started.returncode == 0, started.stderr
    status = run_cli("timer", "status", "--format", "⏱ {project} {elapsed}", "--db",
                     workspace.path)
    assert (status.returncode, status.stdout, status.stderr) == (0, "⏱ acme 0:00\n", "")
