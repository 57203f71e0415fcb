"""The Links pane's store: URL normalisation and refused schemes, one link per URL with
"also saved by", visibility enforced on every read (private, open and closed groups),
edits with conflicts, tags (rename, merge), trash, ranked search with snippets."""

from __future__ import annotations

import pytest

from teamspace.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import groups, people
from teamspace.store.core.connection import Workspace
from teamspace.store.core.search import MARK_END, MARK_START
from teamspace.store.links import links, query
from teamspace.store.links.urls import normalise

from tui_support import team

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.mark.parametrize(("raw", "stored"), [
    ("HTTPS://Example.COM:443/a?utm_source=x&b=1&fbclid=2#frag",
     "https://example.com/a?b=1#frag"),
    ("http://example.com:80", "http://example.com/"),
    ("http://example.com:8080/x?utm_medium=mail", "http://example.com:8080/x"),
    ("example.org/page", "https://example.org/page"),
    ("localhost:8000/x", "https://localhost:8000/x"),
    ("ftp://Files.Example.org:21/pub/", "ftp://files.example.org/pub/"),
    ("mailto:Someone@Example.org", "mailto:Someone@Example.org"),
    ("file:///home/anna/notes.txt", "file:///home/anna/notes.txt"),
    ("http://[::1]:8080/", "http://[::1]:8080/"),
    ("https://user:pw@Example.com/", "https://user:pw@example.com/"),
])
def test_urls_are_normalised(raw: str, stored: str) -> None:
    assert normalise(raw) == stored


@pytest.mark.parametrize(("raw", "message"), [
    ("javascript:alert(1)", "javascript: link runs code"),
    ("JavaScript:alert(1)", "javascript: link runs code"),
    ("data:text/html,<script>", "data: link holds content"),
    ("gopher://old.example/", "'gopher:' links are not saved"),
    ("chrome://settings", "'chrome:' links are not saved"),
    ("http://exa mple.com", "cannot contain spaces"),
    ("http://example.com/\x1b[2J", "control characters"),
    ("", "needs a URL"),
    ("http://:80/", "no host name"),
])
def test_what_is_not_saved(raw: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise(raw)
    assert message in refused.value.message


def test_the_second_saver_joins_the_first(workspace: Workspace) -> None:
    ws = team(workspace)
    first = links.add_link(ws["anna"], url="https://Example.com/a?utm_source=x", tags=["py"],
                           note="anna's note")
    second = links.add_link(ws["bob"], url="https://example.com/a", tags=["bob"],
                            title="Bob's title")
    assert (second["id"], second["new"], second["also"]) == (first["id"], False, ["anna"])
    third = links.add_link(ws["chen"], url="example.com/a")
    assert third["also"] == ["anna", "bob"]
    again = links.add_link(ws["anna"], url="https://example.com/a", tags=["web"])
    assert again["again"] and again["also"] == ["bob", "chen"]
    [link] = query.list_links(ws["anna"])
    assert link.savers == ["anna", "bob", "chen"]
    assert link.mine("anna").tags == ["py", "web"] and link.mine("anna").note == "anna's note"
    assert link.mine("bob").title == "Bob's title"
    assert query.list_links(ws["bob"])[0].savers[0] == "bob"  # the reader's own first


def test_visibility_is_enforced_on_every_read(workspace: Workspace) -> None:
    ws = team(workspace)
    groups.create_group(ws["anna"], name="open-team")
    groups.create_group(ws["anna"], name="leads", closed=True)
    groups.join_group(ws["bob"], name="open-team")
    private = links.add_link(ws["anna"], url="https://secret.example/", note="diary",
                             visibility="private")["id"]
    closed = links.add_link(ws["anna"], url="https://leads.example/", group="leads",
                            tags=["board"])["id"]
    opened = links.add_link(ws["anna"], url="https://open.example/", group="open-team")["id"]
    shared = links.add_link(ws["anna"], url="https://shared.example/")["id"]
    links.add_link(ws["chen"], url="https://shared.example/", visibility="private",
                   note="chen's private note")
    for reader, expected in (("anna", {private, closed, opened, shared}),
                             ("bob", {opened, shared}), ("chen", {opened, shared})):
        assert {link.id for link in query.list_links(ws[reader])} == expected, reader
    with pytest.raises(NotFound):
        query.get_link(ws["bob"], private)
    with pytest.raises(NotFound):
        query.link_detail(ws["bob"], closed)
    assert query.get_link(ws["bob"], shared).savers == ["anna"]  # chen's save is private
    assert "chen's" not in str(query.link_detail(ws["bob"], shared).to_json())
    assert query.get_link(ws["chen"], shared).savers == ["chen", "anna"]
    assert query.search_links(ws["bob"], "diary") == []
    assert query.search_links(ws["bob"], "board") == []
    assert {tag for tag, _ in query.tag_counts(ws["bob"])} == set()
    assert query.tag_counts(ws["anna"]) == [("board", 1)]
    assert {link_id for link_id, _ in query.to_check(ws["bob"])} == {opened, shared}
    with pytest.raises(NotFound):
        query.list_links(ws["bob"], group="leads")
    groups.invite(ws["anna"], name="leads", username="bob")
    groups.join_group(ws["bob"], name="leads")
    assert closed in {link.id for link in query.list_links(ws["bob"])}


def test_saving_into_a_group_needs_membership(workspace: Workspace) -> None:
    ws = team(workspace)
    groups.create_group(ws["anna"], name="leads", closed=True)
    groups.create_group(ws["anna"], name="open-team")
    with pytest.raises(NotFound, match="no group 'leads'"):  # closed: not even named
        links.add_link(ws["bob"], url="https://x.example/", group="leads")
    groups.invite(ws["anna"], name="leads", username="bob")
    with pytest.raises(PermissionDenied, match="join it first"):  # invited, not a member
        links.add_link(ws["bob"], url="https://x.example/", group="leads")
    with pytest.raises(PermissionDenied, match="join it first"):
        links.add_link(ws["bob"], url="https://x.example/", group="open-team")
    with pytest.raises(NotFound, match="no group 'nope'"):
        links.add_link(ws["bob"], url="https://x.example/", group="nope")
    assert query.list_links(ws["bob"]) == []  # nothing half-saved


def test_edits_name_the_version_seen(workspace: Workspace) -> None:
    ws = team(workspace)
    link_id = links.add_link(ws["anna"], url="https://example.org/")["id"]
    version = query.get_link(ws["anna"], link_id).mine("anna").version
    links.edit_link(ws["anna"], link_id=link_id, changes={"note": "first"}, version=version)
    with pytest.raises(ConflictError, match="changed by anna"):
        links.edit_link(ws["anna"], link_id=link_id, changes={"note": "stale"},
                        version=version)
    assert query.get_link(ws["anna"], link_id).mine("anna").note == "first"
    with pytest.raises(NotFound, match="you have not saved link"):
        links.edit_link(ws["bob"], link_id=link_id, changes={"note": "not mine"})
    with pytest.raises(InvalidInput, match="cannot edit url"):
        links.edit_link(ws["anna"], link_id=link_id, changes={"url": "https://x/"})


def test_titles_typed_and_fetched(workspace: Workspace) -> None:
    link_id = links.add_link(workspace, url="https://example.org/")["id"]
    links.set_page_info(workspace, link_id=link_id, title="Page \x1b[31mtitle\u202e",
                        description="About\x00 it")
    link = query.get_link(workspace, link_id)
    assert (link.title, link.page_description) == ("Page [31mtitle", "About it")
    links.edit_link(workspace, link_id=link_id, changes={"title": "Mine"})
    links.set_page_info(workspace, link_id=link_id, title="Newer page title")
    assert query.get_link(workspace, link_id).title == "Mine"
    links.edit_link(workspace, link_id=link_id, changes={"title": ""})
    assert query.get_link(workspace, link_id).title == "Newer page title"


def test_tags_add_remove_rename_merge(workspace: Workspace) -> None:
    ws = team(workspace)
    a = links.add_link(ws["anna"], url="https://a.example/", tags=["py", "draft"])["id"]
    b = links.add_link(ws["anna"], url="https://b.example/", tags=["python"])["id"]
    links.add_link(ws["bob"], url="https://a.example/", tags=["py"])
    assert links.tag_link(ws["anna"], link_id=a, add=["+web", "#Web"], remove=["draft"]) == [
        "py", "web"]
    with pytest.raises(InvalidInput, match="merge the two"):
        links.rename_tag(ws["anna"], old="py", new="python")
    assert links.rename_tag(ws["anna"], old="py", new="python", merge=True) == 1
    assert query.get_link(ws["anna"], a).mine("anna").tags == ["python", "web"]
    assert query.get_link(ws["bob"], a).mine("bob").tags == ["py"]  # bob's own stay
    assert dict(query.tag_counts(ws["anna"], mine=True)) == {"python": 2, "web": 1}
    assert links.rename_tag(ws["anna"], old="web", new="www") == 1
    with pytest.raises(NotFound, match="no links tagged 'nothing'"):
        links.rename_tag(ws["anna"], old="nothing", new="else")
    with pytest.raises(InvalidInput, match="not a tag"):
        links.tag_link(ws["anna"], link_id=b, add=["no/slash"])
    assert [link.id for link in query.list_links(ws["anna"], tag="www")] == [a]


def test_delete_and_restore_are_per_person(workspace: Workspace) -> None:
    ws = team(workspace)
    link_id = links.add_link(ws["anna"], url="https://a.example/", note="keep me")["id"]
    links.add_link(ws["bob"], url="https://a.example/")
    links.delete_link(ws["anna"], link_id=link_id)
    assert query.get_link(ws["bob"], link_id).savers == ["bob"]
    assert [link.id for link in query.trash(ws["anna"])] == [link_id]
    assert query.list_links(ws["anna"])[0].savers == ["bob"]
    links.restore_link(ws["anna"], link_id=link_id)
    assert query.get_link(ws["anna"], link_id).mine("anna").note == "keep me"
    links.delete_link(ws["bob"], link_id=link_id)
    links.delete_link(ws["anna"], link_id=link_id)
    with pytest.raises(NotFound):
        query.get_link(ws["chen"], link_id)
    again = links.add_link(ws["anna"], url="https://a.example/")
    assert again["id"] == link_id and not again["again"]
    assert query.get_link(ws["anna"], link_id).mine("anna").note == "keep me"


def test_search_is_ranked_with_snippets(workspace: Workspace) -> None:
    ws = team(workspace)
    title = links.add_link(ws["anna"], url="https://x.example/", title="Postgres tuning guide",
                           tags=["db"])["id"]
    note = links.add_link(ws["anna"], url="https://y.example/",
                          note="mentions tuning of postgres once, among many other words "
                               "about gardening and cooking and travel")["id"]
    tagged = links.add_link(ws["bob"], url="https://z.example/", tags=["postgres"])["id"]
    url = links.add_link(ws["bob"], url="https://postgres.example/docs")["id"]
    found = query.search_links(ws["anna"], "postgres")
    assert {link.id for link in found} == {title, note, tagged, url}
    assert [link.id for link in query.search_links(ws["anna"], "postgres tuning")][0] in (
        title, note)
    snippet = next(link.snippet for link in found if link.id == title)
    assert f"{MARK_START}Postgres{MARK_END}" in snippet
    assert [link.id for link in query.search_links(ws["anna"], "postgres -db")] != []
    assert title not in [link.id for link in query.search_links(ws["anna"], "postgres -db")]
    assert [link.id for link in query.search_links(ws["anna"], "garden*")] == [note]
    assert [link.id for link in query.search_links(ws["anna"], '"TUNING guide"')] == [title]
    assert {link.id for link in query.search_links(ws["anna"], "cooking OR docs")} == {
        note, url}
    with pytest.raises(InvalidInput):
        query.search_links(ws["anna"], "-only")
    links.delete_link(ws["anna"], link_id=title)
    assert title not in [link.id for link in query.search_links(ws["anna"], "tuning")]


def test_list_filters(workspace: Workspace) -> None:
    ws = team(workspace)
    people.add_person(ws["anna"], "dana")
    a = links.add_link(ws["anna"], url="https://a.example/")["id"]
    b = links.add_link(ws["bob"], url="https://b.example/")["id"]
    links.record_checks(ws["anna"], results=[{"link_id": b, "state": "dead",
                                              "status_code": 404}])
    assert [link.id for link in query.list_links(ws["anna"], person="bob")] == [b]
    assert [link.id for link in query.list_links(ws["anna"], mine=True)] == [a]
    assert [link.id for link in query.list_links(ws["anna"], dead=True)] == [b]
    assert [link.id for link in query.list_links(ws["anna"], since="2999-01-01")] == []
    assert [link.id for link in query.list_links(ws["anna"], limit=1)] == [b]
    assert [link.id for link in query.list_links(ws["anna"], before=b)] == [a]


def test_a_queued_add_replays_once(workspace: Workspace) -> None:
    first = links.add_link(workspace, url="https://once.example/", tags=["a"], op_id="op-1")
    again = links.add_link(workspace, url="https://once.example/", tags=["a"], op_id="op-1")
    assert first == again
    assert len(query.list_links(workspace)) == 1
