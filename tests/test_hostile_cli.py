"""Hostile text through every CLI output: whatever other people wrote, no command prints a
control sequence, a bidi override or an invisible character, markup stays literal, and
--json keeps the exact text (escaped, not lost)."""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import HealthCheck, example, given, settings

from teamspace.cli.app import run
from teamspace.text import guard, json_text

from hostile import EVERYTHING, MARKUP, hostile_text, hostile_workspace, leaks


def run_cli(db: str, *argv: str) -> tuple[int, str, str]:
    """Run a command in this process, with nothing on stdin (as in a script); (exit code,
    stdout, stderr) as written."""
    import sys

    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run([*argv, "--db", db])
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


def commands(ids: dict[str, int]) -> list[list[str]]:
    """Every read command, as a user would run them."""
    post, task = str(ids["post"]), str(ids["task"])
    return [["feed"], ["feed", "--private"], ["feed", "--group", "dev"], ["thread", post],
            ["history", post], ["digest"], ["dm", "bob"], ["task", "list"],
            ["task", "list", "--all"], ["task", "show", task], ["task", "trash"],
            ["task", "calendar", "--month", "2026-12"], ["people"], ["project", "list"],
            ["group", "list"], ["group", "members", "dev"], ["whoami"], ["version"],
            ["doctor"], ["task", "export", "--format", "ics"],
            ["task", "export", "--format", "taskwarrior"], ["task", "alerts"],
            ["task", "alerts", "--all"], *note_commands(ids),
            *link_and_time_commands(ids)]


def link_and_time_commands(ids: dict[str, int]) -> list[list[str]]:
    """The Links and Time panes' read commands (as bob sees them too: his timer runs)."""
    link = str(ids["link"])
    return [["link", "list"], ["link", "show", link], ["link", "search", "hostile"],
            ["link", "trash"], ["tag", "list"], ["link", "export"],
            ["time", "list", "--person", "bob"],
            ["time", "list", "--person", "bob", "--csv"], ["time", "report", "--by", "project"],
            ["time", "report", "--by", "tag"], ["time", "report", "--by", "person", "--csv"],
            ["time", "suggest"], ["time", "sheet"], ["timer", "status"],
            ["time", "export", "--everyone"], ["time", "export", "--everyone", "--format", "csv"],
            ["link", "export", "--format", "json"], ["time", "sheet", "bob"]]


def note_commands(ids: dict[str, int]) -> list[list[str]]:
    """The Notes pane's read commands (``note show`` here runs without a terminal, so
    it prints the Markdown as is: the path a pipe takes)."""
    note = str(ids["note"])
    return [["note", "list"], ["note", "show", note],
            ["note", "show", note, "--raw"], ["note", "history", note],
            ["note", "diff", note], ["note", "diff", note, "1", "2"],
            ["note", "outline", note], ["note", "search", "tag OR word OR again"],
            ["note", "files", note], ["note", "trash"], ["notebook", "list"],
            *[["note", "export", note, "--format", f] for f in ("md", "opml", "mm")]]


JSON_COMMANDS = [["feed", "--json"], ["task", "list", "--json"], ["people", "--json"],
                 ["task", "alerts", "--json"],
                 ["group", "list", "--json"], ["project", "list", "--json"],
                 ["note", "list", "--json"], ["notebook", "list", "--json"],
                 ["link", "list", "--json"], ["time", "list", "--person", "bob", "--json"],
                 ["time", "report", "--by", "project", "--json"]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text())
@example(EVERYTHING)
def test_no_command_prints_what_a_terminal_would_obey(text: str) -> None:
    db, ids = hostile_workspace(text)
    for argv in commands(ids):
        code, out, err = run_cli(db, *argv)
        assert code == 0, (argv, err)
        if "ics" in argv:
            out = out.replace("\r\n", "\n")  # iCalendar's line ends are CRLF by law
        assert not leaks(out), (argv, leaks(out))  # not a terminal: no colours either
        assert not leaks(err), (argv, err)
    _, out, _ = run_cli(db, "thread", str(ids["post"]))
    for markup in MARKUP:
        if markup in text and "\n" not in text:
            assert markup in out  # shown literally, never interpreted
    for argv in JSON_COMMANDS:
        code, out, _ = run_cli(db, *argv)
        assert code == 0 and not leaks(out), argv
        json.loads(out)  # still valid JSON


def test_json_keeps_the_exact_text() -> None:
    db, ids = hostile_workspace(EVERYTHING)
    _, out, _ = run_cli(db, "task", "show", str(ids["task"]), "--json")
    assert not leaks(out)
    assert json.loads(out)["title"] == EVERYTHING.strip()
    _, out, _ = run_cli(db, "task", "alerts", "--json")
    told = json.loads(out)
    assert [a["kind"] for a in told] == ["assigned", "mention"] and not leaks(out)
    assert told[0]["title"] == EVERYTHING.strip() and told[1]["text"].endswith(EVERYTHING.strip())
    _, out, _ = run_cli(db, "feed", "--json")
    assert any(p["text"].startswith(EVERYTHING.strip()) for p in json.loads(out))


def test_the_guard_holds_where_a_command_forgets_to_clean(monkeypatch: object) -> None:
    """Structural: a renderer that printed other people's text raw is still guarded at
    the sink (only colour sequences could pass, never a title, clipboard or query)."""
    import typer

    from teamspace.cli.microblog import render

    def careless(found: list[object], **kwargs: object) -> None:
        typer.echo(" ".join(p.text for p in found))  # type: ignore[attr-defined]

    monkeypatch.setattr(render, "print_posts", careless)  # type: ignore[attr-defined]
    db, _ = hostile_workspace(EVERYTHING)
    code, out, _ = run_cli(db, "feed")
    assert code == 0 and "owned" in out  # the careless renderer did print the raw text
    assert not leaks(out, allow_colours=True)
    raw = io.StringIO()
    with contextlib.redirect_stdout(raw):
        render.print_posts([], me="anna")  # outside run(): no guard, so the check can fail
        print(EVERYTHING)
    assert leaks(raw.getvalue())


@settings(max_examples=300, deadline=None)
@given(hostile_text(max_size=12))
def test_guard_and_json_text_never_let_a_control_through(text: str) -> None:
    assert not leaks(guard(text), allow_colours=True)
    encoded = json_text({"t": text})
    assert not leaks(encoded) and json.loads(encoded)["t"] == text
