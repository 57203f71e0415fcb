"""The write path: straight to the share, queued in the outbox when it is unavailable."""

from __future__ import annotations

import os
from typing import Any

import pytest

from teamspace.config import outbox_path
from teamspace.errors import Queued, ShareUnreachable
from teamspace.store.core import outbox
from teamspace.store.core.connection import Workspace
from teamspace.store.core.submit import submit
from teamspace.store.microblog import feed, posts


def test_no_outbox_file_means_a_direct_write(workspace: Workspace) -> None:
    post_id = submit(workspace, posts.create_post, text="direct")
    assert feed.get_post(workspace, post_id).text == "direct"
    assert not os.path.exists(outbox_path())


def test_unavailable_share_queues_with_the_same_op_id(workspace: Workspace,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = Workspace.write

    def flaky(self: Workspace, fn: Any, *, kind: str, op_id: str | None = None) -> Any:
        seen.append(str(op_id))
        if len(seen) == 1:
            raise ShareUnreachable("the share is gone")
        return real(self, fn, kind=kind, op_id=op_id)

    monkeypatch.setattr(Workspace, "write", flaky)
    with pytest.raises(Queued, match="QUEUED"):
        submit(workspace, posts.create_post, text="while away")
    [entry] = outbox.pending(workspace.path)
    assert entry.op_id == seen[0] and entry.writer == "microblog.posts.create_post"
    assert feed.feed(workspace) == []
    submit(workspace, posts.create_post, text="back again")  # replays the queued one first
    assert [p.text for p in feed.feed(workspace)] == ["back again", "while away"]
    assert seen[1] == seen[0]  # the replay reused the first op id
    assert outbox.pending(workspace.path) == []


def test_a_vanished_known_workspace_queues_instead_of_asking_for_init(
        workspace: Workspace, tmp_path: Any) -> None:
    """An sshfs mount that lost its server unmounts itself: the file is just gone."""
    submit(workspace, posts.create_post, text="before")
    hidden = tmp_path / "away.db"
    os.rename(workspace.path, hidden)  # the share's folder is now an empty local one
    again = Workspace.open(workspace.path, user="anna")
    again.retry_seconds = 0.2
    with pytest.raises(Queued, match="QUEUED.*not there any more"):
        submit(again, posts.create_post, text="during the outage")
    os.rename(hidden, workspace.path)  # the share is back
    submit(again, posts.create_post, text="after")
    assert [p.text for p in feed.feed(again)] == ["after", "during the outage", "before"]


def test_an_unknown_missing_workspace_is_still_a_clear_error(tmp_path: Any) -> None:
    from teamspace.errors import NotInitialized

    ws = Workspace.open(str(tmp_path / "typo.db"), user="anna")
    with pytest.raises(NotInitialized, match="teamspace init"):
        submit(ws, posts.create_post, text="x")
