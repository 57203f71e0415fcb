"""Issue 12, the first day of a real team: nothing typed is lost, however the keys
arrive; the keyboard goes where people expect."""

from __future__ import annotations

from textual.widgets import TabbedContent

from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.tui.app import build_app
from teamspace.tui.widgets.composer import Composer

from tui_support import burst, settle, shown_ids, stream, team


async def test_text_and_ctrl_s_in_one_burst_sends_all_of_it(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await burst(pilot, *"hello world", "ctrl+s")
        await settle(pilot)
        assert [p.text for p in feed.feed(workspace)] == ["hello world"]
        assert app.query_one(Composer).text == ""
        assert app.focused is stream(app)  # the next key is a command, not more text
        await pilot.press("2")
        assert app.query_one("#tabs", TabbedContent).active == "tasks"


async def test_an_edit_in_one_burst_saves_and_an_unchanged_edit_says_so(
        workspace: Workspace) -> None:
    mine = posts.create_post(workspace, text="draft")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await burst(pilot, "end", *" plan", "ctrl+s")
        await settle(pilot)
        assert feed.get_post(workspace, mine).text == "draft plan"
        await pilot.press("e", "ctrl+s")
        await settle(pilot)
        assert any(n.message == "No change." for n in app._notifications)
        assert feed.get_post(workspace, mine).version == 2


async def test_keys_typed_after_sending_are_kept_for_the_next_message(
        workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        # The share is slow: the send is still on its way while the user types on.
        with workspace.lock.hold("a slow share (test)"):
            await burst(pilot, *"first", "ctrl+s", "enter", *"second")
            for _ in range(5):
                await pilot.pause(0.05)
            assert app.query_one(Composer).text == "first\nsecond"
        await settle(pilot)
        assert [p.text for p in feed.feed(workspace)] == ["first"]
        assert app.query_one(Composer).text == "second"


async def test_thread_replies_complete_names_and_q_j_k_n_escape(workspace: Workspace) -> None:
    ws = team(workspace)
    people.add_person(workspace, "bobby")
    first = posts.create_post(ws["bob"], text="one")
    second = posts.create_post(ws["bob"], text="two")
    posts.mark_read(ws["anna"], post_ids=[second])
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_ids(app) == [second, first]
        await pilot.press("j")
        assert stream(app).current_post.id == first  # type: ignore[union-attr]
        await pilot.press("k", "n")
        assert stream(app).current_post.id == first  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"thanks @bobb", "tab")
        composer = app.screen.query_one(Composer)
        assert composer.text == "thanks @bobby "
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("m", "escape")
        assert app.query_one("#microblog-pane").view == "all"  # type: ignore[attr-defined]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running


# ---------------------------------------------------------------- onboarding
def test_whoever_opens_the_workspace_is_a_member_at_once(workspace: Workspace) -> None:
    from support import run_cli

    env = {"TEAMSPACE_DB": workspace.path}
    assert run_cli("feed", env={**env, "TEAMSPACE_USER": "bob"}).returncode == 0  # reads only
    posted = run_cli("post", "hi @bob", env={**env, "TEAMSPACE_USER": "carol"})
    assert posted.returncode == 0, posted.stderr
    added = run_cli("task", "add", "review", "--to", "bob", env={**env, "TEAMSPACE_USER": "carol"})
    assert added.returncode == 0, added.stderr
    unknown = run_cli("post", "hi @dave", env={**env, "TEAMSPACE_USER": "carol"})
    assert "teamspace member add dave" in unknown.stderr


def test_member_commands_add_rename_deactivate_and_say_so(workspace: Workspace) -> None:
    from teamspace.store.core import people

    from support import run_cli

    def cli(*argv: str) -> str:
        result = run_cli(*argv, "--db", workspace.path)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert cli("member", "add", "bob", "--name", "Bob Okafor") == "added bob\n"
    assert cli("member", "add", "bob") == "bob is a member already\n"
    assert "Bob O." in cli("member", "rename", "bob", "Bob O.")
    assert "deactivated bob" in cli("member", "deactivate", "bob")
    assert "bob" not in cli("member", "list")
    assert "(deactivated)" in cli("member", "list", "--all")
    refused = run_cli("task", "add", "x", "--to", "bob", "--db", workspace.path)
    assert refused.returncode != 0  # not assignable while deactivated
    assert cli("member", "add", "bob") == "bob is a member again\n"
    actions = workspace.read(lambda s: [r["action"] for r in s.all(
        "SELECT action FROM activity WHERE item_type = 'person' ORDER BY id")])
    assert actions[-3:] == ["rename", "delete", "restore"]
    assert [p.display_name for p in people.list_people(workspace) if p.username == "bob"] \
        == ["Bob O."]


def test_whoami_says_membership_and_workspace(workspace: Workspace) -> None:
    from support import run_cli

    workspace.set_meta("name", "Acme")
    out = run_cli("whoami", "--db", workspace.path).stdout
    assert "workspace 'Acme'" in out and "you are a member" in out
    out = run_cli("whoami", "--db", workspace.path, env={"TEAMSPACE_USER": "zed"}).stdout
    assert "not a member yet" in out


def test_the_implicit_local_workspace_is_announced_once() -> None:
    from support import run_cli

    first = run_cli("post", "hello")
    assert first.returncode == 0 and "nobody else sees it" in first.stderr
    assert "teamspace init" in first.stderr
    second = run_cli("post", "again")
    assert second.returncode == 0 and second.stderr == ""


def test_the_tui_on_a_workspace_that_is_not_there_says_what_the_cli_says(
        tmp_path: object) -> None:
    from support import run_cli

    missing = f"{tmp_path}/nothere.db"
    result = run_cli("--db", missing)
    assert result.returncode == 78 and f"teamspace init {missing}" in result.stderr


async def test_empty_views_say_what_to_do_next(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    workspace.implicit = True
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "press c to write the first one" in str(
            stream(app).get_option_at_index(0).prompt).lower()
        assert "local (not shared)" in app.sub_title
        app.query_one("#tabs", TabbedContent).active = "tasks"
        await settle(pilot)
        tasks = app.query_one("#task-list")
        assert "Press a to add one" in str(tasks.get_option_at_index(0).prompt)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- CLI manners
def on_a_terminal(argv: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal; return what it wrote."""
    import os
    import pty
    import subprocess
    import sys

    from support import ROOT

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "teamspace", *argv], stdout=follower,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env={**os.environ, **env}, cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_no_color_is_honoured_on_a_terminal(workspace: Workspace) -> None:
    from teamspace.store.tasks import tasks

    tasks.add_task(workspace, title="late one", due="2020-01-01")
    coloured = on_a_terminal(["task", "list", "--db", workspace.path], {})
    assert "\x1b[" in coloured  # overdue in red on a terminal
    plain = on_a_terminal(["task", "list", "--db", workspace.path], {"NO_COLOR": "1"})
    assert "late one" in plain and "\x1b[" not in plain


def test_usage_errors_are_one_line_with_a_hint() -> None:
    from support import run_cli

    for argv, hint in ((["post", "--bogus"], "teamspace post --help"),
                       (["task", "frobnicate"], "teamspace task --help"),
                       (["thread"], "teamspace thread --help")):
        result = run_cli(*argv)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("teamspace: error: ") and hint in result.stderr
    shown = run_cli("task")
    assert shown.returncode == 0 and "Usage: teamspace task" in shown.stdout


def test_a_share_that_is_gone_queues_at_once(workspace: Workspace, tmp_path: object) -> None:
    """Known workspace, folder now empty (an unmounted share): no retry loop, queued."""
    import os

    import pytest

    from teamspace.errors import Queued, ShareGone
    from teamspace.store.core.submit import submit

    posts.create_post(workspace, text="before")  # used before: remembered
    folder = os.path.dirname(workspace.path)
    os.rename(folder, folder + "-away")
    os.mkdir(folder)  # what an unmounted mount point looks like
    attempts: list[bool] = []
    unit = workspace._unit

    def counted(*args: object, **kwargs: object) -> object:
        attempts.append(True)
        return unit(*args, **kwargs)  # type: ignore[arg-type]

    workspace._unit = counted  # type: ignore[method-assign]
    with pytest.raises(ShareGone, match="not there any more"):
        workspace.write(lambda s: None, kind="t")
    assert len(attempts) == 1  # not retried for TEAMSPACE_RETRY_SECONDS
    with pytest.raises(Queued):
        submit(workspace, posts.create_post, text="kept for later")
    os.rmdir(folder)
    os.rename(folder + "-away", folder)  # the share is back: the outbox sends it
    from teamspace.store.core import outbox

    assert [r.status for r in outbox.replay(workspace)] == ["landed"]
    assert [p.text for p in feed.feed(workspace)] == ["kept for later", "before"]
