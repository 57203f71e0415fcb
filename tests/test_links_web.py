"""The Links pane's network code against a local server only: bounded fetches (time,
bytes, redirects), hostile page titles, dead-link checks with a pool that is polite
to each host, and the CLI saving first and fetching after."""

from __future__ import annotations

import json
import time

import pytest
from links_web import Server, serving
from typer.testing import CliRunner

from teamspace.cli.app import app
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links, query
from teamspace.store.links.check import check_links
from teamspace.store.links.fetch import fetch_page
from teamspace.store.links.web import WebError, request


@pytest.fixture
def server() -> Server:  # type: ignore[misc]
    with serving() as found:
        yield found


def test_fetch_reads_the_title_and_description(server: Server) -> None:
    page = fetch_page(server.base + "/page")
    assert (page.title, page.description) == ("A & B page", "What it is about")


def test_fetched_titles_are_untrusted_text(server: Server) -> None:
    page = fetch_page(server.base + "/hostile")
    assert "\x1b" not in page.title and "\x07" not in page.title
    assert "\u202e" not in page.title
    assert "[bold red]markup[/]" in page.title  # kept as text; shown as Text, never markup
    assert page.title.startswith("Evil [2J]0;pwned")


def test_redirect_chains_are_followed_within_the_limit(server: Server) -> None:
    answer = request(server.base + "/r/3")
    assert (answer.status, answer.redirects) == (200, 3)
    assert answer.url == server.base + "/page"
    with pytest.raises(WebError) as too_many:
        request(server.base + "/r/9", max_redirects=5)
    assert too_many.value.kind == "redirects"
    with pytest.raises(WebError) as loop:
        request(server.base + "/loop")
    assert loop.value.kind == "redirects" and "loop" in loop.value.message


def test_a_slow_or_dripping_server_costs_the_timeout_not_more(server: Server) -> None:
    for path in ("/slow?s=5", "/drip"):
        started = time.monotonic()
        with pytest.raises(WebError) as failed:
            fetch_page(server.base + path, timeout=0.5)
        assert failed.value.kind == "timeout"
        assert time.monotonic() - started < 3  # bounded by the deadline, not the server


def test_reads_stop_at_the_byte_limit(server: Server) -> None:
    answer = request(server.base + "/big", max_bytes=1_000_000)
    assert len(answer.body) == 1_000_000
    assert fetch_page(server.base + "/big").title == "A & B page"
    assert fetch_page(server.base + "/late-title").title == ""  # beyond 1 MB: not read


def test_what_is_not_a_page_has_no_title(server: Server) -> None:
    for path, kind in (("/text", "type"), ("/404", "status"), ("/reset", "reset")):
        with pytest.raises(WebError) as failed:
            fetch_page(server.base + path)
        assert failed.value.kind == kind, path
    with pytest.raises(WebError) as refused:
        fetch_page("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert refused.value.kind == "refused"


def test_check_tells_ok_moved_dead_and_failing(server: Server) -> None:
    base = server.base
    results = {r["link_id"]: r for r in check_links(
        [(1, base + "/page"), (2, base + "/r/2"), (3, base + "/404"), (4, base + "/500"),
         (5, base + "/slow?s=5"), (6, base + "/reset"), (7, base + "/loop"),
         (8, base + "/nohead"), (9, "http://127.0.0.1:9/")], timeout=0.5)}
    summary = {i: (r["state"], r["status_code"]) for i, r in results.items()}
    assert summary == {1: ("ok", 200), 2: ("ok", 200), 3: ("dead", 404),
                       4: ("failing", 500), 5: ("failing", None), 6: ("failing", None),
                       7: ("failing", None), 8: ("ok", 200), 9: ("dead", None)}
    assert results[2]["final_url"] == base + "/page" and results[1]["final_url"] is None
    assert "timed out" in results[5]["error"] and "reset" in results[6]["error"]
    assert "GET /nohead" in server.hits and "HEAD /nohead" in server.hits


def test_the_pool_is_polite_to_each_host(server: Server) -> None:
    done: list[int] = []
    targets = [(n, server.base + f"/slow?s=0.1&n={n}") for n in range(12)]
    results = check_links(targets, pool=8, per_host=2, timeout=3,
                          on_result=lambda count, result: done.append(count))
    assert len(results) == 12 and all(r["state"] == "ok" for r in results)
    assert server.active_max == 2  # eight workers, but two at a time for this host
    assert sorted(done) == list(range(1, 13))


def test_many_hosts_are_checked_side_by_side() -> None:
    with serving("127.0.0.2") as other, serving("127.0.0.3") as third:
        targets = [(n, f"{(other if n % 2 else third).base}/slow?s=0.2&n={n}")
                   for n in range(8)]
        results = check_links(targets, pool=8, per_host=1, timeout=3)
        assert all(r["state"] == "ok" for r in results)
        assert other.active_max == third.active_max == 1


def test_cli_add_saves_first_then_fills_in_the_title(workspace: Workspace,
                                                      server: Server) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["link", "add", server.base + "/page", "--db", workspace.path])
    assert result.exit_code == 0, result.output
    [link] = query.list_links(workspace)
    assert link.title == "A & B page" and link.page_description == "What it is about"
    slow = runner.invoke(app, ["link", "add", server.base + "/drip", "--db", workspace.path])
    assert slow.exit_code == 0 and "saved without a title: timed out" in slow.output
    assert [link.url for link in query.list_links(workspace)][0] == server.base + "/drip"
    mine = runner.invoke(app, ["link", "add", server.base + "/page/2", "--title", "Mine",
                               "--db", workspace.path])
    assert mine.exit_code == 0
    assert query.list_links(workspace)[0].title == "Mine"
    assert not any("/page/2" in hit for hit in server.hits)  # a given title: no fetch


def test_a_fetched_title_never_replaces_one_typed(workspace: Workspace) -> None:
    result = links.add_link(workspace, url="https://example.org/", title="Typed")
    links.set_page_info(workspace, link_id=result["id"], title="From the page")
    link = query.get_link(workspace, result["id"])
    assert (link.title, link.page_title) == ("Typed", "From the page")


def test_cli_check_stores_results_and_list_shows_dead(workspace: Workspace,
                                                     server: Server) -> None:
    for path in ("/page", "/404", "/r/1", "/500"):
        links.add_link(workspace, url=server.base + path)
    links.add_link(workspace, url="mailto:someone@example.org")
    runner = CliRunner()
    result = runner.invoke(app, ["link", "check", "--all", "--timeout", "1", "--json",
                                 "--db", workspace.path])
    assert result.exit_code == 0, result.output
    states = sorted(r["state"] for r in json.loads(result.stdout))
    assert states == ["dead", "failing", "ok", "ok"]  # mailto: is not checked
    dead = runner.invoke(app, ["link", "list", "--dead", "--json", "--db", workspace.path])
    assert sorted(x["url"].rsplit("/", 1)[1] for x in json.loads(dead.stdout)) == ["404",
                                                                                    "500"]
    shown = runner.invoke(app, ["link", "list", "--db", workspace.path])
    assert "[dead 404]" in shown.output and "[failing 500]" in shown.output
    moved = [x for x in query.list_links(workspace) if x.url.endswith("/r/1")][0]
    assert moved.final_url == server.base + "/page" and moved.checked_at


def test_the_progress_bar_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from teamspace.cli.links.interop import Progress

    quiet = Progress(2)
    quiet.update(1, "ok")
    quiet.close()
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = Progress(4)
    bar.update(1, "ok")
    bar.update(2, "dead")
    bar.close()
    shown = capsys.readouterr().err
    assert "2/4  1 dead 1 ok" in shown and shown.count("\r") == 2 and shown.endswith("\n")
    assert "[" + "#" * 15 + "." * 15 + "]" in shown
