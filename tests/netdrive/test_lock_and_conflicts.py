"""Stale locks and conflicting edits between two machines on one share.

The lock holder runs in its own UTS namespace with the host name ``machine-a``, so the
waiter on mount B really judges a holder on *another* host: by watching its heartbeat
(the record on the share), never by its pid.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from harness import (
    NDWORK,
    REPO,
    Share,
    client_env,
    report,
    result_of,
    setup_workspace,
    spawn,
    spawned,
    wait_for_line,
)
from lab import SAFE_FLAVOURS, Lab

pytestmark = pytest.mark.netdrive


def foreign_holder(db: str, seconds: float, **env: str) -> subprocess.Popen[str]:
    """``ndwork hold`` as a process on the host 'machine-a' (a UTS namespace)."""
    proc = subprocess.Popen(
        ["unshare", "-u", "sh", "-c", 'hostname machine-a && exec "$0" "$@"',
         sys.executable, NDWORK, "hold", db, str(seconds)],
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=client_env("holder", **env), cwd=REPO)
    spawned.append(proc)
    wait_for_line(proc, "held")
    return proc


def doctor(db: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "teamspace", "doctor", "--json", "--db", db],
                         capture_output=True, text=True, env=client_env("anna"), cwd=REPO,
                         timeout=120)
    return dict(json.loads(out.stdout)["lock"])


@pytest.mark.parametrize("flavour", SAFE_FLAVOURS)
def test_killed_holder_on_another_host_is_broken_within_30s(lab: Lab, flavour: str) -> None:
    share = Share.make(lab, flavour, "stale")
    setup_workspace(share)
    holder = foreign_holder(share.a, 600)
    lock = doctor(share.b)  # doctor shows who holds it, from which host, since when
    assert lock["held"] and lock["host"] == "machine-a" and lock["since"], lock
    assert "holder@machine-a" in str(lock["holder"]) and not lock["stale"]
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    waited = result_of(spawn("timed-write", share.b, name="waiter",
                             TEAMSPACE_LOCK_TIMEOUT="60"))
    report(f"stale lock {flavour}", {"got_in_after_s": waited["seconds"],
                                     "reason": waited["broke"]})
    assert waited["seconds"] < 30 and "no heartbeat" in str(waited["broke"])


@pytest.mark.parametrize("flavour", SAFE_FLAVOURS)
def test_slow_live_holder_on_another_host_is_never_broken(lab: Lab, flavour: str) -> None:
    share = Share.make(lab, flavour, "slow")
    setup_workspace(share)
    quick = {"TEAMSPACE_LOCK_STALE": "2"}  # heartbeat every 0.5 s, stale after 2 s
    holder = foreign_holder(share.a, 7, **quick)
    waited = result_of(spawn("timed-write", share.b, name="waiter",
                             TEAMSPACE_LOCK_TIMEOUT="60", **quick))
    out, err = holder.communicate(timeout=60)
    report(f"slow holder {flavour}", {"held_s": 7, "waiter_got_in_after_s": waited["seconds"]})
    assert holder.returncode == 0 and "released" in out, err  # its lock was never lost
    assert waited["broke"] is None and waited["seconds"] >= 4


@pytest.mark.parametrize("flavour", SAFE_FLAVOURS)
def test_conflicting_edits_one_wins_the_other_is_told(lab: Lab, flavour: str) -> None:
    share = Share.make(lab, flavour, "conflict")
    setup_workspace(share)
    item = result_of(spawn("submit", share.a, "make-item", "0", name="maker"))["landed"]
    first = result_of(spawn("retitle", share.a, str(item), "1", "alice edit", name="alice"))
    second = result_of(spawn("retitle", share.b, str(item), "1", "bob edit", name="bob"))
    assert first == {"version": 2}
    assert second["changed_by"] == "alice" and "changed by alice" in second["conflict"]
    import sqlite3

    con = sqlite3.connect(share.server)
    assert con.execute("SELECT title, version FROM nd_item WHERE id = ?", (item,)
                       ).fetchone() == ("alice edit", 2)  # never silently overwritten
    con.close()
