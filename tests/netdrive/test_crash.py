"""Crash: writers SIGKILLed at random points, mostly mid-transaction, 20 times per flavour.

Each victim writes batches of up to 60 items with a two-page cache, so uncommitted
pages reach the database file before COMMIT and a killed transaction leaves a hot
journal and its lock behind.  A reader on the other mount runs throughout: it must
never see uncommitted rows (items and counter change together), and it is the one
that finds the dead holder's lock (same host, pid gone), breaks it and rolls the
journal back.  Afterwards every acknowledged write must be there and nothing else.

This settles DESIGN §4.2: our own lock + ``vfs=unix-none`` recovers correctly on the
SQLite this runs on (3.40.1 here), which mishandled the same crash under the dotfile VFS.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from harness import (
    Share,
    report,
    result_of,
    server_counts,
    setup_workspace,
    spawn,
    wait_for_line,
)
from lab import SAFE_FLAVOURS, Lab

pytestmark = pytest.mark.netdrive
KILLS = 20


@pytest.mark.parametrize("flavour", SAFE_FLAVOURS)
def test_killed_writers_lose_nothing_acknowledged_and_show_nothing_uncommitted(
        lab: Lab, flavour: str, tmp_path: Path) -> None:
    share = Share.make(lab, flavour, "crash")
    setup_workspace(share)
    stop = tmp_path / "stop-reader"
    reader = spawn("reader", share.b, str(stop), name="reader")
    acked: set[str] = set()
    hot_journals = locks_left = 0
    rng = random.Random(flavour)
    for n in range(KILLS):
        victim = spawn("crasher", share.side(n // 2), str(n), name=f"crasher{n}")
        wait_for_line(victim, "ready")
        time.sleep(rng.uniform(0.05, 0.9))
        os.kill(victim.pid, signal.SIGKILL)
        out, _ = victim.communicate()
        acked.update(line.split()[1] for line in out.splitlines() if line.startswith("ack "))
        journal = share.server + "-journal"
        hot_journals += int(os.path.exists(journal) and os.path.getsize(journal) > 0)
        locks_left += int(os.path.isdir(share.server + ".lock"))
    time.sleep(0.5)
    stop.touch()
    seen = result_of(reader)
    final = result_of(spawn("setup", share.a, name="after"))  # one more unit: recovers
    assert final == {"ok": True}
    counts = server_counts(share.server)
    journal = share.server + "-journal"
    report(f"crash {flavour}", {
        "kills": KILLS, "acked": len(acked), "hot_journal_after_kill": hot_journals,
        "lock_left_after_kill": locks_left, "reader_reads": seen["reads"],
        "reader_violations": seen["n_violations"], "rows": counts["items"],
        "integrity": counts["integrity"], "sqlite": sqlite3.sqlite_version})
    assert hot_journals + locks_left >= 5, "kills should land mid-transaction"
    assert seen["reads"] > 0 and seen["n_violations"] == 0, seen["violations"]
    assert seen["regressions"] == []
    assert counts["integrity"] == "ok"
    assert acked <= counts["op_ids"]  # every acknowledged write is there
    assert counts["item_op_ids"] == counts["op_ids"]  # no row of an uncommitted write
    assert counts["items"] == counts["counter"] == counts["distinct"]
    assert not os.path.exists(journal) or os.path.getsize(journal) == 0  # rolled back
    assert not os.path.isdir(share.server + ".lock")
