"""The Time pane's store: durations, the one running timer per person, entries with
overlaps flagged (never merged), version-checked edits, split, trash, tasks through the
``tasks.states`` capability, ``time.spent`` for the Tasks pane, people facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from teamspace.dates import to_text
from teamspace.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import projects, registry
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.store.time import clock, entries, query, timers
from teamspace.store.time.people import facts

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server

NOW = datetime.now(UTC).replace(microsecond=0)


def ago(hours: float) -> str:
    return to_text(NOW - timedelta(hours=hours))


@pytest.fixture
def team(workspace: Workspace) -> dict[str, Workspace]:
    projects.create_project(workspace, name="acme")
    projects.create_project(workspace, name="Beta")
    return {"anna": workspace, "bob": Workspace.open(workspace.path, user="bob")}


@pytest.mark.parametrize(("text", "seconds"), [
    ("1h30m", 5400), ("1h 30m", 5400), ("90m", 5400), ("1.5h", 5400), ("1:30", 5400),
    ("2h", 7200), ("45m", 2700), ("0:05", 300), ("1h30", 5400), ("2 hours", 7200),
    ("30 mins", 1800), ("45s", 45)])
def test_durations_people_type(text: str, seconds: int) -> None:
    assert clock.parse_duration(text) == seconds


@pytest.mark.parametrize(("text", "message"), [
    ("45", "needs a unit"), ("1:65", "65 minutes"), ("abc", "cannot read the duration"),
    ("0m", "more than zero"), ("", "empty"), ("-5m", "cannot read"), ("1.2.3h", "cannot"),
    ("1hh", "cannot read"), ("h", "cannot read")])
def test_bad_durations_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        clock.parse_duration(text)
    assert "1h30m" in str(caught.value) or message in ("65 minutes", "more than zero", "empty")


def test_formatting() -> None:
    assert [clock.format_duration(s) for s in (0, 59, 60, 3600, 5460, 43500)] == \
        ["0m", "0m", "1m", "1h", "1h31m", "12h05m"]
    assert [clock.hours_minutes(s) for s in (0, 5400, 90000)] == ["0:00", "1:30", "25:00"]
    assert clock.clock_text(3909) == "1:05:09"


def test_one_timer_per_person_starting_another_stops_the_first(team) -> None:  # type: ignore[no-untyped-def]
    first = timers.start_timer(team["anna"], project="acme", tags=["dev"], at=ago(2))
    assert first["stopped"] is None
    bob = timers.start_timer(team["bob"], project="beta", at=ago(1.5))
    second = timers.start_timer(team["anna"], project="Beta", at=ago(1))
    assert second["stopped"]["id"] == first["id"] and second["stopped"]["seconds"] == 3600
    assert second["stopped"]["project"] == "acme"
    assert timers.running(team["anna"], "anna").id == second["id"]  # type: ignore[union-attr]
    assert timers.running(team["bob"], "bob").id == bob["id"]  # type: ignore[union-attr]
    stopped = timers.stop_timer(team["anna"], at=ago(0.5))
    assert stopped["seconds"] == 1800 and timers.running(team["anna"], "anna") is None
    with pytest.raises(NotFound, match="no timer is running"):
        timers.stop_timer(team["anna"])
    again = timers.continue_timer(team["anna"])
    assert again["project"] == "Beta" and timers.running(team["anna"], "anna") is not None
    cancelled = timers.cancel_timer(team["anna"])
    assert cancelled["id"] == again["id"] and timers.running(team["anna"], "anna") is None
    entries.restore_entries(team["anna"], entry_ids=[again["id"]])  # from the trash
    assert timers.running(team["anna"], "anna").id == again["id"]  # type: ignore[union-attr]


def test_timer_times_are_checked(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="future"):
        timers.start_timer(team["anna"], project="acme", at=to_text(NOW + timedelta(hours=1)))
    timers.start_timer(team["anna"], project="acme", at=ago(1))
    with pytest.raises(InvalidInput, match="started at"):
        timers.stop_timer(team["anna"], at=ago(2))
    with pytest.raises(NotFound, match="did you mean 'acme'"):
        timers.start_timer(team["anna"], project="acm")
    made = timers.start_timer(team["anna"], project="New one", create_project=True)
    assert made["stopped"] is not None


def test_forgotten_timers_are_flagged() -> None:
    evening = clock.at_local(datetime(2026, 11, 2).date(), datetime(2026, 1, 1, 22).time())
    assert timers.flags(to_text(evening), to_text(evening + timedelta(hours=1))) == []
    assert timers.flags(to_text(evening), to_text(evening + timedelta(hours=3))) == \
        ["over midnight"]
    assert timers.flags(to_text(evening), to_text(evening + timedelta(hours=13))) == \
        ["over 12h", "over midnight"]


def test_entries_overlaps_are_flagged_not_merged(team) -> None:  # type: ignore[no-untyped-def]
    a = entries.add_entry(team["anna"], project="acme", started_at=ago(5), ended_at=ago(3))
    b = entries.add_entry(team["anna"], project="beta", started_at=ago(4), ended_at=ago(2),
                          tags=["+review", "review", " x  y "], note="  call  ")
    bobs = entries.add_entry(team["bob"], project="acme", started_at=ago(5), ended_at=ago(3))
    assert a["overlaps"] == [] and b["overlaps"] == [a["id"]] and bobs["overlaps"] == []
    listing = team["anna"].read(lambda s: query.select_listing(
        s, first=(NOW - timedelta(hours=5)).astimezone().date(),
        last=NOW.astimezone().date(), person="anna"))
    assert [e.id for e in listing.entries] == [a["id"], b["id"]]
    assert listing.flags[a["id"]] == [f"overlaps #{b['id']}"]
    entry = listing.entries[1]
    assert (entry.tags, entry.note, entry.project) == (["review", "x y"], "call", "Beta")
    with pytest.raises(InvalidInput, match="end after it starts"):
        entries.add_entry(team["anna"], project="acme", started_at=ago(1), ended_at=ago(2))
    with pytest.raises(InvalidInput, match="at most 24 hours"):
        entries.add_entry(team["anna"], project="acme", started_at=ago(30), ended_at=ago(1))


def test_edit_is_version_checked_split_and_trash(team) -> None:  # type: ignore[no-untyped-def]
    made = entries.add_entry(team["anna"], project="acme", started_at=ago(4), ended_at=ago(2))
    entry_id = made["id"]
    changed = entries.edit_entry(team["anna"], entry_id=entry_id,
                                 changes={"note": "first", "tags": ["a"]}, version=1)
    assert changed["version"] == 2
    with pytest.raises(ConflictError, match="was changed by anna"):
        entries.edit_entry(team["anna"], entry_id=entry_id, changes={"note": "x"}, version=1)
    with pytest.raises(PermissionDenied, match="only they"):
        entries.edit_entry(team["bob"], entry_id=entry_id, changes={"note": "mine"})
    parts = entries.split_entry(team["anna"], entry_id=entry_id, at=ago(3))
    found = query.list_entries(team["anna"], start=ago(5), end=ago(0), person="anna")
    assert [(e.id, e.started_at, e.ended_at, e.note, e.tags) for e in found] == [
        (entry_id, ago(4), ago(3), "first", ["a"]),
        (parts["second"], ago(3), ago(2), "first", ["a"])]
    with pytest.raises(InvalidInput, match="inside entry"):
        entries.split_entry(team["anna"], entry_id=entry_id, at=ago(1))
    entries.edit_entry(team["anna"], entry_id=entry_id, changes={"project": "beta"})
    entries.delete_entries(team["anna"], entry_ids=[entry_id])
    assert [e.id for e in query.list_entries(team["anna"], start=ago(5), end=ago(0))] == \
        [parts["second"]]
    entries.restore_entries(team["anna"], entry_ids=[entry_id])
    assert query.list_entries(team["anna"], start=ago(5), end=ago(0))[0].project == "Beta"


def test_tasks_through_the_capability_and_time_spent_in_task_show(team) -> None:  # type: ignore[no-untyped-def]
    task = tasks.add_task(team["anna"], title="Fix login", project="acme")
    entries.add_entry(team["anna"], project="acme", started_at=ago(3), ended_at=ago(2),
                      task_id=task)
    entries.add_entry(team["bob"], project="acme", started_at=ago(2), ended_at=ago(1.5),
                      task_id=task)
    with pytest.raises(NotFound, match="task 99 does not exist"):
        entries.add_entry(team["anna"], project="acme", started_at=ago(3), ended_at=ago(2),
                          task_id=99)
    spent = registry.provided("time.spent")
    assert spent is not None
    assert team["anna"].read(lambda s: spent(s, [task, 99])) == {task: 5400}
    detail = taskquery.task_detail(team["anna"], task)
    assert detail.time_spent == 5400 and detail.to_json()["time_spent_seconds"] == 5400
    tasks.delete_task(team["anna"], task_id=task)
    with pytest.raises(NotFound, match=f"task {task} does not exist"):
        timers.start_timer(team["anna"], project="acme", task_id=task)


def test_running_timers_are_people_facts(team) -> None:  # type: ignore[no-untyped-def]
    # NOW was taken when the module was imported; this needs the time of the test.
    at = datetime.now(UTC) - timedelta(minutes=75, seconds=10)
    timers.start_timer(team["bob"], project="acme", tags=["ops"], at=to_text(at))
    found = team["anna"].read(lambda s: facts(s, ["anna", "bob"]))
    assert found == {"bob": {"timer": "acme +ops 1h15m"}}
    overview = {p.username: p for p in taskquery.people_overview(team["anna"])}
    assert overview["bob"].extras == {"timer": "acme +ops 1h15m"}
    assert overview["anna"].extras == {}


@pytest.mark.parametrize("name", [
    "time.timers.start_timer", "time.timers.stop_timer", "time.timers.continue_timer",
    "time.timers.cancel_timer", "time.entries.add_entry", "time.entries.edit_entry",
    "time.entries.split_entry", "time.entries.delete_entries", "time.entries.restore_entries",
    "time.sheets.submit_week", "time.sheets.review_week", "time.sheets.reopen_week",
    "time.suggest.accept_block", "time.suggest.reject_block", "time.interop.import_records"])
def test_every_writer_can_be_queued_and_replayed_by_name(name: str) -> None:
    from teamspace.store.core.replay import resolve

    assert resolve(name).__name__ == name.rsplit(".", 1)[1]


def test_a_replayed_start_lands_once(team) -> None:  # type: ignore[no-untyped-def]
    first = timers.start_timer(team["anna"], project="acme", at=ago(1), op_id="op-1")
    again = timers.start_timer(team["anna"], project="acme", at=ago(1), op_id="op-1")
    assert again == first
    assert len(query.list_entries(team["anna"], start=ago(2), end=ago(0))) == 1
