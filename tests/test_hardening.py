"""Issue 10's defects, each reproduced: values that broke the CLI with exit 70, inputs that
were silently accepted, the workspace name, restores, drafts (tests/test_hostile_*.py and
tests/test_fuzz_cli.py cover hostile text and argv fuzzing)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from teamspace.cli.app import run
from teamspace.store.core import migrations
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.store.tasks import tasks

from support import run_cli


def cli(db: str, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """The real command as a subprocess (stdin is a pipe, never a terminal)."""
    result = run_cli(*argv, "--db", db, input=stdin if stdin is not None else "")
    return result.returncode, result.stdout, result.stderr


def one_line_error(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("teamspace: error: ")


# ---------------------------------------------------------------- the workspace name
def test_init_never_renames_an_existing_workspace(workspace: Workspace) -> None:
    code, _, err = cli(workspace.path, "init", "--name", "Acme")
    assert code == 0 and workspace.get_meta("name") == "Acme"  # unnamed yet: named now
    code, _, err = cli(workspace.path, "init", "--name", "Team\x1b]0;owned\x1b\\")
    assert code == 64 and one_line_error(err) and "does not rename" in err
    assert workspace.get_meta("name") == "Acme"
    assert cli(workspace.path, "init", "--name", "Acme")[0] == 0  # the same name: fine


def test_workspace_rename_is_logged_and_limited(workspace: Workspace) -> None:
    code, out, _ = cli(workspace.path, "workspace", "rename", "Acme Corp")
    assert code == 0 and "Acme Corp" in out
    row = workspace.read(lambda s: s.one(
        "SELECT actor, action, changes FROM activity WHERE item_type = 'workspace'"))
    assert row is not None and row["actor"] == "anna" and row["action"] == "rename"
    code, _, err = cli(workspace.path, "workspace", "rename", "x" * 101)
    assert code == 64 and "at most 100" in err


# ---------------------------------------------------------------- exit 70 no more
@pytest.mark.parametrize("argv", [
    ["task", "calendar", "--month", "0000-01"], ["task", "calendar", "--month", "9999-12"],
    ["task", "calendar", "--month", "10000-01"], ["task", "add", "x", "--due", "+99999999d"],
    ["task", "add", "x", "--due", "0001-01-01"], ["feed", "--since", "9999999999d"],
    ["thread", "99999999999999999999"], ["task", "show", "9223372036854775808"],
    ["react", "9223372036854775808", "+1"], ["task", "done", "99999999999999999999"],
])
def test_out_of_range_values_are_one_line_errors(workspace: Workspace,
                                                argv: list[str]) -> None:
    code, _, err = cli(workspace.path, *argv)
    assert code in (2, 64) and one_line_error(err), (argv, code, err)


def test_text_that_is_not_utf8_is_a_clear_error(workspace: Workspace) -> None:
    import subprocess
    import sys

    env = {**os.environ, "TEAMSPACE_DB": workspace.path}
    piped = subprocess.run([sys.executable, "-m", "teamspace", "post", "-"],
                           input=b"caf\xe9", capture_output=True, env=env, timeout=60)
    assert piped.returncode == 64 and b"not UTF-8" in piped.stderr
    assert piped.stderr.count(b"\n") == 1
    argv = subprocess.run([sys.executable, "-m", "teamspace", "post", b"caf\xe9"],
                          capture_output=True, env=env, timeout=60)
    assert argv.returncode == 64 and b"not valid UTF-8" in argv.stderr
    assert feed.feed(workspace) == []


def test_limits_below_one_are_refused(workspace: Workspace) -> None:
    for argv in (["dm", "anna", "-n", "0"], ["dm", "anna", "-n", "-1"],
                 ["people", "-n", "-1"], ["feed", "-n", "0"]):
        code, _, err = cli(workspace.path, *argv)
        assert code in (2, 64) and ("-n" in err or "--limit" in err), (argv, err)


# ---------------------------------------------------------------- silent accepts
def test_restoring_what_is_not_deleted_says_so(workspace: Workspace) -> None:
    post = posts.create_post(workspace, text="still here")
    task = tasks.add_task(workspace, title="still here")
    for argv, what in ((["restore", str(post)], "post"), (["task", "restore", str(task)],
                                                          "task")):
        code, _, err = cli(workspace.path, *argv)
        assert code == 64 and f"{what} {post if what == 'post' else task} is not in the " \
            "trash" in err


def test_an_empty_due_date_is_an_error_not_a_clear(workspace: Workspace) -> None:
    task = tasks.add_task(workspace, title="t", due="2026-12-24")
    code, _, err = cli(workspace.path, "task", "due", str(task), "")
    assert code == 64 and "'none' to clear" in err
    from teamspace.store.tasks import query

    assert query.get_task(workspace, task).due is not None  # not silently cleared


# ---------------------------------------------------------------- posts: edits and restores
def test_restoring_a_post_does_not_mark_it_edited(workspace: Workspace) -> None:
    post = posts.create_post(workspace, text="original")
    posts.delete_post(workspace, post_id=post)
    posts.restore_post(workspace, post_id=post)
    assert not feed.get_post(workspace, post).edited
    version = feed.get_post(workspace, post).version
    assert posts.edit_post(workspace, post_id=post, text="original") == version  # no change
    assert not feed.get_post(workspace, post).edited
    posts.edit_post(workspace, post_id=post, text="changed")
    assert feed.get_post(workspace, post).edited


def test_an_older_workspace_gains_edited_at_from_its_history(workspace: Workspace) -> None:
    edited = posts.create_post(workspace, text="v1")
    posts.edit_post(workspace, post_id=edited, text="v2")
    plain = posts.create_post(workspace, text="never edited")
    with sqlite3.connect(workspace.path) as con:  # as a workspace made before the column
        con.execute("ALTER TABLE post DROP COLUMN edited_at")
        con.execute("DELETE FROM migration WHERE name = 'microblog.0002_edited_at'")
        con.execute(f"PRAGMA user_version = {migrations.schema_version() - 1}")
    assert feed.get_post(workspace, edited).edited
    assert not feed.get_post(workspace, plain).edited


# ---------------------------------------------------------------- drafts and pipes
def test_drafts_are_private_files(workspace: Workspace, isolated_env: Path) -> None:
    from teamspace.cli.compose import save_draft

    path = Path(save_draft("my words"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_drafts_have_a_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from teamspace.cli import compose
    from teamspace.errors import InvalidInput

    monkeypatch.setattr(compose, "MAX_DRAFT", 10)
    with pytest.raises(InvalidInput, match="too long to keep as a draft"):
        compose.save_draft("x" * 11)


def test_piped_dm_is_sent_and_edit_without_a_terminal_never_opens_an_editor(
        workspace: Workspace) -> None:
    code, out, err = cli(workspace.path, "dm", "anna", stdin="psst\n")
    assert code == 0 and out.strip().isdigit(), err
    assert [p.text for p in feed.feed(workspace, view="private")] == ["psst"]
    code, out, _ = cli(workspace.path, "dm", "anna")  # nothing piped: the conversation
    assert code == 0 and "psst" in out
    post = posts.create_post(workspace, text="before")
    code, _, err = cli(workspace.path, "edit", str(post))  # EDITOR would start on a pipe
    assert code == 64 and "no terminal to open an editor" in err
    code, _, _ = cli(workspace.path, "edit", str(post), stdin="after")
    assert code == 0 and feed.get_post(workspace, post).text == "after"


def test_run_restores_the_streams_it_guards() -> None:
    import sys

    before = (sys.stdout, sys.stderr)
    run(["version"])
    assert (sys.stdout, sys.stderr) == before


# ---------------------------------------------------------------- closed groups stay closed
def test_closed_group_names_never_reach_outsiders(workspace: Workspace) -> None:
    from teamspace.store.core import groups, people

    people.add_person(workspace, "bob")
    groups.create_group(workspace, name="leads", closed=True)
    groups.create_group(workspace, name="dev")
    bob = Workspace.open(workspace.path, user="bob")
    for argv in (["feed", "--group", "nothere"], ["group", "members", "leads"],
                 ["post", "hi", "--group", "leads"], ["mute", "group", "nothere"],
                 ["group", "join", "leads"], ["feed", "--group", "leads"]):
        result = run_cli(*argv, "--db", workspace.path, env={"TEAMSPACE_USER": "bob"})
        assert result.returncode != 0 and "leads" not in result.stderr.replace(
            "'leads'", ""), (argv, result.stderr)
        assert "dev" in result.stderr or "no group" in result.stderr, (argv, result.stderr)
    assert [g.name for g in groups.list_groups(bob)] == ["dev"]


def test_mute_group_works_as_documented(workspace: Workspace) -> None:
    from teamspace.store.core import groups

    groups.create_group(workspace, name="leads")
    for argv in (["mute", "group leads"], ["mute", "group", "leads"]):
        code, out, err = cli(workspace.path, *argv)
        assert code == 0 and "group" in out, err


# ---------------------------------------------------------------- one member's bad value
def stored_bad_dues(workspace: Workspace) -> list[int]:
    """Dues no client would accept now, as an old client or an import could store them."""
    ids = [tasks.add_task(workspace, title=f"t{n}") for n in range(2)]
    with sqlite3.connect(workspace.path) as con:
        con.execute("UPDATE task SET due = '0001-01-01', due_sort = '0001-01-01 00:00:00.0' "
                    "WHERE id = ?", (ids[0],))
        con.execute("UPDATE task SET due = '9999-12-31T23:59:00', due_time = 1, "
                    "due_sort = '9999-12-31 23:59:00.0' WHERE id = ?", (ids[1],))
    return ids


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Denver"])
def test_a_stored_due_nobody_can_read_breaks_no_view(workspace: Workspace, zone: str) -> None:
    ids = stored_bad_dues(workspace)
    env = {"TZ": zone, "TEAMSPACE_DB": workspace.path}
    for argv in (["task", "list"], ["task", "list", "--json"], ["task", "show", str(ids[0])],
                 ["task", "show", str(ids[1])], ["task", "export", "-f", "ics"],
                 ["task", "export", "-f", "taskwarrior"], ["task", "calendar"], ["people"],
                 ["task", "trash"]):
        result = run_cli(*argv, env=env)
        assert result.returncode == 0, (argv, result.stderr)
    listed = run_cli("task", "list", env=env).stdout
    # 9999-12-31 23:59 UTC is a readable moment except east of UTC (past year 9999).
    assert listed.count("invalid date") == (2 if zone == "Asia/Tokyo" else 1)
    exported = run_cli("task", "export", "-f", "taskwarrior", env=env).stdout
    assert "9999-12-31T23:59:00" in exported or "99991231T235900Z" in exported  # not lost
    assert "0001-01-01" in exported or "00010101" in exported


async def test_the_tasks_pane_shows_unreadable_dues(workspace: Workspace,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import TabbedContent

    from teamspace.tui.app import build_app

    from tui_support import settle

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    stored_bad_dues(workspace)
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#tabs", TabbedContent).active = "tasks"
        await settle(pilot)
        await pilot.press("e")  # the form shows the value as stored
        await settle(pilot)
        assert app.is_running
        assert "invalid date" in str(app.query_one("#task-list").get_option_at_index(1)
                                     .prompt)  # type: ignore[attr-defined]
    monkeypatch.delenv("TZ")
    time.tzset()


def test_a_crash_in_the_tui_exits_non_zero(workspace: Workspace,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import TabbedContent

    from teamspace.tui.app import build_app, run_tui
    from teamspace.tui.panes.tasks.pane import TasksPane

    def broken(self: TasksPane, data: object) -> None:
        raise RuntimeError("a bug in a pane")

    monkeypatch.setattr(TasksPane, "show", broken)
    crashing = build_app(workspace, watch=False)
    crashing.call_later(lambda: crashing.query_one("#tabs", TabbedContent).__setattr__(
        "active", "tasks"))
    assert run_tui(workspace, app=crashing, headless=True) != 0


def test_descriptions_have_a_length_limit(workspace: Workspace) -> None:
    huge = "x" * 100_000
    for argv in (["group", "create", "big", "--description", huge],
                 ["project", "add", "Big", "--description", huge],
                 ["workspace", "rename", huge]):
        code, _, err = cli(workspace.path, *argv)
        assert code == 64 and "at most" in err and one_line_error(err), (argv[:2], err)


def test_the_outbox_is_a_private_file(workspace: Workspace, isolated_env: Path) -> None:
    """Queued writes (private messages too) wait in a file only their writer can read."""
    from teamspace.errors import Queued
    from teamspace.store.core import outbox

    old = os.umask(0o022)
    try:
        with pytest.raises(Queued):
            outbox.submit(workspace, "microblog.posts.create_post", {"text": "psst"},
                          op_id="a" * 32, failed="the share is away (test)")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(outbox.outbox_path()).st_mode) == 0o600


def test_a_damaged_header_and_a_full_disk_are_one_line_errors(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    posts.create_post(workspace, text="before")
    from teamspace.store.core import connection

    with open(workspace.path, "r+b") as handle:  # the "SQLite format 3" magic, damaged
        handle.seek(0)
        handle.write(b"SQLite format 9\x00")
    code, _, err = cli(workspace.path, "feed")
    assert code == 78 and one_line_error(err), err
    assert "not a teamspace workspace" in err or "damaged" in err, err
    with open(workspace.path, "r+b") as handle:
        handle.seek(0)
        handle.write(b"SQLite format 3\x00")

    def full(self: object, *args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(connection.Workspace, "_unit", full)
    from teamspace.cli.compose import keeping_draft
    from teamspace.errors import WorkspaceError

    with pytest.raises(WorkspaceError, match="is full.*your text is saved in"):
        keeping_draft("my words", True, lambda: posts.create_post(workspace, text="x"))
