"""The mark of the newest task alert a member has seen: kept in the workspace per member
(it follows them to another machine), only moving forward (a replayed write is a no-op),
and what a member has not seen yet is what happened since it (or, never marked, in the
last week)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from teamspace.store.core import people
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import alerts, tasks

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def team(workspace: Workspace) -> dict[str, Workspace]:
    for name in ("bob", "chen"):
        people.add_person(workspace, name)
    return {"anna": workspace, **{n: Workspace.open(workspace.path, user=n)
                                  for n in ("bob", "chen")}}


def test_the_mark_is_per_member_survives_reopening_and_only_moves_forward(
        team: dict[str, Workspace]) -> None:
    anna, bob = team["anna"], team["bob"]
    first = tasks.add_task(bob, title="Budget", assignee="anna")
    tasks.add_comment(bob, task_id=first, text="@anna and @chen: numbers by Friday")
    tasks.add_task(bob, title="Not hers", assignee="chen")
    tasks.add_task(anna, title="Her own", assignee="anna")  # her own doing: no alert
    told = alerts.backlog(anna)
    assert told.seen is None and not told.more  # never marked: the last week's
    assert [(a.kind, a.task_id, a.actor) for a in told.alerts] == [
        ("assigned", first, "bob"), ("mention", first, "bob")]
    assert told.alerts[1].text.startswith("@anna and @chen") and told.alerts[0].at
    assert [a.kind for a in alerts.backlog(team["chen"]).alerts] == ["mention", "assigned"]

    assert alerts.mark_seen(anna, upto=told.mark, op_id="seen-1") == told.mark
    assert alerts.mark_seen(anna, upto=told.mark, op_id="seen-1") == told.mark  # replayed
    assert alerts.mark_seen(anna, upto=1) == told.mark  # a late write never goes back
    logged = anna.read(lambda s: s.all(
        "SELECT actor, changes FROM activity WHERE item_type = 'read' AND action = "
        "'task-alerts'"))
    assert [(r["actor"], json.loads(r["changes"])) for r in logged] == [
        ("anna", {"upto": [None, told.mark]})]  # once, however often it was sent
    reopened = Workspace.open(anna.path, user="anna")  # another machine, the same member
    assert alerts.backlog(reopened).alerts == [] and alerts.backlog(reopened).seen == told.mark
    assert len(alerts.backlog(team["chen"]).alerts) == 2  # chen's mark is his own

    tasks.edit_task(team["chen"], task_id=first, changes={"assignee": "bob"})
    later = tasks.add_task(team["chen"], title="Overnight", assignee="anna")
    assert [a.task_id for a in alerts.backlog(reopened).alerts] == [later]
    everything = alerts.since(anna, moment="2000-01-01 00:00:00.000000")[1]
    assert [a.task_id for a in everything] == [first, first, later]


def test_a_long_backlog_is_caught_up_in_one_read_and_a_deleted_task_drops_out(
        team: dict[str, Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alerts, "SCAN", 3)  # many checks in the one unit of work
    bob = team["bob"]
    made = [tasks.add_task(bob, title=f"t{n}", assignee="anna" if n % 2 else "chen")
            for n in range(9)]
    tasks.delete_task(bob, task_id=made[1])
    told = alerts.backlog(team["anna"])
    assert [a.task_id for a in told.alerts] == [made[n] for n in (3, 5, 7)]
    monkeypatch.setattr(alerts, "BACKLOG_SCANS", 2)  # six changes looked at: more to come
    short = alerts.backlog(team["anna"])
    assert short.more and [a.task_id for a in short.alerts] == [made[3], made[5]]


@pytest.mark.postgres_only
def test_on_a_secured_server_a_members_mark_is_theirs_alone(workspace: Workspace,
                                                            pg: Any) -> None:
    from test_postgres_move import _secured

    database = _secured(workspace, pg)
    as_ = {name: Workspace.open(pg.url(database, user=name, password=f"pw-{name}"),
                                user=name) for name in ("anna", "bob")}
    tasks.add_task(as_["bob"], title="Budget", assignee="anna")
    told = alerts.backlog(as_["anna"])  # as her own role, under the policies
    assert [a.title for a in told.alerts] == ["Budget"]
    alerts.mark_seen(as_["anna"], upto=told.mark)
    alerts.mark_seen(as_["bob"], upto=1)
    assert alerts.backlog(as_["anna"]).alerts == []

    def psql(user: str, sql: str) -> list[str]:
        result = pg.psql(database, sql, user=user, password=f"pw-{user}")
        assert result.returncode == 0, result.stderr
        return str(result.stdout).splitlines()

    assert psql("bob", "SELECT username FROM task_alert_seen") == ["bob"]
    assert psql("bob", "SELECT count(*) FROM activity WHERE item_type = 'read' AND "
                       "actor = 'anna'") == ["0"]
    assert psql("anna", "SELECT count(*) FROM activity WHERE item_type = 'read' AND "
                        "actor = 'anna'") == ["1"]
