"""Several processes on one workspace file: nothing lost, nothing doubled, crashes recover."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from teamspace.store.core.connection import Workspace

PROCS = str(Path(__file__).with_name("procs.py"))


def test_six_processes_two_hundred_writes_each(workspace: Workspace, db_path: str) -> None:
    procs = [subprocess.Popen([sys.executable, PROCS, "writer", db_path, str(n), "200"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(6)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err for _, err in results]
    con = sqlite3.connect(db_path)
    try:
        pokes = con.execute("SELECT count(*) FROM activity WHERE item_type = 'test'").fetchone()
        distinct = con.execute(
            "SELECT count(DISTINCT op_id) FROM activity WHERE item_type = 'test'").fetchone()
        ops = con.execute("SELECT count(*) FROM operation WHERE kind = 'test.poke'").fetchone()
        counter = con.execute("SELECT value FROM meta WHERE key = 'counter'").fetchone()
        integrity = con.execute("PRAGMA integrity_check").fetchone()
    finally:
        con.close()
    assert pokes == distinct == ops == (1200,)
    assert counter == ("1200",)  # every read-modify-write saw the previous one
    assert integrity == ("ok",)


def test_writer_killed_mid_transaction_leaves_no_trace(workspace: Workspace,
                                                       db_path: str) -> None:
    before = workspace.read(lambda s: s.scalar("SELECT count(*) FROM activity"))
    size_before = os.path.getsize(db_path)
    proc = subprocess.Popen([sys.executable, PROCS, "crash", db_path], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "in-transaction"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # The crash left the lock and a hot journal; the database file already holds
    # uncommitted pages (that is what makes this test meaningful).
    assert os.path.isdir(db_path + ".lock")
    assert os.path.getsize(db_path + "-journal") > 0
    assert os.path.getsize(db_path) > size_before
    reader = subprocess.run(
        [sys.executable, "-c",
         "import sys; from teamspace.store.core.connection import Workspace; "
         f"ws = Workspace.open({db_path!r}, user='bob'); "
         "print(ws.read(lambda s: s.scalar('SELECT count(*) FROM activity')))"],
        capture_output=True, text=True, timeout=60)
    assert reader.returncode == 0, reader.stderr
    assert int(reader.stdout) == before
    assert not os.path.exists(db_path + ".lock")
    journal = db_path + "-journal"
    assert not os.path.exists(journal) or os.path.getsize(journal) == 0  # rolled back
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM activity WHERE item_type = 'crash'"
                           ).fetchone() == (0,)
    finally:
        con.close()
