"""Argv fuzzing: whatever is typed after any command, teamspace answers with a result or
one clear error line — never exit 70 ("internal error") and never a traceback."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamspace.cli.app import run, tables
from teamspace.cli.common import build_command, table_group
from teamspace.errors import EXIT_SOFTWARE
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts
from teamspace.store.tasks import tasks


def every_command() -> list[list[str]]:
    """[command] and [group, subcommand] for everything the CLI offers (but the ones that
    open a full-screen program: the demo's TUI)."""
    commands, groups = tables()
    found: list[list[str]] = []
    for name, module in commands.items():
        command = build_command(module, name)
        subs = getattr(command, "typer_app", None) and command.list_commands(None)
        found.extend([[name, sub] for sub in subs] if subs else [[name]])
    for name, spec in groups.items():
        found.extend([name, sub] for sub in table_group(name, *spec).list_commands(None))
    return [argv for argv in found if argv[0] != "demo"]


COMMANDS = every_command()
TOKENS = st.one_of(
    st.sampled_from(["0", "1", "2", "-1", "9223372036854775807", "9223372036854775808",
                     "99999999999999999999", "1e9", "", " ", "-", "--", "--json", "--all",
                     "-n", "--limit", "0", "--since", "9999999999d", "--due", "+99999999d",
                     "0001-01-01", "9999-12-31", "--month", "0000-01", "10000-01", "9999-12",
                     "--to", "@nobody", "#tag", "--group", "leads", "--project", "x",
                     "--format", "ics", "none", "fri", "+1", "\x1b]0;x\x07", "\u202e",
                     "\udcff", "a" * 5000, "--db", "/nonexistent/x.db", "/dev/full",
                     "--priority", "Z", "--tag", "a b", "--at", "25:99", "--as", "Root"]),
    st.text(max_size=12))


@pytest.fixture
def fuzz_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workspace: Workspace) -> None:
    """A workspace with a little of everything; the editor refuses; cwd is scratch."""
    posts.create_post(workspace, text="hello #tag")
    tasks.add_task(workspace, title="a task", due="2026-12-24")
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    monkeypatch.setenv("TEAMSPACE_OFFLINE", "1")  # 'link add x' must not fetch https://x/
    monkeypatch.setenv("BROWSER", "true")  # 'link open' starts no real browser
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.setenv("VISUAL", "false")
    monkeypatch.chdir(tmp_path)


def invoke(argv: list[str]) -> tuple[int, str]:
    """Run in this process with an empty, non-terminal stdin (as in a script)."""
    import sys

    err = io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            return run(argv), err.getvalue()
    finally:
        sys.stdin = stdin


def test_every_command_is_fuzzed() -> None:
    names = {" ".join(argv) for argv in COMMANDS}
    assert {"post", "feed", "task add", "task calendar", "group create", "backup",
            "workspace rename"} <= names
    assert len(COMMANDS) > 45


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), args=st.lists(TOKENS, max_size=5))
def test_no_argv_is_an_internal_error(fuzz_env: None, command: list[str],
                                      args: list[str]) -> None:
    code, err = invoke([*command, *args])
    assert code != EXIT_SOFTWARE, (command, args, err)
    assert "Traceback" not in err and "internal error" not in err, (command, args, err)
    assert os.environ["TEAMSPACE_DB"]
