"""Searching the microblog: ranked matches among the posts the reader may see, from the
CLI (feed --search) and the pane (/), the match highlighted."""

from __future__ import annotations

import json

import pytest

from teamspace.errors import InvalidInput
from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts
from teamspace.store.microblog.search import search_posts
from teamspace.tui.app import build_app

from support import run_cli
from tui_support import settle, shown_ids, stream, team


def test_search_ranks_and_never_shows_what_the_reader_cannot_see(
        workspace: Workspace) -> None:
    ws = team(workspace)
    groups.create_group(ws["bob"], name="leads", closed=True)
    public = posts.create_post(ws["bob"], text="the deploy went fine")
    loud = posts.create_post(ws["chen"], text="deploy deploy deploy: rollback plan")
    secret = posts.create_post(ws["bob"], text="deploy salaries", group="leads")
    private = posts.create_post(ws["bob"], text="deploy notes for chen", to=["chen"])
    deleted = posts.create_post(ws["bob"], text="deploy typo")
    posts.delete_post(ws["bob"], post_id=deleted)
    found = [f.post.id for f in search_posts(ws["anna"], "deploy")]
    assert found[0] == loud and set(found) == {public, loud}
    assert {f.post.id for f in search_posts(ws["chen"], "deploy")} == {public, loud, private}
    assert secret in {f.post.id for f in search_posts(ws["bob"], "deploy")}
    assert [f.post.id for f in search_posts(ws["anna"], "deploy -rollback")] == [public]
    with pytest.raises(InvalidInput, match="nothing to search for"):
        search_posts(ws["anna"], "-deploy")


def test_feed_search_from_the_cli(workspace: Workspace) -> None:
    posts.create_post(workspace, text="release notes are out")
    posts.create_post(workspace, text="lunch")
    result = run_cli("feed", "--search", "release", "--db", workspace.path)
    assert result.returncode == 0 and "release notes are out" in result.stdout
    assert "match:" in result.stdout and "lunch" not in result.stdout
    data = json.loads(run_cli("feed", "--search", "rel*", "--json", "--db",
                              workspace.path).stdout)
    assert [d["text"] for d in data] == ["release notes are out"]
    assert "\ue000release\ue001" in data[0]["snippet"]
    bad = run_cli("feed", "--search", "-x", "--db", workspace.path)
    assert bad.returncode == 64 and bad.stderr.count("\n") == 1


async def test_slash_searches_the_pane_and_esc_comes_back(workspace: Workspace) -> None:
    first = posts.create_post(workspace, text="budget approved")
    posts.create_post(workspace, text="lunch at noon")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"budget", "enter")
        await settle(pilot)
        assert shown_ids(app) == [first]
        assert "match:" in str(stream(app).get_option_at_index(0).prompt)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert len(shown_ids(app)) == 2
