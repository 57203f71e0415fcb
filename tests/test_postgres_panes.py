"""The Notes, Links and Time panes on a server: row-level security for notebooks and
saved links checked with the real psql client as each member's role, and members using
teamspace normally under it."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from test_postgres_move import _secured
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.store.notes import comments, files, notebooks, notes

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
    listed = json.loads(cli("chen", "note", "list", "--json").stdout)
    assert sorted(n["title"] for n in listed) == ["Chen's note", "Public note"]
    found = json.loads(cli("bob", "note", "search", "secret", "--json").stdout)
    assert [hit["note"]["title"] for hit in found] == ["Salaries"]
    assert json.loads(cli("chen", "note", "search", "secret", "--json").stdout) == []
    doctor = json.loads(cli("chen", "doctor", "--json").stdout)
    assert {"note", "link_save"} <= set(doctor["row_level_security"])
