"""The local outbox: queued when the share is unavailable, replayed in order, exactly once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from teamspace.cli import sync as sync_cli
from teamspace.errors import ConflictError, Queued, ShareUnreachable
from teamspace.store.core import outbox
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server
share_down = False
calls: list[str] = []


def note(ws: Workspace, *, text: str, fail: str = "", op_id: str | None = None) -> int:
    """A replayable test writer: appends an activity row; can fail on demand."""
    calls.append(text)
    if share_down:
        raise ShareUnreachable("the share is gone (test)")
    if fail == "conflict":
        raise ConflictError("note was changed by bob at 10:00 UTC (test)")

    def body(session: Session) -> int:
        session.record("note", len(text), text)
        return len(text)

    return ws.write(body, kind="test.note", op_id=op_id)


outbox.register_writer("test.note", note)


@pytest.fixture(autouse=True)
def share_up() -> None:
    global share_down
    share_down = False
    calls.clear()


def notes(ws: Workspace) -> list[str]:
    return [r["action"] for r in ws.read(lambda s: s.all(
        "SELECT action FROM activity WHERE item_type = 'note' ORDER BY id"))]


def test_submit_runs_the_writer_when_the_share_is_there(workspace: Workspace) -> None:
    assert outbox.submit(workspace, "test.note", {"text": "hello"}) == 5
    assert notes(workspace) == ["hello"]
    assert outbox.pending() == []


def test_unavailable_write_is_queued_then_replayed_in_order(workspace: Workspace) -> None:
    global share_down
    share_down = True
    with pytest.raises(Queued, match="QUEUED") as caught:
        outbox.submit(workspace, "test.note", {"text": "one"})
    assert caught.value.exit_code == 75 and "\n" not in str(caught.value)
    calls.clear()
    with pytest.raises(Queued, match="behind 1 earlier"):
        outbox.submit(workspace, "test.note", {"text": "two"})
    assert calls == ["one"]  # the earlier entry was tried first; "two" was not tried
    assert [e.kwargs["text"] for e in outbox.pending(workspace.path)] == ["one", "two"]
    share_down = False
    assert outbox.submit(workspace, "test.note", {"text": "three"}) == 5
    assert notes(workspace) == ["one", "two", "three"]
    assert outbox.pending() == []


def test_replay_of_a_write_that_had_landed_is_a_no_op(workspace: Workspace) -> None:
    # The first try committed but reported failure (an ambiguous COMMIT on SMB).
    note(workspace, text="once", op_id="op-1")
    outbox.enqueue(workspace, "test.note", {"text": "once"}, op_id="op-1", error="EIO")
    assert [r.status for r in outbox.replay(workspace)] == ["landed"]
    assert notes(workspace) == ["once"]


def test_rejected_entry_is_kept_as_failed_and_can_be_dropped(workspace: Workspace) -> None:
    outbox.enqueue(workspace, "test.note", {"text": "x", "fail": "conflict"}, op_id="a",
                   error="down")
    outbox.enqueue(workspace, "test.note", {"text": "after"}, op_id="b", error="down")
    assert [r.status for r in outbox.replay(workspace)] == ["failed", "landed"]
    [entry] = outbox.pending(workspace.path)
    assert entry.state == "failed" and "changed by bob" in (entry.last_error or "")
    dropped = outbox.drop(entry.seq)
    assert dropped is not None and dropped.seq == entry.seq
    assert outbox.pending() == []


def test_unknown_writer_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValueError):
        outbox.submit(workspace, "os.system", {"command": "true"})


def cli(*args: str) -> Any:
    return CliRunner().invoke(sync_cli.app, list(args))


def test_cli_outbox_lists_and_sync_replays(workspace: Workspace, db_path: str) -> None:
    global share_down
    share_down = True
    with pytest.raises(Queued):
        outbox.submit(workspace, "test.note", {"text": "queued"})
    listed = cli("outbox", "--db", db_path, "--json")
    assert listed.exit_code == 0, listed.output
    [entry] = json.loads(listed.output)["entries"]
    assert entry["writer"] == "test.note" and entry["state"] == "waiting"
    still = cli("sync", "--db", db_path)
    assert still.exit_code == 75 and "1 write(s) still waiting" in still.output
    share_down = False
    done = cli("sync", "--db", db_path)
    assert done.exit_code == 0 and f"landed  #{entry['seq']} test.note" in done.output
    assert notes(workspace) == ["queued"]
    assert cli("outbox", "--db", db_path).output.strip() == "nothing waiting in the outbox"


def test_cli_drop_needs_yes(workspace: Workspace, db_path: str) -> None:
    entry = outbox.enqueue(workspace, "test.note", {"text": "x"}, op_id="z", error="down")
    refused = cli("outbox", "--drop", str(entry.seq))
    assert refused.exit_code == 64
    assert cli("outbox", "--drop", str(entry.seq), "--yes").exit_code == 0
    assert outbox.pending() == []


def test_writers_queued_under_the_flat_store_names_still_replay() -> None:
    """Outbox entries written before the store moved into pane folders name the old
    module ('posts.create_post'); they must reach the same writer."""
    from teamspace.store.core import groups, projects
    from teamspace.store.core.replay import resolve, writer_name
    from teamspace.store.microblog import posts
    from teamspace.store.tasks import tasks

    assert resolve("posts.create_post") is posts.create_post
    assert resolve("tasks.add_task") is tasks.add_task
    assert resolve("groups.create_group") is groups.create_group
    assert resolve("projects.create_project") is projects.create_project
    assert writer_name(posts.create_post) == "microblog.posts.create_post"
    assert resolve(writer_name(tasks.add_task)) is tasks.add_task
    for bad in ("os.system", "core..connection.x", "microblog.posts.fetch_visible", "x"):
        with pytest.raises(ValueError):
            resolve(bad)
