"""Microblog commands through the CLI (CliRunner, plus subprocesses for stdin/$EDITOR)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import people
from teamspace.store.core.connection import Workspace

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


def test_post_prints_the_id_and_feed_shows_it(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("anna", "post", "deploy done #release @bob")
    assert first.exit_code == 0 and first.stdout == "1\n"
    shown = cli("bob", "feed")
    assert "#1 · anna" in shown.stdout and "deploy done #release @bob" in shown.stdout
    data = json.loads(cli("bob", "feed", "--json").stdout)
    assert data[0]["id"] == 1 and data[0]["mentions_me"] and data[0]["tags"] == ["release"]


def test_private_posts_never_leak_through_any_command(cli) -> None:  # type: ignore[no-untyped-def]
    cli("anna", "post", "the secret plan", "--to", "bob")
    for args in (["feed"], ["feed", "--json"], ["feed", "--from", "anna", "--json"],
                 ["feed", "--private", "--json"], ["digest", "--json"], ["thread", "1"],
                 ["history", "1"], ["dm", "anna", "--json"]):
        result = cli("chen", *args)
        assert "secret plan" not in result.stdout, args
    assert cli("chen", "thread", "1").exit_code == 3
    assert "the secret plan" in cli("bob", "dm", "anna").stdout


def test_bad_input_is_one_line_and_nonzero(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("anna", "post", "hi @bobb")
    assert result.exit_code == 64
    assert result.stderr == ("teamspace: error: unknown user @bobb in the text (did you "
                             "mean @bob?); use --force to post anyway\n")
    assert cli("anna", "post", "hi @bobb", "--force").exit_code == 0
    assert cli("anna", "feed", "--mentions", "--private").exit_code == 64
    assert cli("anna", "feed", "--since", "someday").exit_code == 64
    assert cli("anna", "react", "99", "+1").exit_code == 3


def test_reply_thread_react_edit_delete_restore(cli) -> None:  # type: ignore[no-untyped-def]
    cli("anna", "post", "release friday?")
    assert cli("bob", "reply", "1", "yes").stdout == "2\n"
    assert cli("chen", "react", "1", "tada").stdout == "added\n"
    thread = cli("chen", "thread", "2").stdout
    assert thread.index("release friday?") < thread.index("yes") and "🎉 1" in thread
    assert cli("bob", "edit", "1", "nope").exit_code == 1
    assert cli("anna", "edit", "1", "release monday?").stdout == "edited #1\n"
    history = cli("bob", "history", "1").stdout
    assert "- release friday?" in history and "+ release monday?" in history
    assert cli("bob", "delete", "2").exit_code == 0
    assert "#2" not in cli("anna", "feed").stdout
    assert "#2" in cli("bob", "trash").stdout
    assert cli("bob", "restore", "2").exit_code == 0
    assert "#2" in cli("anna", "feed").stdout


def test_unread_read_mute_digest(cli) -> None:  # type: ignore[no-untyped-def]
    cli("bob", "read", "--all")
    cli("anna", "post", "one @bob")
    cli("chen", "post", "two")
    unread = cli("bob", "feed", "--unread")
    assert "#1" in unread.stdout and "#2" in unread.stdout
    assert "2 unread (1 mentions, 0 private)" in unread.stderr
    assert cli("bob", "read", "1").exit_code == 0
    assert "#1" not in cli("bob", "feed", "--unread").stdout
    assert cli("bob", "mute", "chen").stdout == "muted user chen\n"
    assert cli("bob", "feed", "--unread").stdout == ""
    assert "@chen" in cli("bob", "mute").stdout
    assert cli("bob", "unmute", "chen").stdout == "unmuted user chen\n"
    digest = json.loads(cli("bob", "digest", "--since", "1h", "--json").stdout)
    assert [m["text"] for m in digest["mentions"]] == ["one @bob"] and digest["posts"] == 2


def test_groups_from_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("anna", "group", "create", "leads", "--closed").exit_code == 0
    cli("anna", "post", "reorg", "--group", "leads")
    assert cli("chen", "group", "join", "leads").exit_code == 3  # no such group, to chen
    assert cli("chen", "feed", "--group", "leads").exit_code == 3
    cli("anna", "group", "invite", "leads", "chen")
    assert cli("chen", "group", "join", "leads").exit_code == 0
    assert "reorg" in cli("chen", "feed", "--group", "leads").stdout
    listed = json.loads(cli("chen", "group", "list", "--json").stdout)
    assert listed[0]["name"] == "leads" and listed[0]["members"] == 2
    assert cli("chen", "group", "members", "leads").stdout == "anna\nchen\n"


def test_hostile_text_never_reaches_the_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    cli("anna", "post", "evil \x1b]0;pwned\x07 \x1b[2J [bold]markup[/bold] \u202eabc")
    shown = cli("bob", "feed").stdout
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "[bold]markup[/bold]" in shown
    raw = json.loads(cli("bob", "feed", "--json").stdout)[0]["text"]
    assert "\x1b]0;pwned" in raw  # --json keeps the data, escaped by JSON


def test_stdin_and_editor_in_real_processes(workspace: Workspace, tmp_path: Path) -> None:
    env = {"TEAMSPACE_DB": workspace.path}
    piped = run_cli("post", "-", input="from a pipe\n", env=env)
    assert piped.returncode == 0 and piped.stdout == "1\n"
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\nprintf 'from the editor @nobody' > \"$1\"\n")
    editor.chmod(0o755)
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()  # a terminal on stdin makes 'post' open $EDITOR
    try:
        failed = subprocess.run([sys.executable, "-m", "teamspace", "post"], stdin=terminal,
                                capture_output=True, text=True, timeout=60,
                                env={**os.environ, **env, "EDITOR": str(editor)})
    finally:
        os.close(controller)
        os.close(terminal)
    assert failed.returncode == 64
    draft = failed.stderr.split("your text is saved in ")[1].rstrip(")\n")
    assert Path(draft).read_text() == "from the editor @nobody"
    assert os.path.dirname(draft).startswith(os.environ["TEAMSPACE_DATA_DIR"])


def test_edit_conflict_from_another_machine_is_reported_not_overwritten(
        workspace: Workspace, tmp_path: Path) -> None:
    """While anna edits post 1 in $EDITOR, her other machine changes it first."""
    import pty
    import subprocess
    import sys

    env = {**os.environ, "TEAMSPACE_DB": workspace.path}
    assert run_cli("post", "first draft", env=env).stdout == "1\n"
    editor = tmp_path / "slow-editor"
    editor.write_text(
        "#!/bin/sh\n"
        f"{sys.executable} -m teamspace edit 1 'edited on the laptop' >/dev/null\n"
        "printf 'edited on the desktop' > \"$1\"\n")
    editor.chmod(0o755)
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "teamspace", "edit", "1"],
                                stdin=terminal, capture_output=True, text=True, timeout=60,
                                env={**env, "EDITOR": str(editor)})
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 4
    assert "post 1 was changed by anna at" in result.stderr and "nothing was overwritten" \
        in result.stderr
    assert "your text is saved in" in result.stderr  # the desktop text is not lost
    shown = json.loads(run_cli("feed", "--json", env=env).stdout)
    assert shown[0]["text"] == "edited on the laptop"
