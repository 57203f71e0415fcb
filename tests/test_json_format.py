"""--json format 2 across the panes (issue 12): every command that has ``--json`` is run
on a workspace with data in every pane (the demo team plus notes, files, comments,
trash); each output parses, carries ``"format": 2``, writes every time as ISO 8601 with
an offset and every date-only value as a plain date — never the stored form
(``2026-11-30 10:55:54.123456``) and never an epoch number.  The list of commands comes
from the Typer app itself, so a new ``--json`` command fails here until it is walked."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from links_web import serving

from teamspace.cli.app import run, tables
from teamspace.cli.common import JSON_FORMAT, build_command, table_group
from teamspace.store.core import demo, outbox
from teamspace.store.core.connection import Workspace
from teamspace.store.core.lock import Owner
from teamspace.store.core.replay import writer_name
from teamspace.store.microblog import posts
from teamspace.store.notes.comments import heartbeat
from teamspace.store.tasks import tasks

from support import run_cli

DATA = Path(__file__).parent / "data"
STORED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")  # the stored form: a space, no zone
TIMELIKE = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
# Keys that name a moment: their values are ISO strings (or dates, or null), never numbers.
MOMENT_KEY = re.compile(r"(^|_)(at|since|until|when|time|date|due|day|week|start|end|"
                        r"started|ended|stopped|created|updated|modified|checked)$")
# Commands whose --json exists only for a PostgreSQL workspace; on a file they refuse
# in one line (test_a_server_workspace_writes_format_2_too walks them on a server).
SERVER_ONLY = {"secure"}


def json_commands() -> set[str]:
    """'cmd' and 'group sub' for every command that offers --json."""
    commands, groups = tables()
    found: set[str] = set()
    for name, module in commands.items():
        command = build_command(module, name)
        if getattr(command, "typer_app", None):
            subs = [(f"{name} {sub}", command.get_command(click.Context(command), sub))
                    for sub in command.list_commands(None)]
        else:
            subs = [(name, command)]
        found.update(n for n, c in subs if any("--json" in getattr(p, "opts", ())
                                                 for p in c.params))
    for name, spec in groups.items():
        group = table_group(name, *spec)
        for sub in group.list_commands(None):
            command = group.get_command(click.Context(group), sub)
            if any("--json" in getattr(p, "opts", ()) for p in command.params):
                found.add(f"{name} {sub}")
    return found


def problems(data: Any, path: str = "") -> list[str]:
    """Every time-looking value in ``data`` that is not ISO 8601 with an offset."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}"
            if MOMENT_KEY.search(str(key)) and isinstance(value, int | float) \
                    and not isinstance(value, bool) and abs(value) > 10**8:
                found.append(f"{where}: {value!r} looks like an epoch number")
            found += problems(value, where)
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found += problems(value, f"{path}[{n}]")
    elif isinstance(data, str):
        if TIMELIKE.match(data) and not ISO.match(data):
            found.append(f"{path}: {data!r} is a time without ISO 8601 form and offset")
        elif STORED.search(data) and len(data) < 40:
            found.append(f"{path}: {data!r} holds the stored form")
    return found


class Walk:
    """Runs commands in this process (as the fuzz test does) and keeps their JSON."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.outputs: dict[str, list[Any]] = {}

    def __call__(self, *argv: str, user: str = "anna", code: int = 0) -> Any:
        """Run ``argv --json`` as ``user``; the parsed output (checked for exit ``code``)."""
        self.monkeypatch.setenv("TEAMSPACE_USER", user)
        out, err = io.StringIO(), io.StringIO()
        stdin = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = run([*argv, "--json"])
        finally:
            sys.stdin = stdin
        assert status == code, (argv, status, err.getvalue())
        try:
            data = json.loads(out.getvalue())
        except ValueError as exc:
            raise AssertionError(f"{argv}: not JSON ({exc}): {out.getvalue()[:300]!r}") from None
        name = " ".join(argv[:2]) if " ".join(argv[:2]) in EXPECTED else argv[0]
        self.outputs.setdefault(name, []).append(data)
        return data


EXPECTED = json_commands()


@pytest.fixture
def walk(workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Walk:
    """The demo team's workspace (every pane has data) as $TEAMSPACE_DB."""
    demo.seed(workspace)
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    monkeypatch.setenv("TEAMSPACE_OFFLINE", "1")  # 'link add' and 'link check' stay home
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.setenv("VISUAL", "false")
    monkeypatch.chdir(tmp_path)
    return Walk(monkeypatch)


def test_every_json_command_writes_format_2_with_iso_times(walk: Walk, workspace: Workspace,
                                                           tmp_path: Path) -> None:
    j = walk
    # workspace, people, groups, projects
    j("init", str(tmp_path / "other.db"))
    for argv in (["whoami"], ["version"], ["workspace", "show"], ["people"],
                 ["member", "list"], ["group", "list"], ["group", "members", "dev"],
                 ["project", "list"]):
        j(*argv)
    os.mkdir(workspace.path + ".lock")  # a writer that died holding the lock
    dead = Owner(token="t" * 24, host=os.uname().nodename, pid=2**22 + 7, pid_start=None,
                 user="bob", purpose="writing", since=1_780_000_000, beat_at=0)
    Path(workspace.path + ".lock", "owner").write_bytes(dead.encode())
    assert j("doctor", code=1)["lock"]["since"] == "2026-05-28T20:26:40Z"  # 1: a problem
    run(["doctor", "--repair"])
    outbox.enqueue(workspace, writer_name(posts.create_post), {"text": "written offline"},
                   op_id="walk-offline", error="the share was away")
    assert ISO.match(j("outbox")["entries"][0]["queued_at"])
    j("sync")
    j("backup", str(tmp_path / "copy.db"))
    j("migrate-to", str(tmp_path / "moved.db"))
    j("project", "add", "Intranet")
    # microblog
    post = j("post", "hello #json @bob")["id"]
    j("reply", str(post), "seen", user="bob")
    j("react", str(post), "👍", user="bob")
    j("dm", "bob", "a word")
    gone = posts.create_post(workspace, text="soon gone")
    posts.delete_post(workspace, post_id=gone)
    for argv in (["feed"], ["thread", str(post)], ["history", str(post)], ["trash"],
                 ["digest", "--since", "7d"]):
        j(*argv)
    j("mute", "#lunch")
    j("mute")
    # tasks
    dated = j("task", "add", "date only", "--due", "2099-12-04", "--to", "bob")["id"]
    timed = j("task", "add", "timed", "--due", "2099-12-04 15:00")["id"]
    j("task", "comment", str(dated), "on it", user="bob")
    j("task", "alerts", "--all", "--seen", user="bob")  # anna assigned him "date only"
    j("task", "done", str(timed))
    j("task", "undo", str(timed))
    j("task", "done", str(timed))
    tasks.delete_task(workspace, task_id=j("task", "add", "dropped")["id"])
    for argv in (["task", "list", "--all"], ["task", "show", str(dated)], ["task", "trash"],
                 ["task", "calendar", "--month", "2099-12"]):
        j(*argv)
    j("task", "import", str(DATA / "taskwarrior" / "kdheepak-export.json"))
    # notes
    j("notebook", "add", "Ops")
    note = j("note", "add", "Plan", "-t", "x")["id"]
    attached = tmp_path / "a.txt"
    attached.write_text("data")
    j("note", "attach", str(note), str(attached))
    j("note", "comment", str(note), "looks good", user="bob")
    j("note", "edit", str(note), "--title", "Plan B")
    heartbeat(workspace.as_user("bob"), note_id=note)  # bob has it open in his editor
    meeting = j("note", "meeting", "Standup", "--when", "2026-12-01 10:00", "--with", "bob",
                "--agenda", "release")["id"]
    dropped = j("note", "add", "dropped")["id"]
    run(["note", "delete", str(dropped)])
    for argv in (["note", "list"], ["note", "show", str(note)], ["note", "search", "plan"],
                 ["note", "history", str(note)], ["note", "trash"],
                 ["note", "files", str(note)], ["note", "files", str(note), "--versions",
                                                "a.txt"],
                 ["note", "outline", str(meeting)], ["notebook", "list"]):
        j(*argv)
    run(["note", "append", str(meeting), "--", "- [ ] @bob book the room due:2099-12-04"])
    j("note", "promote", str(meeting))
    j("note", "import", str(DATA / "notes" / "jrnl-export.json"), "--from", "jrnl")
    # links
    link = j("link", "add", "https://example.org/json", "--title", "JSON")["id"]
    j("link", "tag", str(link), "+format")
    with serving() as server:  # a page on 127.0.0.1: the check asks nothing further
        checked = j("link", "add", server.base + "/page", "--title", "Local")["id"]
        walk.monkeypatch.delenv("TEAMSPACE_OFFLINE")
        j("link", "check", str(checked), "--timeout", "2")
        walk.monkeypatch.setenv("TEAMSPACE_OFFLINE", "1")
    dead = j("link", "add", "https://example.org/gone")["id"]
    run(["link", "delete", str(dead)])
    for argv in (["link", "list"], ["link", "search", "json"], ["link", "show", str(link)],
                 ["link", "trash"], ["tag", "list"]):
        j(*argv)
    j("link", "import", str(DATA / "links" / "netscape_extended.htm"))
    # time
    j("time", "suggest")  # today's writes above, before a timer covers them
    j("timer", "start", "Website relaunch", "--at", "-30m")
    j("timer", "status")
    j("timer", "stop")
    j("timer", "continue")
    j("timer", "cancel")
    entry = j("time", "add", "2h", "Intranet", "--on", "2025-01-07", "--at", "9:00")["id"]
    j("time", "edit", str(entry), "--note", "wiki")
    j("time", "split", str(entry), "--at", "10:00")
    j("time", "submit", "--week", "last", user="bob")
    for argv in (["time", "list", "--week", "--on", "2025-01-07"],
                 ["time", "list", "--everyone", "--week", "--on", "-7d"],
                 ["time", "report", "--everyone", "--week", "--on", "-7d"],
                 ["time", "sheet", "bob", "--week", "last"]):
        j(*argv)
    j("time", "approve", "bob", "--week", "last", user="dana")  # dana owns the projects
    j("time", "reopen", "bob", "--week", "last", user="dana")
    j("time", "submit", "--week", "last", user="bob")
    j("time", "return", "bob", "--week", "last", "-m", "split the DNS work", user="dana")
    j("time", "import", str(DATA / "time" / "watson-frames.json"), "--from", "watson")

    assert set(walk.outputs) | SERVER_ONLY == EXPECTED, "walk every --json command"
    wrong: list[str] = []
    for name, outputs in walk.outputs.items():
        for data in outputs:
            carriers = [data] if isinstance(data, dict) else data
            if not carriers:
                wrong.append(f"{name}: an empty list carries no format; give it data")
            elif not all(isinstance(c, dict) and c.get("format") == JSON_FORMAT == 2
                         for c in carriers):
                wrong.append(f"{name}: format 2 missing in {data!r:.200}")
            wrong += [f"{name}{problem}" for problem in problems(data)]
    assert not wrong, "\n".join(wrong)

    [shown] = [t for t in walk.outputs["task list"][0] if t["id"] == dated]
    assert shown["due"] == "2099-12-04" and ISO.match(shown["created_at"])
    [done] = [t for t in walk.outputs["task list"][0] if t["id"] == timed]
    assert ISO.match(done["due"]) and ISO.match(done["done_at"])
    assert ISO.match(walk.outputs["task show"][0]["comments"][0]["at"])
    sheet = walk.outputs["time sheet"][0]
    assert ISO.match(sheet["submitted_at"]) and DATE.match(sheet["week"])
    assert ISO.match(walk.outputs["note files"][0][0]["updated_at"])
    assert ISO.match(walk.outputs["note files"][1][0]["at"])
    [editing] = walk.outputs["note show"][0]["editing"]
    assert editing["user"] == "bob" and ISO.match(editing["since"])


def test_a_script_reads_format_2_through_a_pipe(workspace: Workspace) -> None:
    """A real process writing to a pipe (not a terminal): format first, ISO times."""
    tasks.add_task(workspace, title="piped", due="2099-12-04")
    result = run_cli("task", "list", "--json", "--db", workspace.path)
    assert result.returncode == 0, result.stderr
    [task] = json.loads(result.stdout)
    assert next(iter(task)) == "format" and task["format"] == 2
    assert task["due"] == "2099-12-04" and ISO.match(task["created_at"])


@pytest.mark.postgres_only
def test_a_server_workspace_writes_format_2_too(walk: Walk, workspace: Workspace) -> None:
    """On PostgreSQL (times come back as timestamps, not text): the commands that only a
    server has, and a reading command of every pane."""
    j = walk
    j("secure")
    for argv in (["feed"], ["task", "list"], ["note", "list"], ["link", "list"],
                 ["time", "list", "--everyone", "--week", "--on", "-7d"], ["member", "list"],
                 ["time", "sheet", "anna", "--week", "last"], ["people"]):
        j(*argv)
    wrong = [f"{name}{problem}" for name, outputs in walk.outputs.items()
             for data in outputs for problem in problems(data)]
    assert not wrong, "\n".join(wrong)
    assert walk.outputs["secure"][0]["format"] == 2
    assert ISO.match(walk.outputs["time sheet"][0]["submitted_at"])
