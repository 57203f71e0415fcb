"""Suggestions from a seeded activity log and a real git repository: blocks per
project, each saying what it came from, time already logged cut out, rejected blocks
not suggested again, and nothing written until a block is reviewed (CLI review too)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.errors import InvalidInput
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.time import entries, interop, suggest

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server

DAY = date(2026, 11, 2)


pytestmark = pytest.mark.usefixtures("utc_days")  # days are UTC days


def seed(ws: Workspace, rows: list[tuple[str, str, int, str, str]]) -> None:
    """Activity rows (at HH:MM on DAY, item type, id, action, changes JSON) by anna —
    as the other panes' writers leave them."""
    def body(session: Session) -> None:
        session.many(
            "INSERT INTO activity (at, actor, op_id, item_type, item_id, action, changes) "
            "VALUES (:at, 'anna', 'seed', :t, :i, :a, :c)",
            [{"at": f"{DAY.isoformat()} {at}:00.000000", "t": t, "i": i, "a": a, "c": c}
             for at, t, i, a, c in rows])

    ws.write(body, kind="test.seed")


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    projects.create_project(workspace, name="acme")
    projects.create_project(workspace, name="Beta")
    seed(workspace, [
        ("09:10", "task", 7, "update", '{"project_id": [null, 1]}'),
        ("09:40", "task", 7, "done", '{"status": ["open", "done"]}'),
        ("10:30", "post", 3, "create", '{"text": [null, "deployed #beta today"]}'),
        ("10:35", "note", 4, "update", '{"title": ["", "Beta plan"], "project": [null, "beta"]}'),
        ("14:00", "link", 9, "create", '{"title": [null, "some article"]}'),
        ("14:05", "time_entry", 1, "create", "{}"),  # the Time pane's own: ignored
    ])
    return workspace


def test_blocks_per_project_say_what_they_came_from(ws: Workspace) -> None:
    now = datetime(2026, 11, 3, tzinfo=UTC)
    blocks = ws.read(lambda s: suggest.select_suggestions(s, "anna", DAY, now=now))
    assert [(b.project, b.started_at[11:16], b.ended_at[11:16]) for b in blocks] == [
        ("acme", "08:55", "09:40"), ("Beta", "10:15", "10:35"), (None, "13:45", "14:00")]
    assert blocks[0].sources == ["task #7 update", "task #7 done"]
    assert blocks[1].sources == ["post #3 create", "note #4 update: Beta plan"]
    assert blocks[2].sources == ["link #9 create: some article"]
    assert ws.read(lambda s: s.scalar("SELECT count(*) FROM time_entry")) == 0


def test_logged_time_is_cut_out_and_reviews_are_remembered(ws: Workspace) -> None:
    now = datetime(2026, 11, 3, tzinfo=UTC)
    entries.add_entry(ws, project="acme", started_at="2026-11-02 09:00:00.000000",
                      ended_at="2026-11-02 09:30:00.000000")
    blocks = ws.read(lambda s: suggest.select_suggestions(s, "anna", DAY, now=now))
    assert [(b.started_at[11:16], b.ended_at[11:16]) for b in blocks][:1] == [("09:30",
                                                                               "09:40")]
    first = blocks[0]
    suggest.reject_block(ws, key=first.key)
    again = ws.read(lambda s: suggest.select_suggestions(s, "anna", DAY, now=now))
    assert first.key not in [b.key for b in again]
    beta = again[0]
    assert beta.project == "Beta"
    made = suggest.accept_block(ws, key=beta.key, project="Beta",
                                started_at=beta.started_at, ended_at=beta.ended_at,
                                note=beta.note())
    entry = ws.read(lambda s: interop.select_all(s, "anna"))[-1]
    assert (entry.id, entry.source, entry.note) == (
        made["id"], "suggest", "from post #3 create; note #4 update: Beta plan")
    with pytest.raises(InvalidInput, match="accepted already"):
        suggest.accept_block(ws, key=beta.key, project="Beta", started_at=beta.started_at,
                             ended_at=beta.ended_at)
    left = ws.read(lambda s: suggest.select_suggestions(s, "anna", DAY, now=now))
    assert [b.project for b in left] == [None]


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when or "", "GIT_COMMITTER_DATE": when or ""}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={k: v for k, v in env.items() if v})


def test_commit_times_from_a_real_git_repository(ws: Workspace, tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "anna@example.org")
    git(repo, "config", "user.name", "Anna")
    for n, when in enumerate(["2026-11-02T16:00:00+00:00", "2026-11-02T16:40:00+00:00",
                              "2026-11-03T09:00:00+00:00"]):
        (repo / "f").write_text(str(n))
        git(repo, "add", "f")
        git(repo, "commit", "-q", "-m", f"change {n}", when=when)
    git(repo, "config", "user.email", "someone@else.org")
    (repo / "g").write_text("x")
    git(repo, "add", "g")
    git(repo, "commit", "-q", "-m", "not mine", when="2026-11-02T17:30:00+00:00")
    lo = datetime(2026, 11, 2, tzinfo=UTC)
    events = suggest.git_events(str(repo), lo, datetime(2026, 11, 3, tzinfo=UTC),
                                author="anna@example.org")
    assert [(e.project, e.at.strftime("%H:%M")) for e in events] == [
        ("acme", "16:40"), ("acme", "16:00")]
    assert events[0].what.startswith("commit ") and events[0].what.endswith(": change 1")
    blocks = ws.read(lambda s: suggest.select_suggestions(
        s, "anna", DAY, events, now=datetime(2026, 11, 3, tzinfo=UTC)))
    assert ("acme", "15:45", "16:40") in [(b.project, b.started_at[11:16], b.ended_at[11:16])
                                          for b in blocks]
    with pytest.raises(InvalidInput, match="no git repository"):
        suggest.git_events(str(tmp_path / "missing"), lo, lo)


def test_cli_review_accepts_adjusts_and_rejects(ws: Workspace,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAMSPACE_DB", ws.path)
    runner = CliRunner()
    shown = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat()])
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("  1. 2026-11-02 08:55–09:40") and "acme" in lines[0]
    assert "task #7 done" in shown.stdout and "nothing is written" in shown.stdout
    assert ws.read(lambda s: s.scalar("SELECT count(*) FROM time_entry")) == 0
    # accept the first as is, adjust the second, reject the third
    review = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat(), "--review"],
                           input="a\nd\nBeta\n10:00\n10:45\nplanning\nr\n")
    assert review.exit_code == 0, review.stderr
    assert "accepted as #1 on acme" in review.stdout and "rejected" in review.stdout
    found = ws.read(lambda s: interop.select_all(s, "anna"))
    assert [(e.project, e.started_at[11:16], e.ended_at[11:16], e.note) for e in found] == [
        ("acme", "08:55", "09:40", "from task #7 update; task #7 done"),
        ("Beta", "10:00", "10:45", "planning")]
    after = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat()])
    assert after.stdout.startswith("No suggestions")
    bad = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat(), "--accept", "9"])
    assert bad.exit_code == 64 and "no suggestion '9'" in bad.stderr
    seed(ws, [("18:00", "link", 10, "create", "{}")])  # no project: accepting needs one
    lone = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat(), "--accept", "1"])
    assert lone.exit_code == 64 and "has no project: give --project P" in lone.stderr
    done = runner.invoke(app, ["time", "suggest", "--day", DAY.isoformat(), "--accept", "1",
                               "-p", "acme", "--start", "17:30"])
    assert done.exit_code == 0 and "accepted as #3 on acme" in done.stdout

