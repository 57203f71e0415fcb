"""`teamspace note …` and `teamspace notebook …` through CliRunner and real
subprocesses: bodies from stdin and files, JSON, conflicts that keep the text,
attachments byte for byte, search errors as one line, hostile text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core.connection import Workspace
from teamspace.store.notes import notes, query

from support import run_cli
from tui_support import team

runner = CliRunner()


def invoke(db: str, *args: str, input: str | None = None, user: str = "anna"):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--db", db], input=input,
                         env={"TEAMSPACE_USER": user})


def test_add_list_show_append_search(workspace: Workspace) -> None:
    db = workspace.path
    result = invoke(db, "note", "add", "Release", "plan", "-t", "ops", input="# Plan\ndeploy fri\n")
    assert result.exit_code == 0, result.output
    note_id = int(result.output)
    assert invoke(db, "note", "show", str(note_id)).output == "# Plan\ndeploy fri\n"
    assert "appended" in invoke(db, "note", "append", str(note_id), "rollback", "ok").output
    listed = json.loads(invoke(db, "note", "list", "--json").output)
    assert [(n["title"], n["tags"], n["revision"]) for n in listed] == [
        ("Release plan", ["ops"], 2)]
    assert listed[0]["updated_at"].endswith("Z")
    hits = json.loads(invoke(db, "note", "search", "rollback", "--json").output)
    assert hits[0]["note"]["id"] == note_id
    assert {"text": "rollback", "match": True} in hits[0]["snippet"]
    bad = runner.invoke(app, ["note", "search", "--db", db, "--", "-only"])
    assert bad.exit_code == 64 and "nothing to search for" in bad.output
    assert "Traceback" not in bad.output
    missing = invoke(db, "note", "show", "999")
    assert missing.exit_code == 3 and "note 999 does not exist" in missing.output


def test_edit_from_a_file_merges_or_conflicts_keeping_the_text(workspace: Workspace,
                                                               tmp_path: Path) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Doc", body="a\nb\nc\nd\n")
    notes.save_note(ws["bob"], note_id=note_id, body="a\nB\nc\nd\n", base_revision=1)
    mine = tmp_path / "mine.md"
    mine.write_text("a\nb\nc\nD\n")
    merged = invoke(workspace.path, "note", "edit", str(note_id), "-f", str(mine), "--base",
                    "1")
    assert merged.exit_code == 0 and "merged with the changes bob saved" in merged.output
    assert query.get_note(ws["anna"], note_id).body == "a\nB\nc\nD\n"
    mine.write_text("a\nB\nc\nE\n")
    clash = invoke(workspace.path, "note", "edit", str(note_id), "-f", str(mine), "--base",
                   "2")
    assert clash.exit_code == 4 and "your text is saved in" in clash.output
    draft = clash.output.split("your text is saved in ")[1].split(")")[0]
    assert Path(draft).read_text() == "a\nB\nc\nE\n"
    assert query.get_note(ws["anna"], note_id).body == "a\nB\nc\nD\n"


def test_edit_in_editor_sees_the_text_and_saves(workspace: Workspace, tmp_path: Path
                                                ) -> None:
    note_id = notes.create_note(workspace, title="Doc", body="hello\n")
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/hello/goodbye/' \"$1\"\n")
    editor.chmod(0o755)
    result = run_cli("note", "edit", str(note_id), "--db", workspace.path,
                     env={"EDITOR": str(editor), "TEAMSPACE_USER": "anna"})
    assert result.returncode == 0, result.stderr
    assert "saved #1 revision 2" in result.stdout
    assert query.get_note(workspace, note_id).body == "goodbye\n"
    assert query.get_note(workspace, note_id).editing == []  # the heartbeat said goodbye


def test_attachments_round_trip_binary_through_real_processes(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    note_id = notes.create_note(workspace, title="Files")
    blob = tmp_path / "data.bin"
    payload = os.urandom(300_000) + b"\x00\xff"
    blob.write_bytes(payload)
    env = {"TEAMSPACE_USER": "anna"}
    attached = run_cli("note", "attach", str(note_id), str(blob), "--db", workspace.path,
                       env=env)
    assert attached.returncode == 0, attached.stderr
    out = tmp_path / "back.bin"
    got = run_cli("note", "get", str(note_id), "data.bin", "-o", str(out), "--db",
                  workspace.path, env=env)
    assert got.returncode == 0 and out.read_bytes() == payload
    again = run_cli("note", "get", str(note_id), "data.bin", "-o", str(out), "--db",
                    workspace.path, env=env)
    assert again.returncode == 64 and "exists already" in again.stderr
    config = Path(os.environ["TEAMSPACE_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text("[notes]\nattachment_limit_mb = 0.1\n")
    big = run_cli("note", "attach", str(note_id), str(blob), "--db", workspace.path, env=env)
    assert big.returncode == 64 and "over the attachment limit of 0.1 MB" in big.stderr
    assert big.stderr.count("\n") == 1


def test_hostile_titles_and_names_are_shown_cleaned(workspace: Workspace) -> None:
    evil = "\x1b]0;pwned\x07[red]x[/red] \u202egnp.exe"
    note_id = notes.create_note(workspace, title=evil, body="\x1b[2Jbody")
    listed = invoke(workspace.path, "note", "list").output
    assert "\x1b" not in listed and "\u202e" not in listed and "[red]x[/red]" in listed
    shown = run_cli("note", "show", str(note_id), "--db", workspace.path,
                    env={"TEAMSPACE_USER": "anna"})
    assert shown.returncode == 0
    assert json.loads(invoke(workspace.path, "note", "show", str(note_id), "--json").output
                      )["title"] == " ".join(evil.split())


def test_notebooks_and_meetings_and_promote(workspace: Workspace) -> None:
    ws = team(workspace)
    db = workspace.path
    assert invoke(db, "notebook", "add", "Leads", "--private").exit_code == 0
    made = invoke(db, "note", "meeting", "Weekly", "--when", "mon 10:00", "--with",
                  "anna,bob", "-n", "Leads")
    assert made.exit_code == 0, made.output
    note_id = int(made.output)
    assert invoke(db, "note", "show", str(note_id), user="bob").exit_code == 3
    notes.append_note(ws["anna"], note_id=note_id, text="- [ ] @bob send the deck due:fri")
    promoted = invoke(db, "note", "promote", str(note_id))
    assert "new task" in promoted.output and "send the deck" in promoted.output
    assert "nothing new" in invoke(db, "note", "promote", str(note_id)).output
    tree = invoke(db, "note", "outline", str(note_id)).output
    assert "Agenda" in tree and "Action items" in tree
    moved = invoke(db, "notebook", "move", "Leads", "--everyone", user="bob")
    assert moved.exit_code == 3  # bob cannot even see it
    listed = json.loads(invoke(db, "notebook", "list", "--json").output)
    assert [(b["name"], b["visibility"]) for b in listed] == [("Leads", "private")]


def test_get_refuses_to_write_binary_to_a_terminal(workspace: Workspace, tmp_path: Path
                                                    ) -> None:
    """Like curl: raw bytes on a terminal could carry sequences it obeys; a pipe or a
    file gets them untouched, and plain text may go to the terminal."""
    import pty
    import subprocess
    import sys

    from teamspace.store.notes import files

    note_id = notes.create_note(workspace, title="Files")
    evil = b"\x1b]52;c;cm0gLXJmIH4=\x07\x00\xff"
    for name, data in (("evil.bin", evil), ("readme.txt", b"plain words\r\n")):
        files.attach_file(workspace, note_id=note_id, name=name,
                          content_b64=files.encode(data))

    def get(name: str, terminal: bool) -> tuple[int, bytes, str]:
        argv = [sys.executable, "-m", "teamspace", "note", "get", str(note_id), name,
                "-o", "-", "--db", workspace.path]
        env = {**os.environ, "TEAMSPACE_USER": "anna"}
        if not terminal:
            done = subprocess.run(argv, capture_output=True, env=env, timeout=60)
            return done.returncode, done.stdout, done.stderr.decode()
        controller, tty = pty.openpty()
        try:
            done = subprocess.run(argv, stdout=tty, stderr=subprocess.PIPE, env=env,
                                  timeout=60)
            os.close(tty)
            shown = b""
            try:
                while chunk := os.read(controller, 65536):
                    shown += chunk
            except OSError:  # the terminal's other end is closed: all read
                pass
        finally:
            os.close(controller)
        return done.returncode, shown, done.stderr.decode()

    code, shown, error = get("evil.bin", terminal=True)
    assert code == 64 and b"\x1b" not in shown
    assert "is binary or holds control characters" in error and "-o FILE" in error
    assert get("evil.bin", terminal=False)[:2] == (0, evil)  # a pipe gets every byte
    code, shown, _ = get("readme.txt", terminal=True)
    assert code == 0 and b"plain words" in shown
