"""The admin commands through Typer's CliRunner and as real subprocesses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core.connection import Workspace

from support import run_cli

runner = CliRunner()


def test_init_creates_and_repeats_safely(db_path: str) -> None:
    first = runner.invoke(app, ["init", db_path])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"Created {db_path}\n")
    again = runner.invoke(app, ["init", db_path, "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {"format": 2, "path": db_path, "state": "exists",
                                         "source": "--db", "user": "anna"}


def test_init_sets_the_name(db_path: str) -> None:
    assert runner.invoke(app, ["init", db_path, "--name", "Acme"]).exit_code == 0
    assert Workspace.open(db_path, user="anna").get_meta("name") == "Acme"


def test_init_refuses_a_sync_folder_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "Dropbox" / "team.db"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 78
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("teamspace: error: refusing to use")
    forced = runner.invoke(app, ["init", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert runner.invoke(app, ["doctor", "--db", str(target)]).exit_code == 1  # flags it
    assert runner.invoke(app, ["backup", str(tmp_path / "b.db"), "--db", str(target)]
                         ).exit_code == 0  # but it is usable


def test_whoami_plain_and_json(db_path: str) -> None:
    result = runner.invoke(app, ["whoami", "--db", db_path])
    assert result.exit_code == 0
    assert result.stdout == (f"anna\nworkspace: {db_path} (--db)\n"
                             "no workspace there yet ('teamspace init' creates it)\n")
    data = json.loads(runner.invoke(app, ["--db", db_path, "whoami", "--json"]).stdout)
    assert data["user"] == "anna" and data["user_source"] == "TEAMSPACE_USER"
    assert data["workspace"] == db_path and data["workspace_source"] == "--db"
    assert data["member"] is None


def test_default_workspace_is_created_on_first_use(isolated_env: Path) -> None:
    result = runner.invoke(app, ["backup", str(isolated_env / "copy.db")])
    assert result.exit_code == 78  # backup never creates the workspace it copies
    assert "no workspace" in result.stderr
    from teamspace.cli.common import open_workspace

    ws = open_workspace(None)
    assert ws.path == str(isolated_env / "data" / "team.db") and ws.exists()


def test_explicit_missing_workspace_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "typo.db"
    result = runner.invoke(app, ["doctor", "--db", str(target), "--json"])
    assert result.exit_code == 1
    assert "'teamspace init' creates it" in json.loads(result.stdout)["problems"][0]
    assert not target.exists()


def test_doctor_reports_everything(workspace: Workspace) -> None:
    result = runner.invoke(app, ["doctor", "--db", workspace.path, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sqlite"] == sqlite3.sqlite_version
    assert "mkdir lock" in report["lock_protocol"] and "unix-none" in report["lock_protocol"]
    assert report["filesystem"]["type"] and report["filesystem"]["network"] is False
    assert report["schema"]["workspace"] == report["schema"]["client"]
    assert report["integrity_check"] == "ok"
    assert report["lock"] == {"held": False, "holder": None, "host": None, "pid": None,
                              "since": None, "stale": False, "status": "free"}
    assert report["rows"]["person"] == 1 and report["problems"] == []
    text = runner.invoke(app, ["doctor", "--db", workspace.path])
    assert "integrity:         ok" in text.stdout and "no problems found" in text.stdout


def test_doctor_repairs_a_stale_lock(workspace: Workspace) -> None:
    import os

    from teamspace.store.core.lock import Owner

    os.mkdir(workspace.path + ".lock")
    dead = Owner(token="t" * 24, host=os.uname().nodename, pid=2**22 + 7, pid_start=None,
                 user="bob", purpose="writing", since=0, beat_at=0)
    Path(workspace.path + ".lock", "owner").write_bytes(dead.encode())
    report = json.loads(runner.invoke(app, ["doctor", "--db", workspace.path, "--json"]).stdout)
    assert report["lock"]["held"] and report["lock"]["stale"]
    assert report["lock"]["holder"].startswith("bob@")
    fixed = runner.invoke(app, ["doctor", "--db", workspace.path, "--repair"])
    assert fixed.exit_code == 0, fixed.output
    assert "repaired: removed a stale lock" in fixed.stdout
    assert not os.path.exists(workspace.path + ".lock")


def test_backup_copies_and_verifies(workspace: Workspace, tmp_path: Path) -> None:
    workspace.set_meta("name", "Acme")
    dest = tmp_path / "backups"
    dest.mkdir()
    result = runner.invoke(app, ["backup", str(dest), "--db", workspace.path, "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    copy = Path(info["path"])
    assert copy.parent == dest and info["integrity"] == "ok"
    con = sqlite3.connect(copy)
    assert con.execute("SELECT value FROM meta WHERE key = 'name'").fetchone() == ("Acme",)
    con.close()
    again = runner.invoke(app, ["backup", str(copy), "--db", workspace.path])
    assert again.exit_code == 64 and "--overwrite" in again.stderr
    assert runner.invoke(app, ["backup", str(copy), "--db", workspace.path, "--overwrite"]
                         ).exit_code == 0


def test_version_json(workspace: Workspace) -> None:
    data = json.loads(runner.invoke(app, ["version", "--json"]).stdout)
    assert set(data) == {"format", "teamspace", "python", "sqlite", "schema"}
    with_db = json.loads(runner.invoke(app, ["version", "--db", workspace.path, "--json"]
                                       ).stdout)
    assert with_db["workspace_schema"] == with_db["schema"]
    line = runner.invoke(app, ["version", "--db", workspace.path]).stdout
    assert line.startswith("teamspace ") and f"workspace schema {data['schema']}" in line


def test_every_command_takes_db() -> None:
    """--db works on every command (the brief): check each command's options."""
    import typer

    from teamspace.cli.app import tables
    from teamspace.cli.common import build_command, table_group

    root = typer.main.get_command(app)
    assert "--db" in [o for p in root.params for o in getattr(p, "opts", [])]
    commands, groups = tables()
    built = [build_command(module, name) for name, module in commands.items()]
    built += [table_group(name, *spec) for name, spec in groups.items()]
    assert len(built) > 25
    for command in built:
        name = command.name
        subcommands = getattr(command, "lazy", None) or getattr(command, "typer_app", None)
        leaves = ([command.get_command(None, sub) for sub in command.list_commands(None)]
                  if subcommands else [command])
        for leaf in leaves:
            options = [o for p in leaf.params for o in getattr(p, "opts", [])]
            assert "--db" in options, f"{name} {leaf.name}"


def test_subprocess_error_is_one_line_without_traceback(isolated_env: Path) -> None:
    config = isolated_env / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("workspace = [broken\n")
    result = run_cli("whoami")
    assert result.returncode == 78
    assert result.stderr.startswith("teamspace: error: config file")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    debug = run_cli("whoami", env={"TEAMSPACE_DEBUG": "1"})
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_subprocess_usage_error_exits_2() -> None:
    result = run_cli("init", "--no-such-option")
    assert result.returncode == 2 and "No such option" in result.stderr


def test_subprocess_whoami_and_version(db_path: str) -> None:
    who = run_cli("whoami", "--db", db_path)
    assert who.returncode == 0 and who.stdout.splitlines()[0] == "anna"
    assert run_cli("--version").stdout.startswith("teamspace ")


def test_shell_completion_script_is_offered() -> None:
    # The shell is named, not detected: under make and pytest-xdist the nearest shell
    # above the test is sh, which Typer's detection finds first and does not support.
    named = {"SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = run_cli("--show-completion", "bash", env=named)
    assert result.returncode == 0 and "complete" in result.stdout
    assert "_TEAMSPACE_COMPLETE" in result.stdout
