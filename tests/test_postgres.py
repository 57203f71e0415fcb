"""The PostgreSQL backend on its own: creating a workspace from a URL, schema versions,
clear errors for bad URLs and passwords, an unreachable server (queued, then synced),
a server that goes away mid-write, and many writers at once without a lost write.

The store and CLI suites also run on the server (``BACKENDS`` in their modules); these
are the behaviours a file does not have."""

from __future__ import annotations

import json
import threading
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.errors import NewerSchemaError, NotInitialized
from teamspace.store.core import migrations
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.microblog import feed, posts

pytestmark = pytest.mark.postgres_only
runner = CliRunner()


def admin_rows(pg: Any, url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read by the cluster's superuser, outside teamspace."""
    from teamspace.store.core.postgres.url import database

    with psycopg.connect(pg.url(database(url)), autocommit=True) as connection:
        return connection.execute(sql).fetchall()


def test_init_url_creates_the_database_and_the_schema(db_path: str, pg: Any) -> None:
    made = runner.invoke(app, ["init", db_path])
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[0] == f"Created {db_path}"
    assert f'workspace = "{db_path}"' in made.stdout
    again = runner.invoke(app, ["init", db_path])
    assert again.exit_code == 0 and again.stdout.startswith("Already a workspace:")
    assert admin_rows(pg, db_path, "SELECT value FROM meta WHERE key = 'schema_version'") \
        == [(str(migrations.schema_version()),)]
    names = [r[0] for r in admin_rows(pg, db_path, "SELECT name FROM migration ORDER BY id")]
    assert names == [name for name, _ in migrations.all_migrations()]
    assert admin_rows(pg, db_path, "SELECT username FROM person") == [("anna",)]


def test_reading_a_database_that_is_not_there_says_init(db_path: str) -> None:
    ws = Workspace.open(db_path, user="anna")
    with pytest.raises(NotInitialized, match="teamspace init"):
        ws.read(lambda s: s.scalar("SELECT 1"))


def test_an_empty_database_is_not_initialised(db_path: str, pg: Any) -> None:
    from teamspace.store.core.postgres.url import database

    pg.admin(f'CREATE DATABASE "{database(db_path)}"')
    with pytest.raises(NotInitialized, match="no teamspace workspace yet"):
        Workspace.open(db_path, user="anna").read(lambda s: s.scalar("SELECT 1"))


def test_newer_schema_refuses_writes_but_allows_reads(workspace: Workspace, pg: Any) -> None:
    def newer(session: Session) -> None:
        session.execute("UPDATE meta SET value = :v WHERE key = 'schema_version'",
                        {"v": str(migrations.schema_version() + 1)})
        session.execute("UPDATE meta SET value = '9.9.0' WHERE key = 'schema_app_version'")

    workspace.write(newer, kind="t")
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM person")) == 1
    with pytest.raises(NewerSchemaError, match="upgraded by teamspace 9.9.0"):
        workspace.write(lambda s: None, kind="t")


def test_older_schema_is_upgraded_on_first_use(workspace: Workspace, pg: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def add_table(session: Session) -> None:
        session.execute("CREATE TABLE IF NOT EXISTS extra (id SERIAL PRIMARY KEY)")

    steps = (*migrations.all_migrations(), ("0099_extra", add_table))
    monkeypatch.setattr(migrations, "all_migrations", lambda: steps)
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM extra")) == 0
    assert admin_rows(pg, workspace.path, "SELECT value FROM meta WHERE key = "
                      "'schema_version'") == [(str(len(steps)),)]
    assert admin_rows(pg, workspace.path, "SELECT name FROM migration ORDER BY id DESC "
                      "LIMIT 1") == [("0099_extra",)]


@pytest.mark.parametrize(("location", "message"), [
    ("mysql://anna@localhost/team", "'mysql://' is not a workspace location"),
    ("postgresql://anna@localhost:port/team", "bad workspace URL"),
    ("postgresql://anna@localhost", "names no database"),
    ("postgresql://anna:hunter2@localhost:abc/team", "bad workspace URL"),
])
def test_bad_urls_are_one_line_errors(location: str, message: str) -> None:
    result = runner.invoke(app, ["feed", "--db", location])
    assert result.exit_code == 78
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert "hunter2" not in result.output


def test_a_wrong_password_is_one_clear_line_without_the_password(workspace: Workspace,
                                                                 pg: Any) -> None:
    from teamspace.store.core.postgres.url import database

    wrong = pg.url(database(workspace.path), password="not-the-password")
    result = runner.invoke(app, ["post", "hello", "--db", wrong])
    assert result.exit_code == 78
    assert "cannot log in" in result.stderr and "password authentication failed" in \
        result.stderr
    assert "not-the-password" not in result.output and len(result.stderr.splitlines()) == 1


def test_an_unreachable_server_queues_the_write_and_sync_lands_it(
        workspace: Workspace, pg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pgserver import Proxy

    from teamspace.store.core.postgres.url import database

    proxy = Proxy(pg.port)
    via = pg.url(database(workspace.path), password=None).replace(
        f":{pg.port}/", f":{proxy.port}/")
    monkeypatch.setenv("TEAMSPACE_RETRY_SECONDS", "0.5")
    queued = runner.invoke(app, ["post", "written while the server was away", "--db", via])
    assert queued.exit_code == 75 and "QUEUED" in queued.stderr
    assert "unreachable" in queued.stderr and len(queued.stderr.splitlines()) == 1
    listed = json.loads(runner.invoke(app, ["outbox", "--db", via, "--json"]).stdout)
    assert [e["writer"] for e in listed["entries"]] == ["microblog.posts.create_post"]
    proxy.up()
    try:
        synced = runner.invoke(app, ["sync", "--db", via])
        assert synced.exit_code == 0, synced.output
        assert "landed" in synced.stdout
        assert runner.invoke(app, ["sync", "--db", via]).stdout.strip() == \
            "nothing waiting in the outbox"
    finally:
        proxy.down()
    assert [p.text for p in feed.feed(workspace)] == ["written while the server was away"]


def test_a_server_going_away_mid_write_lands_the_write_once(workspace: Workspace) -> None:
    attempts: list[int] = []

    def body(session: Session) -> int:
        attempts.append(1)
        session.record("thing", 1, "create")
        if len(attempts) == 1:
            # The connection dies mid-transaction, as when the server restarts.
            session.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return len(attempts)

    assert workspace.write(body, kind="thing.create", op_id="op-away") == 2
    assert workspace.read(lambda s: s.scalar(
        "SELECT count(*) FROM activity WHERE item_type = 'thing'")) == 1
    assert workspace.write(body, kind="thing.create", op_id="op-away") == 2  # stored result
    assert len(attempts) == 2


def test_concurrent_writers_lose_no_update(workspace: Workspace) -> None:
    """8 writers each read a counter and write it back + 1 (the lost-update pattern),
    and each also posts: SERIALIZABLE plus retries must end exact."""
    workspace.set_meta("counter", "0")
    errors: list[BaseException] = []

    def bump(session: Session) -> None:
        value = int(session.scalar("SELECT value FROM meta WHERE key = 'counter'"))
        session.execute("UPDATE meta SET value = :v WHERE key = 'counter'",
                        {"v": str(value + 1)})

    def writer(name: str) -> None:
        ws = workspace.as_user(name)
        try:
            for n in range(10):
                ws.write(bump, kind="t")
                posts.create_post(ws, text=f"{name} {n}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            ws.close()

    threads = [threading.Thread(target=writer, args=(f"user{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert workspace.get_meta("counter") == "80"
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM post")) == 80
    assert workspace.read(lambda s: s.scalar(
        "SELECT count(DISTINCT op_id) FROM post")) == 80


def test_doctor_and_version_describe_the_server(workspace: Workspace) -> None:
    doctor = runner.invoke(app, ["doctor", "--db", workspace.path])
    assert doctor.exit_code == 0, doctor.output
    assert "PostgreSQL" in doctor.stdout and "LISTEN/NOTIFY" in doctor.stdout
    assert "no problems found" in doctor.stdout
    report = json.loads(runner.invoke(app, ["doctor", "--db", workspace.path,
                                            "--json"]).stdout)
    assert report["backend"] == "postgresql" and report["role"] == "tsadmin"
    assert report["schema"]["workspace"] == migrations.schema_version()
    assert report["rows"]["person"] == 1
    version = runner.invoke(app, ["version", "--db", workspace.path])
    assert f"workspace schema {migrations.schema_version()} on PostgreSQL" in version.stdout


def test_whoami_never_prints_a_password() -> None:
    shown = runner.invoke(app, ["whoami", "--db", "postgresql://anna:s3cret@db.example/team"])
    assert "postgresql://anna@db.example/team" in shown.stdout
    assert "s3cret" not in shown.output


def test_text_the_server_cannot_store_is_a_one_line_error(workspace: Workspace) -> None:
    """PostgreSQL cannot store NUL characters (a file can): say so, change nothing."""
    result = runner.invoke(app, ["post", "before\x00after", "--db", workspace.path])
    assert result.exit_code == 64 and "the server refused a value" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert feed.feed(workspace) == []


def test_parameters_become_psycopg_s_and_percent_signs_are_kept_literal() -> None:
    from teamspace.store.core.postgres.driver import translate

    assert translate("SELECT x::text FROM t WHERE a = :a AND b LIKE 'http://%' AND "
                     "c = ':not' AND d LIKE :d || '%'") == (
        "SELECT x::text FROM t WHERE a = %(a)s AND b LIKE 'http://%%' AND c = ':not' AND "
        "d LIKE %(d)s || '%%'")
