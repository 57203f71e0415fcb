"""Client processes for the netdrive tests: ``python ndwork.py COMMAND DB ARGS...``.

Each command runs in its own interpreter, as a separate client machine would, through
one mount.  Results are one JSON object on the last line of stdout.  The writers are
real store writers (registered replayable, so the outbox can replay them by name).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from typing import Any

from teamspace.errors import ConflictError, Queued, Unavailable
from teamspace.store.core import connection as connection_module
from teamspace.store.core import items, outbox
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session

ITEM_KIND = "netdrive.create_item"
TABLES = [
    # No UNIQUE on (writer, seq): a write applied twice must show up as a duplicate.
    "CREATE TABLE IF NOT EXISTS nd_item (id INTEGER PRIMARY KEY, writer TEXT NOT NULL, "
    "seq INTEGER NOT NULL, batch INTEGER NOT NULL DEFAULT 0, op_id TEXT NOT NULL, "
    "title TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, author TEXT NOT NULL, "
    "version INTEGER NOT NULL DEFAULT 1, deleted_at TEXT)",
    "CREATE TABLE IF NOT EXISTS nd_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, "
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, author TEXT NOT NULL, "
    "version INTEGER NOT NULL DEFAULT 1, op_id TEXT NOT NULL, deleted_at TEXT)",
]
transient_errors = 0
GIVE_UP = 240.0  # seconds a torture writer keeps writing before it reports as it is


def _count_transient() -> None:
    # Count the transient errors the store retries (it does so silently).
    original = connection_module.is_transient

    def counting(exc: BaseException) -> bool:
        global transient_errors
        result = original(exc)
        transient_errors += int(result)
        return result

    connection_module.is_transient = counting


def setup_tables(ws: Workspace) -> None:
    """Create the test tables and the one shared counter row."""
    def body(session: Session) -> None:
        for ddl in TABLES:
            session.execute(ddl)
        session.execute(
            "INSERT OR IGNORE INTO nd_counter (id, value, created_at, updated_at, author, "
            "op_id) VALUES (1, 0, :now, :now, :me, :op)",
            {"now": session.now, "me": session.actor, "op": session.op_id})

    ws.write(body, kind="netdrive.setup")


def create_item(ws: Workspace, *, writer: str, seq: int, batch: int = 1, pause: float = 0.0,
                spill: bool = False, op_id: str | None = None) -> int:
    """Insert ``batch`` items and add ``batch`` to the shared counter, version-checked.

    ``pause`` sleeps inside the transaction (for crash and share-loss tests); ``spill``
    makes SQLite write uncommitted pages into the database file before COMMIT.
    """
    def body(session: Session) -> int:
        if spill:
            session.execute("PRAGMA cache_size = 2")
        first = 0
        for n in range(batch):
            item_id = session.insert(
                "INSERT INTO nd_item (writer, seq, batch, op_id, title, created_at, updated_at,"
                " author) VALUES (:w, :s, :b, :op, :t, :now, :now, :me) RETURNING id",
                {"w": writer, "s": seq, "b": n, "op": session.op_id, "t": "x" * 200 * spill,
                 "now": session.now, "me": session.actor})
            first = first or item_id
        if pause:
            print("in-transaction", flush=True)
            time.sleep(pause)
        row = session.one("SELECT value, version FROM nd_counter WHERE id = 1")
        assert row is not None
        items.update(session, "nd_counter", 1, {"value": int(row["value"]) + batch},
                     item_type="counter", version=int(row["version"]))
        return first

    return ws.write(body, kind=ITEM_KIND, op_id=op_id)


def retitle_item(ws: Workspace, *, item_id: int, title: str, version: int,
                 op_id: str | None = None) -> int:
    """Change an item's title if it is still at ``version`` (ConflictError otherwise)."""
    return ws.write(lambda s: items.update(s, "nd_item", item_id, {"title": title},
                                           item_type="item", version=version),
                    kind="netdrive.retitle", op_id=op_id)


outbox.register_writer(ITEM_KIND, create_item)
outbox.register_writer("netdrive.retitle_item", retitle_item)


def snapshot(session: Session) -> dict[str, int]:
    """Items, counter and operations as one transaction sees them."""
    return {
        "items": int(session.scalar("SELECT count(*) FROM nd_item")),
        "counter": int(session.scalar("SELECT value FROM nd_counter WHERE id = 1")),
        "ops": int(session.scalar("SELECT count(*) FROM operation WHERE kind = :k",
                                  {"k": ITEM_KIND})),
    }


# ---------------------------------------------------------------------- commands
def writer(db: str, wid: str, count: int) -> dict[str, Any]:
    """``count`` writes through the outbox; queued ones are replayed until they land."""
    ws = Workspace.open(db, user=f"writer{wid}")
    acked: list[str] = []
    queued_ops: list[str] = []
    conflicts = 0
    started = time.monotonic()
    slowest = 0.0
    for seq in range(count):
        if time.monotonic() - started > GIVE_UP:
            break  # report what happened instead of hanging the test run
        op_id = f"w{wid}-{seq}"
        while True:
            began = time.monotonic()
            try:
                outbox.submit(ws, ITEM_KIND, {"writer": wid, "seq": seq}, op_id=op_id)
                acked.append(op_id)
                slowest = max(slowest, time.monotonic() - began)
            except Queued:
                queued_ops.append(op_id)  # not failed: it waits and lands below
            except ConflictError:
                conflicts += 1  # cannot happen under the lock; retry if it ever does
                continue
            break
    deadline = time.monotonic() + 120
    while outbox.pending(ws.path) and time.monotonic() < deadline:
        outbox.replay(ws)
        time.sleep(0.2)
    waiting = {entry.op_id for entry in outbox.pending(ws.path)}
    acked += [op for op in queued_ops if op not in waiting]  # landed from the outbox
    return {"acked": acked, "queued": len(queued_ops), "conflicts": conflicts,
            "left_in_outbox": len(outbox.pending(ws.path)), "transient": transient_errors,
            "seconds": time.monotonic() - started, "slowest_write_s": round(slowest, 2)}


def reader(db: str, stop_file: str) -> dict[str, Any]:
    """Read until ``stop_file`` exists; committed state must be consistent and monotonic."""
    ws = Workspace.open(db, user="reader")
    reads = 0
    violations: list[dict[str, int]] = []
    regressions: list[tuple[int, int]] = []
    last = 0
    slowest = 0.0
    busy = 0
    while not os.path.exists(stop_file):
        began = time.monotonic()
        try:
            seen = ws.read(snapshot)
        except Unavailable:
            busy += 1  # what a TUI shows as "share busy" before it tries again
            continue
        slowest = max(slowest, time.monotonic() - began)
        reads += 1
        # Items and counter change in one transaction: any difference means a
        # half-applied (uncommitted or rolled back) transaction was visible.
        if seen["items"] != seen["counter"] or seen["ops"] > seen["items"]:
            violations.append(seen)
        if seen["items"] < last:
            regressions.append((last, seen["items"]))
        last = max(last, seen["items"])
        time.sleep(random.uniform(0.005, 0.03))
    return {"reads": reads, "violations": violations[:20], "n_violations": len(violations),
            "regressions": regressions[:20], "last": last, "transient": transient_errors,
            "slowest_read_s": round(slowest, 2), "busy": busy}


def naive(db: str, wid: str, count: int) -> dict[str, Any]:
    """Negative control: SQLite defaults — POSIX locks, one long-lived connection."""
    con = sqlite3.connect(db, timeout=10, isolation_level=None)
    acked = errors = 0
    for seq in range(count):
        for _ in range(20):
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("INSERT INTO nd_item (writer, seq, op_id, created_at, updated_at, "
                            "author) VALUES (?, ?, ?, '', '', 'naive')",
                            (wid, seq, f"w{wid}-{seq}"))
                con.execute("UPDATE nd_counter SET value = value + 1 WHERE id = 1")
                con.execute("COMMIT")
                acked += 1
                break
            except sqlite3.Error:
                errors += 1
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                time.sleep(0.02)
    return {"acked": acked, "errors": errors}


def crasher(db: str, wid: str) -> None:
    """Write big batches forever, printing each acknowledged op id (until killed)."""
    ws = Workspace.open(db, user=f"crasher{wid}")
    print("ready", flush=True)
    seq = 0
    while True:
        op_id = f"c{wid}-{seq}"
        create_item(ws, writer=wid, seq=seq, batch=random.randint(1, 60),
                    spill=True, op_id=op_id)
        print(f"ack {op_id}", flush=True)
        seq += 1


def hold(db: str, seconds: float) -> None:
    """Hold the workspace lock for ``seconds`` (a slow but live client), then check it."""
    ws = Workspace.open(db, user="holder")
    with ws.lock.hold("holding on purpose"):
        print("held", flush=True)
        time.sleep(seconds)
        ws.lock.verify()  # raises LockLost if anyone broke our live lock
    print("released", flush=True)


def submit(db: str, op_id: str, pause: float) -> dict[str, Any]:
    """One write through the outbox, as a CLI command would make it."""
    ws = Workspace.open(db, user="submitter")
    try:
        item = outbox.submit(ws, ITEM_KIND, {"writer": "s", "seq": 0 if pause else 1,
                                             "pause": pause}, op_id=op_id)
        return {"landed": item, "waiting": len(outbox.pending(ws.path))}
    except Queued as exc:
        return {"queued": str(exc), "waiting": len(outbox.pending(ws.path))}


def timed_write(db: str) -> dict[str, Any]:
    """One write; how long it took to get the lock (for the stale-lock test)."""
    ws = Workspace.open(db, user="waiter")
    began = time.monotonic()
    create_item(ws, writer="t", seq=0)
    return {"seconds": round(time.monotonic() - began, 2), "broke": ws.lock.last_break}


def retitle(db: str, item_id: str, version: str, title: str) -> dict[str, Any]:
    """A version-checked edit; report a conflict instead of failing."""
    ws = Workspace.open(db, user=title.split()[0])
    try:
        return {"version": retitle_item(ws, item_id=int(item_id), title=title,
                                        version=int(version))}
    except ConflictError as exc:
        return {"conflict": str(exc), "changed_by": exc.changed_by}


def main(argv: list[str]) -> None:
    """Dispatch a command; print its JSON result last."""
    _count_transient()
    command, db, *rest = argv
    result: Any = None
    if command == "writer":
        result = writer(db, rest[0], int(rest[1]))
    elif command == "reader":
        result = reader(db, rest[0])
    elif command == "naive":
        result = naive(db, rest[0], int(rest[1]))
    elif command == "crasher":
        crasher(db, rest[0])
    elif command == "hold":
        hold(db, float(rest[0]))
    elif command == "submit":
        result = submit(db, rest[0], float(rest[1]))
    elif command == "timed-write":
        result = timed_write(db)
    elif command == "retitle":
        result = retitle(db, *rest)
    elif command == "setup":
        ws = Workspace.open(db, user="setup")
        ws.create()
        setup_tables(ws)
        result = {"ok": True}
    else:
        raise SystemExit(f"unknown command {command}")
    if result is not None:
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
