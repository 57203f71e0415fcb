"""The workspace store: creation, migrations, idempotent writes, activity, schema checks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from teamspace.errors import (
    NewerSchemaError,
    NotInitialized,
    ShareUnreachable,
    WorkspaceError,
)
from teamspace.store.core import migrations
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server
# The server's own versions of the file-specific tests are in tests/test_postgres.py.


def plain(db: str) -> sqlite3.Connection:
    """A direct connection for inspecting the file from outside the store."""
    return sqlite3.connect(db)


@pytest.mark.sqlite_only
def test_create_is_idempotent_and_records_migrations(db_path: str) -> None:
    ws = Workspace.open(db_path, user="anna")
    assert ws.create() is True
    assert ws.create() is False
    with plain(db_path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.schema_version()
        names = [r[0] for r in con.execute("SELECT name FROM migration ORDER BY id")]
        assert names == [name for name, _ in migrations.all_migrations()]
        assert names[:2] == ["0001_foundation", "core.shared_tables"]
        assert {"0002_microblog", "0003_tasks"} <= set(names)
        assert con.execute("SELECT username FROM person").fetchall() == [("anna",)]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] != "wal"


@pytest.mark.sqlite_only
def test_missing_workspace_is_not_created_by_reads(db_path: str) -> None:
    ws = Workspace.open(db_path, user="anna")
    with pytest.raises(NotInitialized, match="teamspace init"):
        ws.read(lambda s: s.scalar("SELECT 1"))
    assert not Path(db_path).exists()


def test_a_non_database_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite " * 100)
    with pytest.raises(WorkspaceError, match="not a teamspace workspace"):
        Workspace.open(str(path), user="anna").read(lambda s: s.scalar("SELECT 1"))


def test_write_returns_result_and_logs_activity(workspace: Workspace) -> None:
    def body(session: Session) -> dict[str, int]:
        session.record("thing", 7, "create", {"title": [None, "x"]})
        return {"id": 7}

    assert workspace.write(body, kind="thing.create") == {"id": 7}
    rows = workspace.read(lambda s: s.all(
        "SELECT actor, item_type, item_id, action, changes FROM activity "
        "WHERE item_type = 'thing'"))
    assert [tuple(r)[:4] for r in rows] == [("anna", "thing", 7, "create")]
    assert json.loads(rows[0]["changes"]) == {"title": [None, "x"]}


def test_same_operation_id_runs_once(workspace: Workspace) -> None:
    calls = []

    def body(session: Session) -> int:
        calls.append(1)
        session.record("thing", len(calls), "create")
        return len(calls)

    first = workspace.write(body, kind="thing.create", op_id="op-1")
    again = workspace.write(body, kind="thing.create", op_id="op-1")
    assert first == again == 1 and len(calls) == 1
    count = workspace.read(lambda s: s.scalar(
        "SELECT count(*) FROM activity WHERE item_type = 'thing'"))
    assert count == 1


def test_activity_log_is_append_only(workspace: Workspace, db_path: str) -> None:
    workspace.write(lambda s: s.record("thing", 1, "create"), kind="t")
    with pytest.raises(Exception, match="append-only"):
        workspace.write(lambda s: s.execute("UPDATE activity SET actor = 'eve'"), kind="t")
    with pytest.raises(Exception, match="append-only"):
        workspace.write(lambda s: s.execute("DELETE FROM activity"), kind="t")


def test_failed_write_changes_nothing(workspace: Workspace) -> None:
    def body(session: Session) -> None:
        session.record("thing", 1, "create")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        workspace.write(body, kind="t", op_id="op-fail")
    assert workspace.read(lambda s: s.scalar(
        "SELECT count(*) FROM activity WHERE item_type = 'thing'")) == 0
    assert workspace.read(lambda s: s.scalar(
        "SELECT count(*) FROM operation WHERE op_id = 'op-fail'")) == 0


def make_newer(db_path: str) -> None:
    with plain(db_path) as con:
        con.execute(f"PRAGMA user_version = {migrations.schema_version() + 1}")
        con.execute("UPDATE meta SET value = '9.9.0' WHERE key = 'schema_app_version'")


@pytest.mark.sqlite_only
def test_newer_schema_refuses_writes_but_allows_reads(workspace: Workspace,
                                                      db_path: str) -> None:
    make_newer(db_path)
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM person")) == 1
    with pytest.raises(NewerSchemaError, match="upgraded by teamspace 9.9.0"):
        workspace.write(lambda s: None, kind="t")


@pytest.mark.sqlite_only
def test_older_schema_is_upgraded_on_first_use(workspace: Workspace, db_path: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def add_table(session: Session) -> None:
        session.execute("CREATE TABLE IF NOT EXISTS extra (id INTEGER PRIMARY KEY)")

    steps = (*migrations.all_migrations(), ("0099_extra", add_table))
    monkeypatch.setattr(migrations, "all_migrations", lambda: steps)
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM extra")) == 0
    with plain(db_path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(steps)
        assert con.execute("SELECT name FROM migration WHERE id = :n",
                           {"n": len(steps)}).fetchone() == ("0099_extra",)


@pytest.mark.sqlite_only
def test_workspace_from_before_per_pane_migrations_is_upgraded(workspace: Workspace,
                                                                db_path: str) -> None:
    """A file made when migrations were one flat list (0001-0003, user_version 3) gains
    the core step by name, keeps its rows, and is at the current version."""
    from teamspace.store.microblog import posts

    posts.create_post(workspace, text="made before the move")
    with plain(db_path) as con:
        con.execute("DELETE FROM migration WHERE name = 'core.shared_tables'")
        con.execute("PRAGMA user_version = 3")
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM post")) == 1
    with plain(db_path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.schema_version()
        names = [r[0] for r in con.execute("SELECT name FROM migration ORDER BY id")]
    assert names[-1] == "core.shared_tables" and len(names) == len(set(names))
    assert sorted(names) == sorted(name for name, _ in migrations.all_migrations())


def transient(backend: str) -> Exception:
    """An error the backend retries: a share's I/O hiccup, a serialization conflict."""
    if backend == "sqlite":
        return sqlite3.OperationalError("disk I/O error")
    from psycopg import errors

    return errors.SerializationFailure("could not serialize access (test)")


def test_transient_errors_are_retried(workspace: Workspace, backend: str) -> None:
    attempts = []

    def flaky(session: Session) -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise transient(backend)
        return "ok"

    assert workspace.write(flaky, kind="t") == "ok"
    assert len(attempts) == 3


def test_persistent_transient_errors_become_unavailable(workspace: Workspace,
                                                        backend: str) -> None:
    workspace.retry_seconds = 0.3

    def broken(session: Session) -> None:
        raise transient(backend)

    with pytest.raises(ShareUnreachable, match="unreachable or failing"):
        workspace.write(broken, kind="t")


def test_meta_round_trip(workspace: Workspace) -> None:
    workspace.set_meta("name", "Acme team")
    workspace.set_meta("name", "Acme")
    assert workspace.get_meta("name") == "Acme"
    assert workspace.get_meta("missing") is None


def test_every_member_is_registered_once(db_path: str, workspace: Workspace) -> None:
    bob = Workspace.open(db_path, user="bob")
    bob.write(lambda s: None, kind="t")
    bob.write(lambda s: None, kind="t")
    names = workspace.read(lambda s: [r["username"] for r in s.all(
        "SELECT username FROM person ORDER BY username")])
    assert names == ["anna", "bob"]


def test_a_garbled_read_on_a_share_is_read_again_before_damaged(tmp_path: Path) -> None:
    """smbnetfs with its session being killed made a sound file read as malformed once."""
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite " * 100)
    ws = Workspace.open(str(path), user="anna")
    ws.is_network = True
    with pytest.raises(WorkspaceError, match="not a teamspace workspace"):
        ws.read(lambda s: s.scalar("SELECT 1"))  # re-read a few times, then the clear error
