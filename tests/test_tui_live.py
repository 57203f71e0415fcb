"""Live: another process's writes appear in a running TUI, with toasts and the bell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts
from teamspace.tui.app import build_app
from teamspace.tui.widgets.composer import Composer

from support import ROOT, run_cli
from tui_support import shown_ids, stream, team, until


async def test_another_process_post_appears_live(workspace: Workspace) -> None:
    ws = team(workspace)
    first = posts.create_post(ws["chen"], text="older")
    app = build_app(ws["anna"])
    rang = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: shown_ids(app) == [first])
        await pilot.press("c", *"half-written")
        result = run_cli("post", "hey @anna, live?", env={"TEAMSPACE_DB": workspace.path,
                                                           "TEAMSPACE_USER": "bob"})
        assert result.returncode == 0, result.stderr
        new_id = int(result.stdout)
        assert await until(pilot, lambda: shown_ids(app) == [new_id, first])
        assert app.query_one(Composer).text == "half-written"  # the draft survived
        assert await until(pilot, lambda: any("live?" in n.message
                                              for n in app._notifications))
        assert rang  # the terminal bell rang for the mention
        tab = app.query_one("#tabs").get_tab("microblog")  # type: ignore[attr-defined]
        assert await until(pilot, lambda: str(tab.label) == "Microblog (1)")


async def test_refresh_keeps_the_cursor_on_the_same_post(workspace: Workspace) -> None:
    ws = team(workspace)
    ids = [posts.create_post(ws["bob"], text=f"p{n}") for n in range(10)]
    app = build_app(ws["anna"])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: len(shown_ids(app)) == 10)
        stream(app).highlighted = shown_ids(app).index(ids[3])
        newer = posts.create_post(ws["chen"], text="newer")
        assert await until(pilot, lambda: shown_ids(app)[0] == newer)
        current = stream(app).current_post
        assert current is not None and current.id == ids[3]


async def test_bell_can_be_switched_off(workspace: Workspace) -> None:
    from teamspace.config import Settings

    ws = team(workspace)
    app = build_app(ws["anna"], settings=Settings(bell=False))
    rang = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        posts.create_post(ws["bob"], text="@anna hi")
        assert await until(pilot, lambda: len(shown_ids(app)) == 1)
        assert await until(pilot, lambda: any("hi" in n.message for n in app._notifications))
        assert not rang


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_ctrl_s_sends_through_tmux(workspace: Workspace, tmp_path: Path) -> None:
    """The send key must survive a real terminal multiplexer, not just Pilot."""
    session = f"ts-{os.getpid()}"
    env = {**os.environ, "TEAMSPACE_DB": workspace.path, "TERM": "xterm-256color"}
    command = f"{sys.executable} -m teamspace"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    command], env=env, cwd=ROOT, check=True)
    try:
        def screen() -> str:
            return subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True).stdout

        deadline = time.monotonic() + 30
        while "Microblog" not in screen() and time.monotonic() < deadline:
            time.sleep(0.2)
        subprocess.run(["tmux", "send-keys", "-t", session, "c"], check=True)
        time.sleep(0.5)
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "sent via tmux"], check=True)
        time.sleep(0.3)
        subprocess.run(["tmux", "send-keys", "-t", session, "C-s"], check=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if [p.text for p in feed.feed(workspace)] == ["sent via tmux"]:
                break
            time.sleep(0.2)
        assert [p.text for p in feed.feed(workspace)] == ["sent via tmux"], screen()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
