"""The Time pane under row-level security on a server: with the real psql client as
each member's role, another member's entries, timers, sheets, reviews and dismissed
suggestions cannot be changed (reads see everyone's time), one's own can, as the store
allows; and the Time CLI tests of test_time_cli.py run again with every member
connected as their own role (this module's ``cli`` fixture)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import test_time_cli as on_a_file
from test_postgres_move import _secured
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.time import entries, sheets, suggest, timers

pytestmark = pytest.mark.postgres_only
runner = CliRunner()
WEEK = {"week": "2026-11-02", "starts_at": "2026-11-02 00:00:00.000000",
        "ends_at": "2026-11-09 00:00:00.000000"}


@pytest.fixture
def cli(workspace: Workspace, pg: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """test_time_cli's ``cli``, but each member runs as their own role on a secured
    workspace (TEAMSPACE_DB, used by the tests to look underneath, stays the owner's)."""
    database = _secured(workspace, pg)
    projects.create_project(workspace, name="acme")
    urls = {name: pg.url(database, user=name, password=f"pw-{name}")
            for name in ("anna", "bob", "chen")}
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()

    def invoke(user: str, *args: str, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), input=input,
                             env={"TEAMSPACE_USER": user, "TEAMSPACE_DB": urls[user]})

    yield invoke
    monkeypatch.undo()
    time.tzset()


# The CLI's own tests, now as members under the policies (the store's refusals, such
# as "only they can change it", must still be the store's one-line messages).
test_timer_lines = on_a_file.test_timer_lines
test_add_list_report_edit_split = on_a_file.test_add_list_report_edit_split
test_sheets_submit_review_lock_reopen = on_a_file.test_sheets_submit_review_lock_reopen
test_task_show_has_the_time_logged = on_a_file.test_task_show_has_the_time_logged
test_people_show_running_timers = on_a_file.test_people_show_running_timers


def test_row_level_security_keeps_time_changes_to_their_person(workspace: Workspace,
                                                                pg: Any) -> None:
    database = _secured(workspace, pg)
    as_ = {name: Workspace.open(pg.url(database, user=name, password=f"pw-{name}"),
                                user=name) for name in ("anna", "bob", "chen")}
    projects.create_project(as_["anna"], name="acme")
    projects.create_project(as_["chen"], name="chens")
    acme = "(SELECT id FROM project WHERE name = 'acme')"

    def add(user: str, project: str, start: str) -> int:
        return int(entries.add_entry(as_[user], project=project,
                                     started_at=f"2026-11-{start}:00:00.000000",
                                     ended_at=f"2026-11-{start}:30:00.000000")["id"])

    mine, _, later = add("anna", "acme", "02 09"), add("anna", "chens", "03 09"), \
        add("anna", "acme", "16 09")
    bobs = add("bob", "acme", "02 11")
    timer = timers.start_timer(as_["anna"], project="acme")["id"]
    suggest.reject_block(as_["anna"], key="git:abc")

    def psql(user: str, sql: str) -> list[str]:
        result = pg.psql(database, sql, user=user, password=f"pw-{user}")
        assert result.returncode == 0, result.stderr
        return str(result.stdout).splitlines()

    def refused(user: str, sql: str) -> None:
        result = pg.psql(database, sql, user=user, password=f"pw-{user}")
        assert result.returncode != 0 and "row-level security" in result.stderr, sql

    # Everyone reads everyone's time.
    assert psql("bob", "SELECT count(*) FROM time_entry") == ["5"]
    assert psql("chen", "SELECT person FROM time_entry WHERE ended_at IS NULL") == ["anna"]
    # bob changes nothing of anna's: entries, the running timer, by UPDATE or DELETE.
    for sql in (f"UPDATE time_entry SET note = 'x' WHERE id = {mine} RETURNING id",
                f"UPDATE time_entry SET ended_at = started_at + interval '1 minute' "
                f"WHERE id = {timer} RETURNING id",
                "UPDATE time_entry SET person = 'bob' WHERE person = 'anna' RETURNING id",
                f"UPDATE time_entry SET deleted_at = now() WHERE id = {mine} RETURNING id",
                "DELETE FROM time_entry WHERE person = 'anna' RETURNING id",
                "DELETE FROM time_dismissed RETURNING id"):
        assert psql("bob", sql) == [], sql
    assert psql("bob", "SELECT count(*) FROM time_dismissed") == ["0"]
    assert psql("anna", "SELECT key FROM time_dismissed") == ["git:abc"]
    # ... nor adds time in anna's name, nor gives his own entry away.
    refused("bob", "INSERT INTO time_entry (created_at, updated_at, author, version, op_id, "
                   "person, project_id, started_at, note, tags, source) VALUES (now(), "
                   "now(), 'bob', 1, 'x', 'anna', 1, now(), '', '', 'manual')")
    refused("bob", f"UPDATE time_entry SET person = 'anna' WHERE id = {bobs}")
    # His own: changed (nobody deletes rows: the trash is deleted_at).
    assert psql("bob", f"UPDATE time_entry SET note = 'mine' WHERE id = {bobs} "
                       "RETURNING note") == ["mine"]
    assert psql("bob", f"DELETE FROM time_entry WHERE id = {bobs} RETURNING id") == []
    assert psql("anna", f"UPDATE time_entry SET ended_at = now() WHERE id = {timer} "
                        "RETURNING id") == [str(timer)]

    # A submitted week locks anna's entries in it, for her too; reviews are the project
    # owners' (acme: anna, chens: chen); bob, who owns nothing there, changes nothing.
    sheets.submit_week(as_["anna"], **WEEK)
    assert psql("anna", f"UPDATE time_entry SET note = 'x' WHERE id = {mine} "
                        "RETURNING id") == []
    assert psql("anna", f"UPDATE time_entry SET note = 'x' WHERE id = {later} "
                        "RETURNING id") == [str(later)]
    refused("anna", f"UPDATE time_entry SET started_at = '2026-11-02 13:00' WHERE "
                    f"id = {later}")
    assert psql("bob", "UPDATE time_sheet SET status = 'open' RETURNING id") == []
    refused("bob", "INSERT INTO time_sheet_review (created_at, author, op_id, sheet_id, "
                   "project_id, decision, comment) SELECT now(), 'bob', 'x', id, {ACME}, "
                   "'approved', '' FROM time_sheet".replace("{ACME}", acme))
    refused("chen", "INSERT INTO time_sheet_review (created_at, author, op_id, sheet_id, "
                    "project_id, decision, comment) SELECT now(), 'chen', 'x', id, {ACME}, "
                    "'approved', '' FROM time_sheet".replace("{ACME}", acme))
    sheets.review_week(as_["chen"], person="anna", week=WEEK["week"], decision="approved")
    sheets.review_week(as_["anna"], person="anna", week=WEEK["week"], decision="returned",
                       comment="fix it")
    # anna takes back what was returned, not chen's approval; chen reopens only to open.
    assert psql("anna", "DELETE FROM time_sheet_review WHERE decision = 'approved' "
                        "RETURNING id") == []
    assert psql("bob", "DELETE FROM time_sheet_review RETURNING id") == []
    refused("chen", "UPDATE time_sheet SET status = 'submitted'")
    assert psql("chen", "UPDATE time_sheet SET status = 'open' RETURNING status") == ["open"]
    assert psql("chen", "DELETE FROM time_sheet_review WHERE decision = 'approved' "
                        "RETURNING author") == ["chen"]
    assert psql("anna", "DELETE FROM time_sheet_review RETURNING decision") == ["returned"]
    assert psql("anna", f"UPDATE time_entry SET note = 'fixed' WHERE id = {mine} "
                        "RETURNING note") == ["fixed"]
    doctor = runner.invoke(app, ["doctor", "--json", "--db", pg.url(
        database, user="chen", password="pw-chen")], env={"TEAMSPACE_USER": "chen"})
    assert {"time_entry", "time_sheet", "time_sheet_review", "time_dismissed"} <= set(
        json.loads(doctor.stdout)["row_level_security"])


def as_before(workspace: Workspace, step: str, undo: Callable[[Any], None]) -> None:
    """The workspace as the version before migration ``step`` left it: ``undo(session)``
    takes back what the step did, and the step is not recorded."""
    from teamspace.store.core import migrations

    def body(session: Any) -> None:
        undo(session)
        session.execute("DELETE FROM migration WHERE name = :n", {"n": step})
        session.execute("UPDATE meta SET value = :v WHERE key = 'schema_version'",
                        {"v": str(migrations.schema_version() - 1)})

    workspace.maintain(body, purpose="test")


def test_a_server_secured_before_the_time_policies_gets_them_on_upgrade(
        workspace: Workspace, pg: Any) -> None:
    database = _secured(workspace, pg)
    time_tables = ("time_entry", "time_sheet", "time_sheet_review", "time_dismissed")

    def secured() -> list[str]:
        result = pg.psql(database, "SELECT relname FROM pg_class WHERE relrowsecurity AND "
                         "relname LIKE 'time%' ORDER BY relname")
        return str(result.stdout).split()

    assert secured() == sorted(time_tables)

    def no_time_policies(session: Any) -> None:
        for table in time_tables:
            session.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            for row in session.all("SELECT polname FROM pg_policy WHERE polrelid = "
                                   f"'{table}'::regclass"):
                session.execute(f"DROP POLICY {row['polname']} ON {table}")

    as_before(workspace, "time.0002_row_security", no_time_policies)
    assert secured() == []
    projects.create_project(workspace, name="acme")  # the owner's first use upgrades
    assert secured() == sorted(time_tables)
    entries.add_entry(workspace, project="acme", started_at="2026-11-02 09:00:00.000000",
                      ended_at="2026-11-02 10:00:00.000000")
    changed = pg.psql(database, "UPDATE time_entry SET note = 'x' RETURNING id", user="bob",
                      password="pw-bob")
    assert changed.returncode == 0 and changed.stdout.strip() == ""
