"""Every pane on a server: row-level security for notebooks and saved links checked with
the real psql client as each member's role, members using teamspace normally under it,
and a workspace with data in every pane moved file -> server -> file losing nothing."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_postgres_move import _secured, filled
from test_postgres_time import as_before
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import groups, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.store.links import query as link_query
from teamspace.store.microblog import feed
from teamspace.store.microblog import posts as microblog
from teamspace.store.notes import comments, files, notebooks, notes, search
from teamspace.store.tasks import alerts as task_alerts
from teamspace.store.tasks import tasks as task_store
from teamspace.store.time import entries, sheets, suggest, timers

pytestmark = pytest.mark.postgres_only
runner = CliRunner()


def _private_things(anna: Workspace, bob: Workspace) -> None:
    """anna's private and group (closed 'leads', bob in it) notes and links."""
    groups.create_group(anna, name="leads", closed=True)
    groups.invite(anna, name="leads", username="bob")
    groups.join_group(bob, name="leads")
    notebooks.add_notebook(anna, name="Diary", visibility="private")
    notebooks.add_notebook(anna, name="Leads", visibility="group", group="leads")
    notes.create_note(anna, title="Public note", body="for everyone", tags=["all"])
    diary = notes.create_note(anna, title="Dear diary", notebook="Diary",
                              body="secret diary text", tags=["mine"])
    notes.create_note(anna, title="Salaries", notebook="Leads", body="secret salaries")
    comments.add_comment(anna, note_id=diary, text="secret comment")
    files.attach_file(anna, note_id=diary, name="plan.txt",
                      content_b64=base64.b64encode(b"secret bytes").decode())
    links.add_link(anna, url="https://private.example/", note="secret link", tags=["job"],
                   visibility="private")
    links.add_link(anna, url="https://leads.example/", visibility="group", group="leads")
    links.add_link(bob, url="https://public.example/", tags=["news"])


def test_row_level_security_keeps_notebooks_and_links_from_psql(workspace: Workspace,
                                                                pg: Any) -> None:
    database = _secured(workspace, pg)
    as_ = {name: Workspace.open(pg.url(database, user=name, password=f"pw-{name}"),
                                user=name) for name in ("anna", "bob")}
    _private_things(as_["anna"], as_["bob"])

    def psql(user: str, sql: str) -> list[str]:
        result = pg.psql(database, sql, user=user, password=f"pw-{user}")
        assert result.returncode == 0, result.stderr
        return str(result.stdout).splitlines()

    assert psql("chen", "SELECT title FROM note ORDER BY id") == ["Public note"]
    assert psql("chen", "SELECT name FROM notebook ORDER BY id") == ["Notes"]
    assert psql("bob", "SELECT title FROM note ORDER BY id") == ["Public note", "Salaries"]
    for table in ("note_version", "note_tag", "note_comment", "note_file",
                  "note_file_version", "note_blob"):
        mine = psql("anna", f"SELECT count(*) FROM {table}")
        theirs = psql("chen", f"SELECT count(*) FROM {table}")
        assert int(theirs[0]) < int(mine[0]), table
    assert psql("chen", "SELECT count(*) FROM note_blob") == ["0"]
    assert psql("anna", "SELECT convert_from(data, 'UTF8') FROM note_blob") == ["secret bytes"]
    assert psql("chen", "SELECT url FROM link ORDER BY id") == ["https://public.example/"]
    assert psql("bob", "SELECT url FROM link_save ORDER BY id") == [
        "https://leads.example/", "https://public.example/"]
    assert psql("chen", "SELECT tag FROM link_tag") == ["news"]
    for user in ("chen", "bob"):
        seen = "\n".join(psql(user, "SELECT changes FROM activity"))
        assert "secret" not in seen and "Dear diary" not in seen
        assert "private.example" not in seen and "Diary" not in seen
    assert "Salaries" not in "\n".join(psql("chen", "SELECT changes FROM activity"))
    # Nothing written past the policies: no forged author, no note in a notebook one
    # cannot read.
    forged = pg.psql(database, "INSERT INTO note (created_at, updated_at, author, version, "
                     "op_id, uid, notebook_id, title, body, pinned, kind, revision, source) "
                     "SELECT now(), now(), 'anna', 1, 'x', 'u1', id, 't', '', false, 'note', "
                     "1, '' FROM notebook LIMIT 1", user="chen", password="pw-chen")
    assert forged.returncode != 0 and "row-level security" in forged.stderr
    hidden = pg.psql(database, "INSERT INTO note (created_at, updated_at, author, version, "
                     "op_id, uid, notebook_id, title, body, pinned, kind, revision, source) "
                     "VALUES (now(), now(), 'chen', 1, 'x', 'u2', 2, 't', '', false, 'note', "
                     "1, '')", user="chen", password="pw-chen")
    assert hidden.returncode != 0 and "row-level security" in hidden.stderr
    sneaky = pg.psql(database, "UPDATE link_save SET note = 'x' WHERE url LIKE '%private%' "
                     "RETURNING id", user="chen", password="pw-chen")
    assert sneaky.returncode == 0 and sneaky.stdout.strip() == ""


def test_members_use_notes_and_links_normally_under_row_level_security(
        workspace: Workspace, pg: Any) -> None:
    database = _secured(workspace, pg)
    urls = {name: pg.url(database, user=name, password=f"pw-{name}")
            for name in ("anna", "bob", "chen")}
    _private_things(Workspace.open(urls["anna"], user="anna"),
                    Workspace.open(urls["bob"], user="bob"))

    def cli(user: str, *args: str, stdin: str | None = None) -> Any:
        result = runner.invoke(app, [*args, "--db", urls[user]], input=stdin,
                               env={"TEAMSPACE_USER": user})
        assert result.exit_code == 0, result.output
        return result

    # chen saves the page anna keeps privately: it works, and names nobody else.
    added = json.loads(cli("chen", "link", "add", "https://private.example/", "--no-fetch",
                           "--json").stdout)
    assert added["also"] == [] and not added["new"]
    mine = json.loads(cli("chen", "link", "list", "--json").stdout)
    assert sorted(link["url"] for link in mine) == [
        "https://private.example/", "https://public.example/"]
    assert all(s["author"] == "chen" for link in mine for s in link["saves"]
               if link["url"] == "https://private.example/")
    assert "secret" not in cli("chen", "link", "search", "secret").stdout
    cli("chen", "note", "add", "Chen's note", "-f", "-", stdin="release notes")
    taken = runner.invoke(app, ["notebook", "add", "diary", "--db", urls["chen"]],
                          env={"TEAMSPACE_USER": "chen"})
    assert taken.exit_code == 64 and "exists already (one you may not read)" in taken.stderr
    renamed = runner.invoke(app, ["notebook", "rename", "Notes", "DIARY", "--db",
                                  urls["chen"]], env={"TEAMSPACE_USER": "chen"})
    assert renamed.exit_code == 64 and "the name is taken" in renamed.stderr
    assert renamed.stderr.count("\n") == 1
    listed = json.loads(cli("chen", "note", "list", "--json").stdout)
    assert sorted(n["title"] for n in listed) == ["Chen's note", "Public note"]
    found = json.loads(cli("bob", "note", "search", "secret", "--json").stdout)
    assert [hit["note"]["title"] for hit in found] == ["Salaries"]
    assert json.loads(cli("chen", "note", "search", "secret", "--json").stdout) == []
    doctor = json.loads(cli("chen", "doctor", "--json").stdout)
    assert {"note", "link_save"} <= set(doctor["row_level_security"])


def test_a_secured_server_gets_the_notes_read_policy_on_upgrade(workspace: Workspace,
                                                                pg: Any) -> None:
    database = _secured(workspace, pg)
    _private_things(workspace, workspace.as_user("bob"))

    def policy() -> str:
        return str(pg.psql(database, "SELECT qual FROM pg_policies WHERE policyname = "
                           "'read_visible_notes'").stdout)

    assert "teamspace_readable_notebooks()" in policy()
    as_before(workspace, "notes.0004_row_security", lambda session: session.execute(
        "DROP FUNCTION teamspace_readable_notebooks() CASCADE; CREATE POLICY "
        "read_visible_notes ON note FOR SELECT TO teamspace_member USING "
        "(teamspace_notebook_readable(notebook_id))"))
    assert "teamspace_notebook_readable(notebook_id)" in policy()
    notes.create_note(workspace, title="After the upgrade")  # the owner's first use
    assert "teamspace_readable_notebooks()" in policy()
    seen = pg.psql(database, "SELECT title FROM note ORDER BY id", user="chen",
                   password="pw-chen")
    assert seen.stdout.split("\n")[:-1] == ["Public note", "After the upgrade"]


def every_pane(path: str) -> Workspace:
    """test_postgres_move's filled workspace (members, groups, posts, tasks) plus notes
    (versions, tags, comments, attached bytes, presence, a private notebook), links
    (saves, tags, checks, a private save) and time (entries, a running timer, a
    submitted and reviewed week, a dismissed suggestion)."""
    ws = filled(path)
    bob = ws.as_user("bob")
    _private_things(ws, bob)
    diary = notes.create_note(ws, title="Déploiement", notebook="Diary", body="v1",
                              tags=["ops"])
    notes.append_note(ws, note_id=diary, text="v2 line")
    files.attach_file(ws, note_id=diary, name="bin.dat",
                      content_b64=base64.b64encode(bytes(range(256))).decode())
    comments.heartbeat(bob, note_id=1)
    saved = links.add_link(bob, url="https://dead.example/x", title="Gone", tags=["old"])
    links.record_checks(ws, results=[{"link_id": saved["id"], "state": "dead",
                                      "status_code": 404}])
    projects.create_project(ws, name="acme")
    task_store.add_task(ws, title="Plan", project="acme", list_name="Backlog")
    task_alerts.mark_seen(bob, upto=task_alerts.backlog(bob).mark)
    microblog.mark_read(bob, everything=True)
    microblog.mark_read(bob, post_ids=[microblog.create_post(ws, text="later news")])
    microblog.mute(bob, kind="tag", value="standup")
    entries.add_entry(ws, project="acme", started_at="2026-11-02 08:00:00.000000",
                      ended_at="2026-11-02 09:30:00.250000", tags=["dev"], note="kickoff")
    entries.add_entry(bob, project="acme", started_at="2026-11-03 10:00:00.000000",
                      ended_at="2026-11-03 11:00:00.000000")
    timers.start_timer(bob, project="acme", tags=["review"])
    week = {"week": "2026-11-02", "starts_at": "2026-11-02 00:00:00.000000",
            "ends_at": "2026-11-09 00:00:00.000000"}
    sheets.submit_week(ws, **week)
    sheets.review_week(ws, person="anna", week="2026-11-02", decision="approved")
    suggest.reject_block(ws, key="git:abc")
    return ws


def dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a workspace file (not the search index, not local meta keys)."""
    with sqlite3.connect(path) as con:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name")]
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
                for name in names if name != "meta"} | {"meta": con.execute(
                    "SELECT * FROM meta WHERE key NOT IN ('schema_version', "
                    "'row_level_security', 'forced_location') ORDER BY key").fetchall()}


def test_every_pane_moves_to_a_server_and_back_losing_nothing_and_resumes(
        tmp_path: Path, db_path: str, pg: Any) -> None:
    source = every_pane(str(tmp_path / "team.db"))
    before = dump(source.path)
    empty = [t for t, rows in before.items() if not rows and t != "migration"]
    assert empty == [], f"fill these tables too: {empty}"
    moved = runner.invoke(app, ["migrate-to", db_path, "--db", source.path, "--json"])
    assert moved.exit_code == 0, moved.output
    report = json.loads(moved.stdout)
    assert report["verified"]
    assert {t for t, r in report["tables"].items() if r["rows"]} >= set(before) - {"meta"}
    assert all(r["verified"] for r in report["tables"].values())
    back = str(tmp_path / "back.db")
    home = runner.invoke(app, ["migrate-to", back, "--db", db_path, "--json"])
    assert home.exit_code == 0, home.output
    assert json.loads(home.stdout)["verified"]
    after = dump(back)
    # The one row more: the CLI joined the server as anna on its first use there.
    extra = [row for row in after["operation"] if row not in before["operation"]]
    assert [row[3] for row in extra] == ["workspace.join"]
    after["operation"] = [row for row in after["operation"] if row not in extra]
    assert set(after) == set(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    # The server answers as the file did: search, visibility, reports, attachments.
    server = Workspace.open(db_path, user="bob")
    assert [h.note.title for h in search.search(server, "deploiement")] == []  # private
    mine = Workspace.open(db_path, user="anna")
    [hit] = search.search(mine, "deploiement")
    assert hit.note.title == "Déploiement"
    diary = hit.note.id
    assert files.read_file(mine, diary, "bin.dat")[1] == bytes(range(256))
    assert [link.url for link in link_query.search_links(server, "gone")] == [
        "https://dead.example/x"]
    assert timers.running(server, "bob") is not None
    assert [p.text for p in feed.feed(server)] == [p.text for p in feed.feed(
        source.as_user("bob"))]
    # A second run copies only what changed in the source meanwhile.
    microblog.create_post(source, text="late on the file")
    rerun = runner.invoke(app, ["migrate-to", db_path, "--db", source.path, "--json"])
    assert rerun.exit_code == 0, rerun.output
    again = json.loads(rerun.stdout)
    assert again["verified"] and again["tables"]["post"]["rows"] == 6
    assert again["tables"]["post"]["changed"] == 1
    # The server continues the ids; once it is written to, copying over it is refused.
    assert microblog.create_post(server, text="written after the move") == 7
    refused = runner.invoke(app, ["migrate-to", db_path, "--db", source.path])
    assert refused.exit_code == 78 and "would undo those writes" in refused.stderr
    home = runner.invoke(app, ["migrate-to", back, "--db", db_path, "--json"])
    assert home.exit_code == 0, home.output
    file_again = Workspace.open(back, user="anna")
    assert feed.feed(file_again)[0].text == "written after the move"
    assert [h.note.title for h in search.search(file_again, "deploiement")] == ["Déploiement"]
