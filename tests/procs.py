"""Worker processes for multi-process tests: ``python tests/procs.py COMMAND DB ...``.

Each command uses the real store API in its own process, as a separate client would.
"""

from __future__ import annotations

import sys
import time

from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session


def bump_counter(session: Session) -> None:
    """Read-modify-write of one shared row: lost updates show as a short count."""
    value = int(session.scalar("SELECT value FROM meta WHERE key = 'counter'") or 0)
    session.execute(
        "INSERT INTO meta (key, value) VALUES ('counter', :v) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", {"v": str(value + 1)})


def writer(db: str, ident: str, count: int) -> None:
    ws = Workspace.open(db, user=f"w{ident}")
    for n in range(count):
        def body(session: Session, n: int = n) -> int:
            session.record("test", n, "poke")
            bump_counter(session)
            return n
        ws.write(body, kind="test.poke", op_id=f"{ident}-{n}")
    print("done", flush=True)


def hold(db: str, seconds: float) -> None:
    ws = Workspace.open(db, user="holder")
    with ws.lock.hold("holding for a test"):
        print("held", flush=True)
        time.sleep(seconds)
    print("released", flush=True)


def crash(db: str) -> None:
    ws = Workspace.open(db, user="crasher")

    def body(session: Session) -> None:
        # A tiny page cache makes SQLite spill changed pages into the database file
        # before COMMIT, so the journal left behind is really hot.
        session.execute("PRAGMA cache_size = 2")
        for n in range(2000):
            session.record("crash", n, "poke " + "x" * 200)
        print("in-transaction", flush=True)
        time.sleep(600)

    ws.write(body, kind="test.crash")


if __name__ == "__main__":
    command, db, *rest = sys.argv[1:]
    if command == "writer":
        writer(db, rest[0], int(rest[1]))
    elif command == "hold":
        hold(db, float(rest[0]))
    elif command == "crash":
        crash(db)
    else:
        raise SystemExit(f"unknown command {command}")
