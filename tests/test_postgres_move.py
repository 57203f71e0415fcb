"""Moving between a file and a server (migrate-to, a server's backup), and row-level
security checked with the real psql client as each member's role."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import groups, people, transfer
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.store.tasks import tasks

pytestmark = pytest.mark.postgres_only
runner = CliRunner()


def filled(path: str) -> Workspace:
    """A file workspace with some of everything: members, groups, posts (private too),
    reactions, tasks with tags, dependencies and comments, history."""
    ws = Workspace.open(path, user="anna")
    ws.create()
    for name in ("bob", "chen"):
        people.add_person(ws, name)
    bob = ws.as_user("bob")
    groups.create_group(ws, name="dev", closed=True)
    first = posts.create_post(ws, text="hello #release @bob, déploiement done")
    posts.create_post(bob, text="thanks", reply_to=first)
    posts.create_post(ws, text="private plan", to=["bob"])
    posts.create_post(ws, text="dev only", group="dev")
    posts.react(bob, post_id=first, emoji="+1")
    posts.edit_post(ws, post_id=first, text="hello #release @bob, deployed")
    one = tasks.add_task(ws, title="Fix login", due="2026-12-24", priority="H",
                         tags=["web"], project=None)
    two = tasks.add_task(ws, title="Ship", after=[one])
    tasks.add_comment(bob, task_id=two, text="waiting")
    tasks.complete_tasks(ws, task_ids=[one])
    return ws


# file -> server -> file with every pane: tests/test_postgres_panes.py


def test_an_interrupted_copy_resumes(tmp_path: Path, db_path: str, pg: Any,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = filled(str(tmp_path / "team.db"))
    target = Workspace.open(db_path, user="anna")
    monkeypatch.setattr(transfer, "CHUNK", 2)
    calls = {"n": 0}
    real = transfer._sync_chunk

    def flaky(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt  # the user pressed ctrl+c mid-copy
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer, "_sync_chunk", flaky)
    with pytest.raises(KeyboardInterrupt):
        transfer.copy(source, target)
    monkeypatch.setattr(transfer, "_sync_chunk", real)
    result = transfer.copy(source, target)
    assert result["verified"]
    assert sum(t["changed"] for t in result["tables"].values()) < result["rows"]


def test_a_target_holding_another_workspace_is_refused(tmp_path: Path, workspace: Workspace
                                                       ) -> None:
    posts.create_post(workspace, text="the server's own")
    source = filled(str(tmp_path / "team.db"))
    refused = runner.invoke(app, ["migrate-to", workspace.path, "--db", source.path])
    assert refused.exit_code == 78 and "already holds another workspace" in refused.stderr


def test_a_server_backup_is_a_verified_sqlite_workspace(workspace: Workspace,
                                                        tmp_path: Path) -> None:
    posts.create_post(workspace, text="keep me")
    made = runner.invoke(app, ["backup", str(tmp_path), "--db", workspace.path, "--json"])
    assert made.exit_code == 0, made.output
    copy = json.loads(made.stdout)["path"]
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [p.text for p in feed.feed(Workspace.open(copy, user="anna"))] == ["keep me"]


def _secured(workspace: Workspace, pg: Any) -> str:
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    result = runner.invoke(app, ["secure", "--db", workspace.path])
    assert result.exit_code == 0, result.output
    for name in ("anna", "bob", "chen"):
        pg.admin(f"ALTER ROLE {name} PASSWORD 'pw-{name}'")
    from teamspace.store.core.postgres.url import database

    return database(workspace.path)


def test_row_level_security_hides_private_posts_even_from_psql(workspace: Workspace,
                                                               pg: Any) -> None:
    database = _secured(workspace, pg)
    anna = Workspace.open(pg.url(database, user="anna", password="pw-anna"), user="anna")
    posts.create_post(anna, text="public news")
    posts.create_post(anna, text="the secret plan", to=["bob"])

    def psql(user: str, sql: str) -> str:
        result = pg.psql(database, sql, user=user, password=f"pw-{user}")
        assert result.returncode == 0, result.stderr
        return str(result.stdout)

    assert psql("chen", "SELECT text FROM post ORDER BY id").split() == ["public", "news"]
    assert "secret" not in psql("chen", "SELECT changes FROM activity")
    assert psql("chen", "SELECT count(*) FROM post_recipient").strip() == "0"
    assert "the secret plan" in psql("bob", "SELECT text FROM post")
    assert "secret" not in psql("chen", "SELECT result FROM operation")
    # A forged author is refused by the server itself.
    forged = pg.psql(database, "INSERT INTO post (created_at, updated_at, author, version, "
                     "op_id, text, visibility, reply_count) VALUES (now(), now(), 'bob', 1, "
                     "'x', 'forged', 'everyone', 0)", user="chen", password="pw-chen")
    assert forged.returncode != 0 and "row-level security" in forged.stderr


def test_members_use_teamspace_normally_under_row_level_security(workspace: Workspace,
                                                                 pg: Any) -> None:
    database = _secured(workspace, pg)
    as_ = {name: pg.url(database, user=name, password=f"pw-{name}")
           for name in ("anna", "bob", "chen")}

    def cli(user: str, *args: str) -> Any:
        return runner.invoke(app, [*args, "--db", as_[user]], env={"TEAMSPACE_USER": user})

    assert cli("anna", "post", "to bob only", "--to", "bob").exit_code == 0
    assert cli("chen", "post", "hello all #news").exit_code == 0
    assert cli("bob", "reply", "1", "got it").exit_code == 0
    assert cli("bob", "react", "2", "+1").exit_code == 0
    assert cli("chen", "mute", "#standup").exit_code == 0
    assert cli("chen", "read", "--all").exit_code == 0
    chen = json.loads(cli("chen", "feed", "--json").stdout)
    assert [p["text"] for p in chen] == ["hello all #news"]
    bob = json.loads(cli("bob", "feed", "--json").stdout)
    assert {p["text"] for p in bob} == {"to bob only", "got it", "hello all #news"}
    assert cli("chen", "thread", "1").exit_code == 3  # not found, as on a file
    doctor = json.loads(cli("chen", "doctor", "--json").stdout)
    assert "post" in doctor["row_level_security"] and doctor["problems"] == []
