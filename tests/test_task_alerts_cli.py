"""``teamspace task alerts``: what I have not seen (listing marks nothing, as ``feed
--unread`` does), ``--seen`` marks it (the TUI then tells it no more), ``--all`` shows
the seen ones too, ``--json`` for scripts; through CliRunner and one real process."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import alerts, tasks

from support import run_cli

runner = CliRunner()


@pytest.fixture
def bob(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    return Workspace.open(workspace.path, user="bob")


def cli(*args: str, user: str = "anna") -> str:
    result = runner.invoke(app, list(args), env={"TEAMSPACE_USER": user})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def test_list_then_mark_seen_then_all(workspace: Workspace, bob: Workspace) -> None:
    assert cli("task", "alerts") == "No new task alerts (--all shows the last week's).\n"
    budget = tasks.add_task(bob, title="Budget \x1b[31m[b]red[/b]", assignee="anna")
    tasks.add_comment(bob, task_id=budget, text="@anna numbers?\n\x1b]0;x\x07please")
    tasks.add_task(bob, title="Chen's", assignee="chen")
    lines = cli("task", "alerts").splitlines()
    assert lines[0].startswith(f"● #{budget} bob assigned you “Budget \ufffd[31m[b]red[/b]”")
    assert lines[1].startswith(f"● #{budget} bob mentioned you on “Budget")
    assert lines[2] == "    @anna numbers? \ufffd]0;x\ufffdplease" and len(lines) == 3
    assert "\x1b" not in "".join(lines)
    assert len(cli("task", "alerts").splitlines()) == 3  # listing marked nothing

    data = json.loads(cli("task", "alerts", "--json"))
    assert [(a["kind"], a["seen"], a["actor"]) for a in data] == [
        ("assigned", False, "bob"), ("mention", False, "bob")]
    assert data[0]["title"] == "Budget \x1b[31m[b]red[/b]" and data[0]["format"]
    assert data[0]["at"].endswith("Z")

    result = runner.invoke(app, ["task", "alerts", "--seen"], env={"TEAMSPACE_USER": "anna"})
    assert result.exit_code == 0 and "marked 2 seen" in result.stderr
    assert alerts.backlog(workspace).alerts == []
    assert cli("task", "alerts", "--json") == "[]\n"
    assert len(cli("task", "alerts", "--json", user="chen")) > 2  # chen's are his own
    every = json.loads(cli("task", "alerts", "--all", "--json"))
    assert [a["seen"] for a in every] == [True, True]
    assert cli("task", "alerts", "--all").startswith("  #")  # no unseen marker
    assert cli("task", "alerts", "--all", "--since", "2099-01-01") == \
        "No task alerts since then.\n"
    refused = runner.invoke(app, ["task", "alerts", "--since", "2h"])
    assert refused.exit_code == 64 and "--since goes with --all" in refused.stderr


def test_a_real_process_marks_seen_for_the_tui(workspace: Workspace, bob: Workspace) -> None:
    job = tasks.add_task(bob, title="Ship it", assignee="anna")
    done = run_cli("task", "alerts", "--seen", env={"TEAMSPACE_USER": "anna"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"● #{job} bob assigned you “Ship it”")
    assert "\x1b" not in done.stdout  # piped: no colour
    assert alerts.backlog(workspace).alerts == []  # what the TUI would tell at start
