"""The Notes store: visibility enforced in SQL, versions, three-way merge and conflicts,
comments, presence, attachments, action items that become tasks, search."""

from __future__ import annotations

import base64
import hashlib

import pytest

from teamspace.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import groups, registry
from teamspace.store.core.connection import Workspace
from teamspace.store.notes import comments, files, meetings, notebooks, notes, query, search
from teamspace.store.notes.notes import MergeConflict
from teamspace.store.tasks import tasks as task_store

from tui_support import team


def ids(found: list[object]) -> list[int]:
    return [n.id for n in found]  # type: ignore[attr-defined]


def test_visibility_everyone_group_private(workspace: Workspace) -> None:
    ws = team(workspace)
    groups.create_group(ws["anna"], name="leads", closed=True)
    groups.create_group(ws["anna"], name="dev")
    notebooks.add_notebook(ws["anna"], name="Leads", visibility="group", group="leads")
    notebooks.add_notebook(ws["anna"], name="Dev", visibility="group", group="dev")
    notebooks.add_notebook(ws["anna"], name="Diary", visibility="private")
    shared = notes.create_note(ws["anna"], title="For all")
    closed = notes.create_note(ws["anna"], title="Salaries", notebook="Leads", body="secret")
    open_group = notes.create_note(ws["anna"], title="Dev plan", notebook="Dev")
    private = notes.create_note(ws["anna"], title="Dear diary", notebook="Diary",
                                body="secret")
    assert set(ids(query.list_notes(ws["anna"]))) == {shared, closed, open_group, private}
    assert set(ids(query.list_notes(ws["bob"]))) == {shared, open_group}
    for hidden in (closed, private):
        with pytest.raises(NotFound):
            query.get_note(ws["bob"], hidden)
        with pytest.raises(NotFound):
            notes.append_note(ws["bob"], note_id=hidden, text="sneaky")
        with pytest.raises(NotFound):
            comments.add_comment(ws["bob"], note_id=hidden, text="hi")
        with pytest.raises(NotFound):
            query.history(ws["bob"], hidden)
    assert search.search(ws["bob"], "secret") == []
    assert {h.note.id for h in search.search(ws["anna"], "secret")} == {closed, private}
    assert [b.name for b in notebooks.list_notebooks(ws["bob"])] == ["Dev", "Notes"]
    with pytest.raises(NotFound):
        notes.create_note(ws["bob"], title="x", notebook="Diary")
    groups.invite(ws["anna"], name="leads", username="bob")
    groups.join_group(ws["bob"], name="leads")
    assert closed in ids(query.list_notes(ws["bob"]))
    with pytest.raises(PermissionDenied):  # only the owner decides who reads it
        notebooks.move_notebook(ws["bob"], name="Leads", visibility="everyone")
    notebooks.move_notebook(ws["anna"], name="Diary", visibility="everyone")
    assert private in ids(query.list_notes(ws["chen"]))


def test_every_save_is_a_version_and_restore_adds_one(workspace: Workspace) -> None:
    note_id = notes.create_note(workspace, title="Plan", body="one\n")
    assert notes.save_note(workspace, note_id=note_id, body="two\n", base_revision=1) == {
        "revision": 2, "changed": True, "merged": False, "with": []}
    notes.append_note(workspace, note_id=note_id, text="three")
    assert [v.action for v in query.history(workspace, note_id)] == ["create", "save",
                                                                     "append"]
    assert notes.restore_version(workspace, note_id=note_id, revision=1) == 4
    assert query.get_note(workspace, note_id).body == "one\n"
    assert len(query.history(workspace, note_id)) == 4
    a, b, lines = query.diff(workspace, note_id, 2, 3)
    assert (a, b) == (2, 3) and "+three\n" in lines


def test_concurrent_edits_merge_cleanly_or_conflict(workspace: Workspace) -> None:
    ws = team(workspace)
    base = "# Plan\nintro\n\n## Budget\n100\n\n## Dates\nmonday\n"
    note_id = notes.create_note(ws["anna"], title="Plan", body=base)
    # bob and chen both open revision 1; bob saves first.
    notes.save_note(ws["bob"], note_id=note_id, body=base.replace("100", "120"),
                    base_revision=1)
    result = notes.save_note(ws["chen"], note_id=note_id,
                             body=base.replace("monday", "tuesday"), base_revision=1)
    assert result["merged"] and result["with"] == ["bob"]
    merged = query.get_note(ws["anna"], note_id).body
    assert "120" in merged and "tuesday" in merged  # both saves kept
    second = base.replace("100", "120")  # revision 2, bob's
    with pytest.raises(MergeConflict) as caught:
        notes.save_note(ws["anna"], note_id=note_id,
                        body=second.replace("monday", "wednesday"), base_revision=2)
    assert isinstance(caught.value, ConflictError) and caught.value.revision == 3
    assert "<<<<<<< yours\nwednesday\n=======\ntuesday\n>>>>>>> chen (revision 3)\n" \
        in caught.value.text
    assert query.get_note(ws["anna"], note_id).body == merged  # nothing overwritten
    resolved = merged.replace("tuesday", "tuesday or wednesday")
    done = notes.save_note(ws["anna"], note_id=note_id, body=resolved,
                           base_revision=caught.value.revision)
    assert done["revision"] == 4 and not done["merged"]


def test_edit_metadata_is_version_checked(workspace: Workspace) -> None:
    note_id = notes.create_note(workspace, title="Plan", tags=["a"])
    version = query.get_note(workspace, note_id).note.version
    notes.edit_note(workspace, note_id=note_id, changes={"tags": ["b", "#C"],
                                                         "pinned": True}, version=version)
    view = query.get_note(workspace, note_id)
    assert view.note.tags == ["b", "c"] and view.note.pinned
    with pytest.raises(ConflictError):
        notes.edit_note(workspace, note_id=note_id, changes={"pinned": False},
                        version=version)
    with pytest.raises(InvalidInput):
        notes.create_note(workspace, title="big", body="x" * (5 * 1024 * 1024 + 1))


def test_comments_and_presence(workspace: Workspace) -> None:
    ws = team(workspace)
    note_id = notes.create_note(ws["anna"], title="Doc")
    comments.add_comment(ws["bob"], note_id=note_id, text="looks good")
    comments.heartbeat(ws["bob"], note_id=note_id)
    view = query.get_note(ws["anna"], note_id)
    assert [c["text"] for c in view.comments] == ["looks good"]
    assert [e["user"] for e in view.editing] == ["bob"]
    assert query.get_note(ws["bob"], note_id).editing == []  # not yourself
    comments.heartbeat(ws["bob"], note_id=note_id, leaving=True)
    assert query.get_note(ws["anna"], note_id).editing == []


def test_attachments_are_binary_safe_versioned_and_limited(workspace: Workspace) -> None:
    note_id = notes.create_note(workspace, title="Files")
    data = bytes(range(256)) * 10 + b"\xff\xfe not utf-8"
    first = files.attach_file(workspace, note_id=note_id, name="../../evil\x1b[2J.bin",
                              content_b64=files.encode(data))
    assert first["revision"] == 1 and first["sha256"] == hashlib.sha256(data).hexdigest()
    name = "evil\x1b[2J.bin"  # the path part is dropped, the rest is kept as given
    again = files.attach_file(workspace, note_id=note_id, name=name,
                              content_b64=files.encode(data))
    assert not again["changed"]
    files.attach_file(workspace, note_id=note_id, name=name, content_b64=files.encode(b"v2"))
    assert files.read_file(workspace, note_id, name)[1] == b"v2"
    assert files.read_file(workspace, note_id, name, revision=1)[1] == data
    assert [v.revision for v in files.versions(workspace, note_id, name)] == [1, 2]
    files.detach_file(workspace, note_id=note_id, name=name)
    assert query.get_note(workspace, note_id).files == []
    assert [f["name"] for f in query.trash(workspace)[1]] == [name]
    files.detach_file(workspace, note_id=note_id, name=name, restore=True)
    assert [f.name for f in query.get_note(workspace, note_id).files] == [name]
    with pytest.raises(InvalidInput, match="over the attachment limit of 1 MB"):
        files.attach_file(workspace, note_id=note_id, name="big",
                          content_b64=base64.b64encode(b"x" * (1024 * 1024 + 1)).decode(),
                          limit=1024 * 1024)
    assert files.safe_file_name(name) == "evil_[2J.bin"
    assert files.safe_file_name("..hidden") == "hidden"


def test_action_items_become_tasks_once_and_show_ticked(workspace: Workspace) -> None:
    from teamspace.store.core import projects

    ws = team(workspace)
    projects.create_project(ws["anna"], name="Offsite")
    notebooks.add_notebook(ws["anna"], name="Meetings", project="Offsite")
    body = meetings.template("Weekly", when="Mon 10:00", attendees=["anna", "bob"])
    body += "- [ ] @bob write the offer due:2099-01-05\n- [x] already done\n"
    note_id = notes.create_note(ws["anna"], title="Weekly", body=body, notebook="Meetings")
    first = meetings.promote(ws["anna"], note_id=note_id, today="2026-12-01")
    made = [r for r in first if r["created"]]
    assert [r["text"] for r in made] == ["write the offer"]
    task_id = made[0]["task"]
    state = registry.provided("tasks.states")
    assert state is not None
    task = workspace.read(lambda s: s.one("SELECT * FROM task WHERE id = :i", {"i": task_id}))
    assert task is not None and (task["assignee"], task["title"]) == ("bob", "write the offer")
    assert str(task["due"]).startswith("2099-01-05") and f"note #{note_id}" in task["notes"]
    assert task["project_id"] is not None  # the notebook's project
    again = meetings.promote(ws["anna"], note_id=note_id, today="2026-12-01")
    assert not any(r["created"] for r in again)
    count = workspace.read(lambda s: s.scalar("SELECT count(*) FROM task"))
    assert count == 1  # no duplicates
    view = query.get_note(ws["anna"], note_id)
    assert f"(task #{task_id})" in view.body and "- [ ] @bob write" in view.shown_body()
    task_store.complete_tasks(ws["bob"], task_ids=[task_id])
    assert "- [x] @bob write the offer" in query.get_note(ws["anna"], note_id).shown_body()
    assert "- [ ] @bob write the offer" in query.get_note(ws["anna"], note_id).body


def test_promote_again_after_a_half_done_run_creates_no_duplicate(workspace: Workspace
                                                                  ) -> None:
    note_id = notes.create_note(workspace, title="M", body="- [ ] @anna call the bank\n")
    # A first run made the task, then failed before saving the link into the note:
    # the next run finds the task by its operation id.
    view = query.get_note(workspace, note_id)
    [item] = __import__("teamspace.store.notes.actions", fromlist=["parse"]).parse(view.body)
    create = registry.provided("tasks.create")
    assert create is not None
    early = create(workspace, title=item.text, assignee="anna",
                   op_id=meetings._task_op(view.uid, item, 1))
    [result] = meetings.promote(workspace, note_id=note_id)
    assert result["task"] == early
    assert workspace.read(lambda s: s.scalar("SELECT count(*) FROM task")) == 1


def test_search_ranks_highlights_filters_and_explains(workspace: Workspace) -> None:
    ws = team(workspace)
    a = notes.create_note(ws["anna"], title="Release checklist",
                          body="release release: tag, build, deploy", tags=["ops"])
    b = notes.create_note(ws["bob"], title="Lunch", body="the release party is friday")
    notes.create_note(ws["anna"], title="Other", body="nothing here")
    found = search.search(ws["chen"], "release")
    assert [h.note.id for h in found] == [a, b]
    assert any(match and text.lower() == "release" for text, match in found[0].spans())
    assert [h.note.id for h in search.search(ws["chen"], "release", author="bob")] == [b]
    assert [h.note.id for h in search.search(ws["chen"], "release", tag="ops")] == [a]
    assert [h.note.id for h in search.search(ws["chen"], "rel* -party")] == [a]
    notes.delete_note(ws["anna"], note_id=a)
    assert [h.note.id for h in search.search(ws["chen"], "release")] == [b]
    for bad in ("", "-only", "(((", '"'):
        with pytest.raises(InvalidInput):
            search.search(ws["chen"], bad)
    assert search.search(ws["chen"], 'NEAR("a b") OR ') == []  # operators are just words


def test_a_very_common_word_ranks_the_newest_matches_only(workspace: Workspace) -> None:
    """Ranking reads every match, so past a window only the newest are ranked — and
    said so; a selective query is ranked over all its matches; visibility holds."""
    ws = team(workspace)
    notebooks.add_notebook(ws["bob"], name="Mine", visibility="private")
    older = notes.create_note(ws["anna"], title="common common common", body="common")
    middle = [notes.create_note(ws["anna"], title=f"n{n}", body="common words")
              for n in range(3)]
    hidden = notes.create_note(ws["bob"], title="common", body="common", notebook="Mine")
    newest = notes.create_note(ws["anna"], title="last", body="common and rare")

    capped = search.search(ws["chen"], "common", window=3)
    assert capped.partial  # five match: the newest three (one of them hidden) ranked
    assert {h.note.id for h in capped} == {newest, middle[2]}
    whole = search.search(ws["chen"], "common", window=None)
    assert not whole.partial and whole[0].note.id == older  # the best of all
    assert {h.note.id for h in whole} == {older, *middle, newest}
    assert hidden in {h.note.id for h in search.search(ws["bob"], "common", window=3)}
    rare = search.search(ws["chen"], "rare", window=3)
    assert not rare.partial and [h.note.id for h in rare] == [newest]
