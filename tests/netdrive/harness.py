"""Helpers for the netdrive tests: one workspace seen through two mounts, client processes.

A :class:`Share` is a fresh folder on the lab's server, seen through mount A and mount
B of one flavour (two client machines) and directly on the server (for checks that
must not go through any client cache).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lab import Lab

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NDWORK = str(HERE / "ndwork.py")
spawned: list[subprocess.Popen[str]] = []  # killed after each test if still running


@dataclass
class Share:
    """One workspace file reachable through mount A, mount B and the server folder."""

    flavour: str
    a: str
    b: str
    server: str

    @classmethod
    def make(cls, lab: Lab, flavour: str, label: str) -> Share:
        """A new, empty folder for one test."""
        name = f"{label}-{uuid.uuid4().hex[:8]}"
        (lab.server_dir(flavour) / name).mkdir()
        return cls(flavour, str(lab.share_dir(flavour, "A") / name / "team.db"),
                   str(lab.share_dir(flavour, "B") / name / "team.db"),
                   str(lab.server_dir(flavour) / name / "team.db"))

    def side(self, index: int) -> str:
        """Mount A for even client numbers, B for odd ones."""
        return self.a if index % 2 == 0 else self.b


def client_env(name: str, **extra: str) -> dict[str, str]:
    """Environment of one client process: its own data dir (outbox) and user."""
    env = dict(os.environ)
    base = Path(env.get("HOME", "/tmp")) / "clients" / name
    env.update(TEAMSPACE_DATA_DIR=str(base / "data"), TEAMSPACE_CONFIG_DIR=str(base / "cfg"),
               TEAMSPACE_USER=name.lower().replace("_", "-"),
               PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]))
    env.update(extra)
    return env


def spawn(command: str, db: str, *args: str, name: str,
          **env: str) -> subprocess.Popen[str]:
    """Start ``ndwork.py COMMAND DB ARGS`` as a separate client."""
    proc = subprocess.Popen([sys.executable, NDWORK, command, db, *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=client_env(name, **env), cwd=REPO)
    spawned.append(proc)
    return proc


def kill_leftovers() -> None:
    """Stop the clients a failed test left running (ours only, by pid)."""
    while spawned:
        proc = spawned.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def result_of(proc: subprocess.Popen[str], timeout: float = 600) -> Any:
    """Wait for a client and return its JSON result (fail with its stderr)."""
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"client failed ({proc.returncode}): {err[-3000:]}"
    return json.loads(out.strip().splitlines()[-1])


def setup_workspace(share: Share) -> None:
    """Create the workspace and the test tables through mount A."""
    result_of(spawn("setup", share.a, name="setup"), timeout=120)


def server_counts(db: str) -> dict[str, Any]:
    """Count what really is in the file, on the server side (no client cache involved)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        q = con.execute
        return {
            "integrity": q("PRAGMA integrity_check").fetchone()[0],
            "items": q("SELECT count(*) FROM nd_item").fetchone()[0],
            "distinct": q("SELECT count(*) FROM (SELECT DISTINCT writer, seq, batch "
                          "FROM nd_item)").fetchone()[0],
            "counter": q("SELECT value FROM nd_counter WHERE id = 1").fetchone()[0],
            "counter_version": q("SELECT version FROM nd_counter WHERE id = 1").fetchone()[0],
            "op_ids": {r[0] for r in q("SELECT op_id FROM operation WHERE kind = "
                                       "'netdrive.create_item'")},
            "item_op_ids": {r[0] for r in q("SELECT DISTINCT op_id FROM nd_item")},
        }
    finally:
        con.close()


def wait_for_line(proc: subprocess.Popen[str], expected: str, timeout: float = 60) -> None:
    """Read the client's stdout until a line equals ``expected``."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"client ended before '{expected}': "
                                 f"{proc.stderr.read() if proc.stderr else ''}")
        if line.strip() == expected:
            return
    raise AssertionError(f"no '{expected}' within {timeout}s")


reported: list[str] = []  # printed again at the end of the run (conftest)


def report(title: str, data: dict[str, Any]) -> None:
    """Print measured numbers (shown with -s, repeated in pytest's summary)."""
    line = f"[netdrive] {title}: " + ", ".join(f"{k}={v}" for k, v in data.items())
    print(line)
    reported.append(line)
    results = os.environ.get("TEAMSPACE_NETDRIVE_RESULTS")
    if results:
        with open(results, "a") as handle:
            handle.write(json.dumps({"test": title, **data}, default=str) + "\n")
