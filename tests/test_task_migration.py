"""tasks.0002_taskwarrior_fields: a workspace made before it is upgraded in place (rows
kept, tags get their key) and ends with exactly the schema a new workspace gets.

The old workspace is a real file written by the code before the change
(tests/data/tasks/README.md): project Website; #1 "Fix login" (list Bugs, bob, due
2026-07-01, H, tags web + ops, notes, a comment); #2 "Deploy" (waits for #1, weekly,
tag ops); #3 done; #4 in the trash.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from teamspace.store.core import migrations as core_migrations
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import migrations, tasks
from teamspace.store.tasks import query as taskquery

OLD = Path(__file__).parent / "data" / "tasks" / "workspace-before-0002.db.gz"
NEW_COLUMNS = {"wait_until", "scheduled_at", "until_at", "started_at", "project_spelling",
               "extras", "recur_day"}


def old_workspace(tmp_path: Path) -> str:
    target = tmp_path / "old" / "team.db"
    target.parent.mkdir()
    with gzip.open(OLD) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return str(target)


def schema(path: str) -> dict[str, Any]:
    """Every table's columns (name, type, not null, default, pk) and indexes."""
    con = sqlite3.connect(path)
    try:
        found: dict[str, Any] = {}
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        for table in tables:
            columns = [tuple(r[1:]) for r in con.execute(f"PRAGMA table_info({table})")]
            indexes = sorted(
                (r[1], r[2], tuple(c[2] for c in con.execute(f"PRAGMA index_info('{r[1]}')")))
                for r in con.execute(f"PRAGMA index_list({table})"))
            found[table] = {"columns": columns, "indexes": indexes}
        return found
    finally:
        con.close()


def test_old_workspace_is_upgraded_keeping_every_row(tmp_path: Path) -> None:
    path = old_workspace(tmp_path)
    before = sqlite3.connect(path)
    assert before.execute("PRAGMA user_version").fetchone()[0] == 4
    old_columns = {r[1] for r in before.execute("PRAGMA table_info(task)")}
    assert not NEW_COLUMNS & old_columns  # really a file from before the change
    before.close()
    ws = Workspace.open(path, user="anna")
    found = {t.id: t for t in taskquery.list_tasks(ws, status="all")}  # upgrades first
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == \
        core_migrations.schema_version()
    assert "tasks.0002_taskwarrior_fields" in {
        r[0] for r in con.execute("SELECT name FROM migration")}
    assert NEW_COLUMNS <= {r[1] for r in con.execute("PRAGMA table_info(task)")}
    assert con.execute("SELECT tag, key FROM task_tag ORDER BY id").fetchall() == [
        ("web", "web"), ("ops", "ops"), ("ops", "ops")]
    con.close()
    fix, deploy = found[1], found[2]
    assert (fix.title, fix.project, fix.list_name, fix.assignee, fix.priority, fix.tags,
            fix.notes, fix.due) == ("Fix login", "Website", "Bugs", "bob", "H",
                                    ["web", "ops"], "see ticket", "2026-07-01 00:00:00.000000")
    assert (deploy.waits_for, deploy.recur, deploy.tags) == ([1], "week", ["ops"])
    assert found[3].done and 4 not in found
    assert taskquery.get_task(ws, 4, include_deleted=True).deleted
    assert [c["text"] for c in taskquery.task_detail(ws, 1).comments] == ["repro on staging"]
    # The upgraded file works as a new one does: tags filter by key, new fields write.
    assert [t.id for t in taskquery.list_tasks(ws, tag="WEB")] == [1]
    tasks.edit_task(ws, task_id=1, changes={"tags": ["Web", "@home"]})
    assert taskquery.get_task(ws, 1).tags == ["Web", "@home"]


def test_upgraded_and_new_workspaces_have_the_same_schema(tmp_path: Path,
                                                           workspace: Workspace) -> None:
    path = old_workspace(tmp_path)
    Workspace.open(path, user="anna").read(lambda s: None)
    assert schema(path) == schema(workspace.path)


def test_the_step_is_idempotent(tmp_path: Path) -> None:
    path = old_workspace(tmp_path)
    ws = Workspace.open(path, user="anna")
    ws.read(lambda s: None)
    before = schema(path)

    def again(session: Any) -> list[str]:
        migrations._taskwarrior_fields(session)
        return migrations.add_missing_columns(session, __import__(
            "teamspace.store.tasks.schema", fromlist=["Task"]).Task)

    assert ws.write(again, kind="test.again") == []
    assert schema(path) == before
