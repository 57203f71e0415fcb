"""Notes imports and exports on real files: Evernote ENEX from other projects' test
data, jrnl's JSON made by the real jrnl, Obsidian front matter, OPML from a real
outliner; exports read back by libxml2 (lxml); a notebook exported to Markdown and
imported again changes nothing."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core.connection import Workspace
from teamspace.store.notes import files, notes, outline, query

from support import run_cli

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server

DATA = Path(__file__).parent / "data" / "notes"
runner = CliRunner()


def cli(db: str, *args: str) -> str:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    return result.output


def by_title(ws: Workspace) -> dict[str, object]:
    return {n.title: n for n in query.list_notes(ws, limit=500)}


def test_enex_files_from_other_projects(workspace: Workspace) -> None:
    db = workspace.path
    out = cli(db, "note", "import", "--from", "enex", str(DATA / "evernote2md-export.enex"),
              "--json")
    assert json.loads(out)["created"] == 1
    sample = by_title(workspace)["Sample note"]
    view = query.get_note(workspace, sample.id)  # type: ignore[attr-defined]
    assert "text in the note" in view.body and "**bold text**" in view.body
    assert "[attachment: 1.jpg]" in view.body and view.note.tags == ["tag1", "tag2"]
    [gif] = view.files
    data = files.read_file(workspace, view.note.id, "1.jpg")[1]
    assert data.startswith(b"GIF89a") and gif.size == len(data)
    assert view.note.created_at.startswith("2009-01-01 10:10:10")
    # Joplin's sample: the JPEG's base64 is cut by an XML comment -> skipped, said so.
    result = json.loads(cli(db, "note", "import", "--from", "enex",
                            str(DATA / "joplin-sample.enex"), "--json"))
    assert result["created"] == 1
    joplin = by_title(workspace)["Test Note for Export"]
    body = query.get_note(workspace, joplin.id).body  # type: ignore[attr-defined]
    assert body.startswith("Hello, World.")
    minutes = json.loads(cli(db, "note", "import", "--from", "enex",
                             str(DATA / "collate-meeting-minutes.enex"), "--json"))
    assert minutes["created"] == 1
    text = query.get_note(workspace, by_title(workspace)[  # type: ignore[attr-defined]
        "Meeting Minutes (Example)"].id).body
    assert "- Andrew Andrews" in text and "1. Present approach for the meeting" in text
    assert "2. FS to distribute minutes" in text
    two = json.loads(cli(db, "note", "import", "--from", "enex",
                         str(DATA / "springpad-two-notes.enex"), "--json"))
    assert two["created"] == 2
    url = by_title(workspace)["This is one with a url"]
    assert "Source: <http://mostmedia.com>" in query.get_note(
        workspace, url.id).body  # type: ignore[attr-defined]
    again = json.loads(cli(db, "note", "import", "--from", "enex",
                           str(DATA / "springpad-two-notes.enex"), "--json"))
    assert again == {"format": 2, "created": 0, "updated": 0, "unchanged": 2, "warnings": []}


def test_enex_refuses_entities_and_garbage(workspace: Workspace, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.enex"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY a "aaaa">]>'
                    "<en-export><note><title>&a;</title></note></en-export>")
    result = runner.invoke(app, ["note", "import", "--from", "enex", str(bomb), "--db",
                                 workspace.path])
    assert result.exit_code == 64 and "entities" in result.output
    junk = tmp_path / "junk.enex"
    junk.write_bytes(b"\x00\x01 not xml")
    result = runner.invoke(app, ["note", "import", "--from", "enex", str(junk), "--db",
                                 workspace.path])
    assert result.exit_code == 64 and "not readable XML" in result.output


def test_jrnl_export_made_by_real_jrnl(workspace: Workspace) -> None:
    out = json.loads(cli(workspace.path, "note", "import", "--from", "jrnl",
                         str(DATA / "jrnl-export.json"), "--json"))
    assert out["created"] == 4
    found = by_title(workspace)
    standup = query.get_note(workspace, found["Standup notes."].id)  # type: ignore[attr-defined]
    assert standup.body.startswith("Talked with @anna")
    assert standup.note.tags == ["release", "anna"]
    assert found["Lunch idea: ramen at noon"].pinned  # type: ignore[attr-defined]
    assert "Crème brûlée recipe — ünïcödé title works?" in found
    again = json.loads(cli(workspace.path, "note", "import", "--from", "jrnl",
                           str(DATA / "jrnl-export.json"), "--json"))
    assert again["unchanged"] == 4 and again["created"] == 0


def test_obsidian_front_matter(workspace: Workspace) -> None:
    out = json.loads(cli(workspace.path, "note", "import", "--from", "md",
                         str(DATA / "obsidian"), "--json"))
    assert out["created"] == 2
    found = by_title(workspace)
    assert "existing-title" in found  # front matter title wins
    assert "when std flag applied" in found  # else the first heading
    view = query.get_note(workspace, found["existing-title"].id)  # type: ignore[attr-defined]
    assert view.note.tags == ["existing-tag"] and view.body.startswith("# H1 << #in_title")


def test_opml_from_a_real_outliner_and_exports_read_by_libxml2(workspace: Workspace,
                                                               tmp_path: Path) -> None:
    source = DATA / "opml-encoding.opml"
    cli(workspace.path, "note", "import", "--from", "opml", str(source))
    [note] = query.list_notes(workspace)
    original = etree.parse(str(source))
    expected = [(len(list(e.iterancestors("outline"))), e.get("text"))
                for e in original.iter("outline")]
    out = tmp_path / "back.opml"
    cli(workspace.path, "note", "export", str(note.id), "--format", "opml", "-o", str(out))
    exported = etree.parse(str(out))
    got = [(len(list(e.iterancestors("outline"))), e.get("text"))
           for e in exported.iter("outline")]
    assert got == expected and exported.getroot().get("version") == "2.0"
    assert exported.findtext("head/title") == "test/encoding.txt"
    mm = tmp_path / "map.mm"
    cli(workspace.path, "note", "export", str(note.id), "--format", "mm", "-o", str(mm))
    tree = etree.parse(str(mm))
    root = tree.getroot().find("node")
    assert tree.getroot().tag == "map" and root.get("TEXT") == "test/encoding.txt"
    assert [n.get("TEXT") for n in root.iter("node")][1:] == [t for _, t in expected]


def test_hostile_text_makes_valid_xml(workspace: Workspace) -> None:
    body = "# \x1b[2J<b>&\n- \u202etxt.exe\n  - ]]> \x00 \x07\n"
    root = outline.tree("T\x1b", body)
    for text in (outline.to_opml(root), outline.to_freemind(root)):
        parsed = etree.fromstring(text.split("\n", 1)[1] if text.startswith("<?") else text)
        assert parsed is not None
        assert "\x1b" not in text and "<b>" not in text


def test_notebook_export_then_import_changes_nothing(workspace: Workspace,
                                                     tmp_path: Path) -> None:
    db = workspace.path
    cli(db, "notebook", "add", "Ops")
    ids = [notes.create_note(workspace, title=title, body=body, notebook="Ops", tags=tags,
                             pinned=pinned)
           for title, body, tags, pinned in [
               ('Runbook "prod" — ünïcode', "# Steps\n- a\n", ["ops", "prod"], True),
               ("Same title", "no trailing newline", [], False),
               ("Same title", "---\nlooks like front matter\n---\n", [], False),
               ("Empty", "", [], False)]]
    files.attach_file(workspace, note_id=ids[0], name="diagram.png",
                      content_b64=base64.b64encode(b"\x89PNG\r\n\x1a\n\x00").decode())
    before = {i: (query.get_note(workspace, i).body, query.get_note(workspace, i).note.version)
              for i in ids}
    out = tmp_path / "export"
    assert "wrote 4 notes" in cli(db, "notebook", "export", "Ops", str(out))
    assert sorted(p.name for p in out.iterdir())[:3] == ["empty.md",
                                                          "runbook-prod-ünïcode.files",
                                                          "runbook-prod-ünïcode.md"]
    result = json.loads(cli(db, "note", "import", "--from", "md", str(out), "--notebook",
                            "Ops", "--json"))
    assert result == {"format": 2, "created": 0, "updated": 0, "unchanged": 4,
                      "warnings": []}
    after = {i: (query.get_note(workspace, i).body, query.get_note(workspace, i).note.version)
             for i in ids}
    assert after == before
    # Into a fresh workspace: the same notes, attachments and all.
    other = tmp_path / "other.db"
    assert run_cli("init", str(other)).returncode == 0
    made = run_cli("note", "import", "--from", "md", str(out), "--db", str(other), "--json")
    assert json.loads(made.stdout)["created"] == 4, made.stderr
    ws2 = Workspace.open(str(other), user="anna")
    titles = sorted(n.title for n in query.list_notes(ws2))
    assert titles == sorted(query.get_note(workspace, i).note.title for i in ids)
    runbook = next(n for n in query.list_notes(ws2) if n.pinned)
    assert runbook.tags == ["ops", "prod"]
    got = files.read_file(ws2, runbook.id, "diagram.png")
    assert got[2] == hashlib.sha256(b"\x89PNG\r\n\x1a\n\x00").hexdigest()
