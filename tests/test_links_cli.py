"""``teamspace link …`` and ``teamspace tag …`` through the real command group: output,
--json, one-line errors with exit codes, hostile text printed harmlessly, and the hot
commands loading nothing heavy."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from test_imports import HEAVY, modules_after
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links, query

from hostile import EVERYTHING, MARKUP, hostile_text, leaks
from support import run_cli
from tui_support import team

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


def run(workspace: Workspace, *args: str, user: str = "anna", code: int = 0) -> str:
    result = CliRunner().invoke(app, [*args, "--db", workspace.path],
                                env={"TEAMSPACE_USER": user})
    assert result.exit_code == code, result.output
    return result.output


def test_add_list_show_and_also_saved_by(workspace: Workspace) -> None:
    team(workspace)
    assert run(workspace, "link", "add", "https://example.org/x?utm_source=feed", "--no-fetch",
               "-t", "py", "-t", "web", "--note", "first!").strip() == "1"
    out = run(workspace, "link", "add", "example.org/x", "--no-fetch", "-t", "bob", user="bob")
    assert out.strip() == "1 (also saved by anna)"
    again = run(workspace, "link", "add", "https://example.org/x", "--no-fetch", "-t", "more")
    assert "you had saved it already" in again and "also saved by bob" in again
    listed = run(workspace, "link", "list")
    assert "https://example.org/x" in listed and "saved by you, bob" in listed
    assert "+py +web +more +bob" in listed
    data = json.loads(run(workspace, "link", "list", "--json"))
    assert data[0]["savers"] == ["anna", "bob"] and data[0]["saved_at"].endswith("Z")
    shown = run(workspace, "link", "show", "1")
    assert "first!" in shown and "History" in shown and "bob" in shown
    detail = json.loads(run(workspace, "link", "show", "1", "--json"))
    assert [s["author"] for s in detail["saves"]] == ["anna", "bob"]


def test_tag_edit_delete_restore_trash(workspace: Workspace) -> None:
    run(workspace, "link", "add", "https://example.org/", "--no-fetch", "-t", "draft")
    assert run(workspace, "link", "tag", "1", "+py", "-draft", "web").strip() == "#1 +py +web"
    run(workspace, "link", "edit", "1", "--title", "Home", "--note", "n", "--private")
    [link] = query.list_links(workspace)
    assert (link.title, link.saves[0].note, link.saves[0].visibility) == ("Home", "n",
                                                                          "private")
    assert "deleted #1" in run(workspace, "link", "delete", "1")
    assert "No links." in run(workspace, "link", "list")
    assert "Home" in run(workspace, "link", "trash")
    run(workspace, "link", "restore", "1")
    assert "Home" in run(workspace, "link", "list")
    assert "nothing to change" in run(workspace, "link", "edit", "1", code=64)


def test_tags_commands_are_per_pane(workspace: Workspace) -> None:
    from teamspace.store.tasks import tasks

    tasks.add_task(workspace, title="a task", tags=["py"])
    run(workspace, "link", "add", "https://a.example/", "--no-fetch", "-t", "py")
    run(workspace, "link", "add", "https://b.example/", "--no-fetch", "-t", "py", "-t", "x")
    assert run(workspace, "tag", "list").split() == ["py", "2", "x", "1"]
    assert "merge the two" in run(workspace, "tag", "rename", "x", "py", code=64)
    assert "renamed on 1 links" in run(workspace, "tag", "rename", "x", "later")
    assert "merged into py on 1 links" in run(workspace, "tag", "merge", "later", "py")
    assert json.loads(run(workspace, "tag", "list", "--json")) == [{"format": 2, "tag": "py",
                                                                   "links": 2}]
    from teamspace.store.tasks import query as taskquery

    assert taskquery.list_tasks(workspace)[0].tags == ["py"]  # the task's tag untouched


def test_search_prints_snippets(workspace: Workspace) -> None:
    run(workspace, "link", "add", "https://db.example/", "--no-fetch", "--title",
        "Postgres tuning", "--note", "vacuum settings")
    out = run(workspace, "link", "search", "vacuum")
    assert "Postgres tuning" in out and "vacuum settings" in out
    assert "Nothing found." in run(workspace, "link", "search", "nothing")
    assert "nothing to search for" in run(workspace, "link", "search", "-x", code=64)


def test_hostile_text_is_printed_harmlessly(workspace: Workspace) -> None:
    evil = "\x1b]0;pwned\x07\x1b[2J\u202eevil [red]x[/]"
    link_id = links.add_link(workspace, url="https://evil.example/", title=evil,
                             note=evil, tags=["ok"])["id"]
    links.set_page_info(workspace, link_id=link_id, title=evil, description=evil)
    for args in (("link", "list"), ("link", "show", str(link_id)),
                 ("link", "search", "evil")):
        out = run(workspace, *args)
        assert "\x1b]" not in out and "\x1b[2J" not in out and "\u202e" not in out, args
        assert "[red]x[/]" in out


@pytest.mark.parametrize(("args", "code", "message"), [
    (("link", "add", "javascript:alert(1)"), 64, "refused: a javascript: link runs code"),
    (("link", "add", "data:text/html,hi"), 64, "refused: a data: link"),
    (("link", "show", "99"), 3, "link 99 does not exist"),
    (("link", "delete", "99"), 3, "link 99 does not exist"),
    (("link", "add", "https://x.example/", "--private", "--group", "g"), 64, "choose one"),
    (("link", "check"), 64, "say which links"),
    (("link", "import", "/nonexistent.html"), 64, "cannot read /nonexistent.html"),
    (("link", "export", "--format", "xml"), 64, "unknown format"),
    (("link", "list", "--since", "someday"), 64, "cannot read the date"),
])
def test_errors_are_one_line(workspace: Workspace, args: tuple[str, ...], code: int,
                             message: str) -> None:
    out = run(workspace, *args, code=code)
    assert message in out and "Traceback" not in out and "internal error" not in out


def test_open_uses_the_browser(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    run(workspace, "link", "add", "https://example.org/", "--no-fetch")
    run(workspace, "link", "open", "1")
    assert opened == ["https://example.org/"]


def test_a_real_process_exits_with_the_codes(workspace: Workspace) -> None:
    env = {"TEAMSPACE_DB": workspace.path}
    added = run_cli("link", "add", "https://example.org/", "--no-fetch", "--json", env=env)
    assert added.returncode == 0 and json.loads(added.stdout)["id"] == 1
    refused = run_cli("link", "add", "javascript:void(0)", env=env)
    assert refused.returncode == 64 and refused.stderr.count("\n") == 1
    missing = run_cli("link", "show", "7", env=env)
    assert missing.returncode == 3 and "link 7 does not exist" in missing.stderr


@pytest.mark.parametrize("argv", [
    ["link", "add", "https://example.org/a", "--no-fetch", "-t", "x"],
    ["link", "list"], ["link", "list", "--json", "--tag", "x"]])
def test_everyday_link_commands_import_nothing_heavy(argv: list[str], workspace: Workspace,
                                                     db_path: str,
                                                     driver_modules: frozenset[str]) -> None:
    links.add_link(workspace, url="https://example.org/b", tags=["x"])
    code = ("import sys\nfrom teamspace.cli.app import run\n"
            f"sys.argv = ['teamspace', *{argv!r}, '--db', {db_path!r}]\n"
            "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert run() == 0\n")
    loaded = modules_after(code) - driver_modules
    assert not loaded & set(HEAVY + ["http", "ssl", "html"]), loaded & set(HEAVY)
    assert os.path.exists(db_path) or db_path.startswith("postgresql://")


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text())
@example(text=EVERYTHING)
def test_hostile_text_through_every_links_output(tmp_path_factory: pytest.TempPathFactory,
                                                 text: str) -> None:
    """Whatever a colleague, a page or a file wrote: no links command prints what a
    terminal would obey; --json and the JSON export keep the exact text; the HTML export
    keeps it, controls as character references."""
    import html

    from teamspace.cli.app import run as run_app
    from teamspace.store.links.interop import import_links

    folder = tmp_path_factory.mktemp("hostile")
    ws = Workspace.open(str(folder / "team.db"), user="anna")
    ws.create()
    import_links(ws, visibility="everyone", records=[
        {"url": "https://h.example/", "title": text, "note": text, "tags": ["t"]}])
    link_id = links.add_link(ws, url="https://g.example/", title=text, note=text,
                             tags=["ok"])["id"]
    links.set_page_info(ws, link_id=link_id, title=text, description=text)
    links.record_checks(ws, results=[{"link_id": link_id, "state": "failing",
                                      "error": text}])

    def output(*argv: str) -> str:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert run_app([*argv, "--db", ws.path]) == 0, argv
        return out.getvalue()

    for argv in (["link", "list"], ["link", "show", str(link_id)], ["link", "search", "ok"],
                 ["link", "trash"], ["tag", "list"], ["link", "export"]):
        assert not leaks(output(*argv)), argv
    [shown] = [entry for entry in json.loads(output("link", "list", "--json"))
               if entry["id"] == link_id]
    assert shown["saves"][0]["note"] == text.strip()
    exported = json.loads(output("link", "export", "--format", "json"))
    assert text.strip() in [entry["note"] for entry in exported]
    path = folder / "out.html"
    output("link", "export", "-o", str(path))
    assert not leaks(path.read_text())
    for markup in MARKUP:  # literal text in the file, escaped as HTML wants
        assert markup not in text or html.escape(markup, quote=False) in path.read_text()
