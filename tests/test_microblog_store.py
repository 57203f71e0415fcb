"""Microblog store: posting, visibility, threads, reactions, read markers, mutes, digest."""

from __future__ import annotations

import pytest

from teamspace.errors import (
    ConflictError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from teamspace.store.core import groups, people
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import digest, feed, posts

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def team(workspace: Workspace, db_path: str) -> dict[str, Workspace]:
    """anna (the fixture's workspace), bob, chen and dana on one file."""
    for name in ("bob", "chen", "dana"):
        people.add_person(workspace, name)
    return {"anna": workspace, **{n: Workspace.open(db_path, user=n)
                                  for n in ("bob", "chen", "dana")}}


def ids(views: list[feed.PostView]) -> list[int]:
    return [v.id for v in views]


def test_parse_mentions_and_tags() -> None:
    text = "Deploy #Release done @Anna. cc @bob-, mail x@y.com, see a.com/#frag #release"
    assert posts.parse_mentions(text) == ["anna", "bob"]
    assert posts.parse_tags(text) == ["release"]


def test_post_stores_mentions_tags_and_shows_in_feed(team: dict[str, Workspace]) -> None:
    pid = posts.create_post(team["anna"], text="deploy done #release @bob")
    view = feed.get_post(team["bob"], pid)
    assert (view.author, view.mentions, view.tags, view.visibility) == (
        "anna", ["bob"], ["release"], "everyone")
    assert view.mentions_me and view.unread
    assert ids(feed.feed(team["bob"], view="mentions")) == [pid]
    assert ids(feed.feed(team["chen"], view="mentions")) == []
    assert ids(feed.feed(team["chen"], tag="#Release")) == [pid]


def test_unknown_mention_is_an_error_with_a_suggestion(team: dict[str, Workspace]) -> None:
    with pytest.raises(InvalidInput, match=r"unknown user @bobb .*did you mean @bob\?"):
        posts.create_post(team["anna"], text="hi @bobb")
    pid = posts.create_post(team["anna"], text="hi @bobb", force=True)
    assert feed.get_post(team["anna"], pid).mentions == []


def test_empty_and_huge_posts_are_refused(team: dict[str, Workspace]) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        posts.create_post(team["anna"], text="   \n")
    with pytest.raises(InvalidInput, match="at most"):
        posts.create_post(team["anna"], text="x" * (posts.MAX_TEXT + 1))


def test_private_posts_reach_only_recipients(team: dict[str, Workspace]) -> None:
    pid = posts.create_post(team["anna"], text="salary talk", to=["bob"])
    assert pid in ids(feed.feed(team["bob"], view="private"))
    assert pid in ids(feed.feed(team["anna"]))
    for outsider in ("chen", "dana"):
        ws = team[outsider]
        assert pid not in ids(feed.feed(ws)) and pid not in ids(feed.feed(ws, author="anna"))
        with pytest.raises(NotFound):
            feed.get_post(ws, pid)
        with pytest.raises(NotFound):
            feed.thread(ws, pid)
        with pytest.raises(NotFound):
            posts.create_post(ws, text="me too", reply_to=pid)
        with pytest.raises(NotFound):
            posts.react(ws, post_id=pid, emoji="+1")
        with pytest.raises(NotFound):
            feed.history(ws, pid)
    reply = posts.create_post(team["bob"], text="ok", reply_to=pid)
    assert feed.get_post(team["anna"], reply).visibility == "private"
    assert reply not in ids(feed.feed(team["chen"]))


def test_private_message_to_unknown_user_is_refused(team: dict[str, Workspace]) -> None:
    with pytest.raises(InvalidInput, match="unknown user @bbo in --to"):
        posts.create_post(team["anna"], text="hi", to=["bbo"])


def test_closed_group_posts_are_for_members_only(team: dict[str, Workspace]) -> None:
    groups.create_group(team["anna"], name="leads", closed=True)
    pid = posts.create_post(team["anna"], text="reorg plans", group="leads")
    # To an outsider a closed group does not exist: not even its name is said.
    with pytest.raises(NotFound, match="no group 'leads'"):
        groups.join_group(team["chen"], name="leads")
    with pytest.raises(NotFound, match="no group 'leads'"):
        posts.create_post(team["chen"], text="hello?", group="leads")
    assert pid not in ids(feed.feed(team["chen"]))
    with pytest.raises(NotFound):
        feed.feed(team["chen"], group="leads")
    assert "leads" not in [g.name for g in groups.list_groups(team["chen"])]
    groups.invite(team["anna"], name="leads", username="chen")
    assert [g.my_status for g in groups.list_groups(team["chen"]) if g.name == "leads"] == [
        "invited"]
    assert pid not in ids(feed.feed(team["chen"]))  # an invitation is not membership
    groups.join_group(team["chen"], name="leads")
    assert ids(feed.feed(team["chen"], group="leads")) == [pid]
    groups.leave_group(team["chen"], name="leads")
    assert pid not in ids(feed.feed(team["chen"]))


def test_open_group_posts_are_public(team: dict[str, Workspace]) -> None:
    groups.create_group(team["anna"], name="random")
    pid = posts.create_post(team["anna"], text="lunch?", group="random")
    assert pid in ids(feed.feed(team["dana"]))
    assert ids(feed.feed(team["dana"], view="groups")) == []
    groups.join_group(team["dana"], name="random")
    assert ids(feed.feed(team["dana"], view="groups")) == [pid]
    with pytest.raises(InvalidInput, match="is taken"):
        groups.create_group(team["bob"], name="Random")


def test_threads_and_reply_counts(team: dict[str, Workspace]) -> None:
    root = posts.create_post(team["anna"], text="release on friday?")
    r1 = posts.create_post(team["bob"], text="yes", reply_to=root)
    r2 = posts.create_post(team["chen"], text="+1", reply_to=r1)
    assert ids(feed.thread(team["dana"], r2)) == [root, r1, r2]
    assert feed.get_post(team["dana"], root).reply_count == 2
    assert feed.get_post(team["dana"], r2).thread_id == root
    posts.delete_post(team["chen"], post_id=r2)
    assert feed.get_post(team["dana"], root).reply_count == 1
    with pytest.raises(InvalidInput, match="thread's audience"):
        posts.create_post(team["bob"], text="x", reply_to=root, to=["anna"])


def test_edit_keeps_history_and_checks_owner_and_version(team: dict[str, Workspace]) -> None:
    pid = posts.create_post(team["anna"], text="helo #typo")
    with pytest.raises(PermissionDenied, match="own posts"):
        posts.edit_post(team["bob"], post_id=pid, text="hacked")
    assert posts.edit_post(team["anna"], post_id=pid, text="hello #fixed", version=1) == 2
    with pytest.raises(ConflictError, match="changed by anna"):
        posts.edit_post(team["anna"], post_id=pid, text="again", version=1)
    view = feed.get_post(team["bob"], pid)
    assert view.text == "hello #fixed" and view.tags == ["fixed"] and view.edited
    steps = feed.history(team["bob"], pid)
    assert [s["action"] for s in steps] == ["create", "edit"]
    assert steps[1]["changes"]["text"] == ["helo #typo", "hello #fixed"]


def test_delete_goes_to_trash_and_restores(team: dict[str, Workspace]) -> None:
    pid = posts.create_post(team["anna"], text="oops")
    with pytest.raises(PermissionDenied):
        posts.delete_post(team["bob"], post_id=pid)
    posts.delete_post(team["anna"], post_id=pid)
    assert pid not in ids(feed.feed(team["bob"]))
    assert ids(feed.trash(team["anna"])) == [pid] and feed.trash(team["bob"]) == []
    posts.restore_post(team["anna"], post_id=pid)
    assert pid in ids(feed.feed(team["bob"]))


def test_reactions_toggle(team: dict[str, Workspace]) -> None:
    pid = posts.create_post(team["anna"], text="shipped")
    assert posts.react(team["bob"], post_id=pid, emoji="+1") == "added"
    assert posts.react(team["chen"], post_id=pid, emoji="👍") == "added"
    assert posts.react(team["chen"], post_id=pid, emoji="tada") == "added"
    assert feed.get_post(team["anna"], pid).reactions == {"👍": ["bob", "chen"],
                                                         "🎉": ["chen"]}
    assert posts.react(team["bob"], post_id=pid, emoji=":+1:") == "removed"
    assert feed.get_post(team["anna"], pid).reactions == {"👍": ["chen"], "🎉": ["chen"]}
    with pytest.raises(InvalidInput, match="not a reaction"):
        posts.react(team["bob"], post_id=pid, emoji="hello world")


def test_unread_markers_and_counts(team: dict[str, Workspace]) -> None:
    a = posts.create_post(team["anna"], text="one @bob")
    b = posts.create_post(team["anna"], text="private", to=["bob"])
    c = posts.create_post(team["chen"], text="three")
    counts = feed.counts(team["bob"])
    assert (counts.mentions, counts.private, counts.unread) == (1, 1, 3)
    assert ids(feed.feed(team["bob"], unread=True)) == [c, b, a]
    assert ids(feed.feed(team["anna"], unread=True)) == [c]  # own posts are never unread
    posts.mark_read(team["bob"], post_ids=[a])
    assert ids(feed.feed(team["bob"], unread=True)) == [c, b]
    assert feed.counts(team["bob"]).mentions == 0
    posts.mark_read(team["bob"], everything=True)
    assert feed.counts(team["bob"]).unread == 0
    d = posts.create_post(team["chen"], text="four")
    assert ids(feed.feed(team["bob"], unread=True)) == [d]


def test_new_member_starts_with_everything_read(team: dict[str, Workspace],
                                                db_path: str) -> None:
    posts.create_post(team["anna"], text="history")
    people.add_person(team["anna"], "erin")
    erin = Workspace.open(db_path, user="erin")
    assert feed.counts(erin).unread == 0 and len(feed.feed(erin)) == 1


def test_mutes(team: dict[str, Workspace]) -> None:
    groups.create_group(team["anna"], name="noise")
    by_chen = posts.create_post(team["chen"], text="chatter")
    tagged = posts.create_post(team["anna"], text="#standup notes")
    grouped = posts.create_post(team["anna"], text="in group", group="noise")
    root = posts.create_post(team["dana"], text="long thread")
    reply = posts.create_post(team["anna"], text="reply", reply_to=root)
    keep = posts.create_post(team["anna"], text="important @bob")
    bob = team["bob"]
    assert posts.mute(bob, kind="user", value="@chen")
    assert not posts.mute(bob, kind="user", value="chen")
    posts.mute(bob, kind="tag", value="#standup")
    posts.mute(bob, kind="group", value="noise")
    posts.mute(bob, kind="thread", value=str(reply))
    assert ids(feed.feed(bob)) == [keep]
    assert feed.counts(bob).unread == 1
    assert ids(feed.feed(bob, author="chen")) == [by_chen]  # asking explicitly shows it
    assert ids(feed.feed(bob, tag="standup")) == [tagged]
    assert ids(feed.feed(bob, group="noise")) == [grouped]
    assert posts.unmute(bob, kind="user", value="chen")
    assert by_chen in ids(feed.feed(bob))
    with pytest.raises(InvalidInput, match="cannot mute"):
        posts.mute(bob, kind="planet", value="mars")


def test_since_and_paging(team: dict[str, Workspace]) -> None:
    made = [posts.create_post(team["anna"], text=f"post {n}") for n in range(7)]
    page1 = feed.feed(team["bob"], limit=3)
    page2 = feed.feed(team["bob"], limit=3, before=page1[-1].id)
    assert ids(page1) + ids(page2) == list(reversed(made))[:6]
    assert feed.feed(team["bob"], since="2999-01-01 00:00:00.000000") == []


def test_digest_puts_mentions_and_private_first(team: dict[str, Workspace]) -> None:
    groups.create_group(team["anna"], name="dev")
    root = posts.create_post(team["anna"], text="plan #q4", group="dev")
    posts.create_post(team["chen"], text="agree", reply_to=root)
    posts.create_post(team["chen"], text="@bob can you check?")
    posts.create_post(team["dana"], text="psst", to=["bob"])
    summary = digest.digest(team["bob"], since="2000-01-01 00:00:00.000000")
    assert [m["text"] for m in summary["mentions"]] == ["@bob can you check?"]
    assert [m["text"] for m in summary["private"]] == ["psst"]
    assert summary["groups"] == {"dev": 2} and summary["tags"] == {"q4": 1}
    assert summary["threads"][0]["id"] == root and summary["threads"][0]["posts"] == 2
    assert summary["posts"] == 4


def test_same_op_id_posts_once(team: dict[str, Workspace]) -> None:
    first = posts.create_post(team["anna"], text="once", op_id="fixed-op")
    again = posts.create_post(team["anna"], text="once", op_id="fixed-op")
    assert first == again and len(feed.feed(team["bob"])) == 1


def test_tags_for_completion(team: dict[str, Workspace]) -> None:
    posts.create_post(team["anna"], text="#release #relax #release-notes")
    posts.create_post(team["anna"], text="#release")
    assert feed.known_tags(team["anna"], prefix="rel") == ["release", "relax",
                                                           "release-notes"]


def test_completion_never_suggests_tags_a_reader_may_not_see(
        team: dict[str, Workspace]) -> None:
    """Tags from a closed group, from others' private messages and from deleted posts
    are not suggested; the group's members and the recipients get theirs."""
    groups.create_group(team["anna"], name="leads", closed=True)
    posts.create_post(team["anna"], text="#reorg plans", group="leads")
    posts.create_post(team["anna"], text="#raise for you", to=["chen"])
    gone = posts.create_post(team["anna"], text="#rumour")
    posts.delete_post(team["anna"], post_id=gone)
    posts.create_post(team["anna"], text="#release")
    assert feed.known_tags(team["bob"], prefix="r") == ["release"]
    assert feed.known_tags(team["chen"], prefix="r") == ["raise", "release"]
    assert feed.known_tags(team["anna"], prefix="r") == ["raise", "release", "reorg"]
