"""What telling task alerts costs: the live check on every read, the catching-up read at
TUI start with the member's mark 0 / 2,000 / 20,000 changes behind (the store walks the
activity log from the mark), and `teamspace task alerts` against the `python -c "import
typer, sqlite3"` floor, each beside the Microblog's unread counts / `feed --unread`.

Run: .venv/bin/python benchmarks/task_alerts.py [--changes 40000] [--runs 15] [--cli-runs 11]
The workspace is generated once under $TMPDIR/teamspace-bench/ and reused.  Prints
medians (ms); asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from tasklist import median_ms
from workspaces import start_over

from teamspace.dates import utc_now
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.microblog import feed, posts
from teamspace.store.tasks import alerts, tasks

TASKS = 1000


def build(path: str, changes: int) -> Workspace:
    """``TASKS`` tasks and ``changes`` task changes by bob and chen, one in 50 assigning
    anna and one in 50 a comment @mentioning her; a few posts (cached)."""
    ws = Workspace.open(path, user="anna")
    if ws.exists() and ws.get_meta("bench_alert_changes") == str(changes):
        return ws
    start_over(ws, ["bob", "chen"])
    bob = Workspace.open(path, user="bob")
    for number in range(TASKS):
        tasks.add_task(bob, title=f"task {number}", op_id=f"bench-task-{number}")
    for number in range(20):
        posts.create_post(bob, text=f"post {number} @anna")

    def body(session: Session) -> None:
        now = utc_now()
        rows = []
        for n in range(changes):
            if n % 50 == 0:
                change = {"assignee": [None, "anna"]}
            elif n % 50 == 25:
                change = {"comment": [None, f"@anna look at this {n}"]}
            else:
                change = {"title": [f"t{n}", f"t{n + 1}"]}
            rows.append({"at": now, "actor": "bob" if n % 2 else "chen", "op": f"b{n}",
                         "item": n % TASKS + 1, "action": "comment" if "comment" in change
                         else "update", "changes": json.dumps(change)})
        session.many("INSERT INTO activity (at, actor, op_id, item_type, item_id, action, "
                     "changes) VALUES (:at, :actor, :op, 'task', :item, :action, :changes)",
                     rows)

    ws.write(body, kind="bench.fill")
    ws.set_meta("bench_alert_changes", str(changes))
    return ws


def set_mark(ws: Workspace, upto: int) -> None:
    """anna's stored mark, wherever it was (mark_seen only moves it forward)."""
    ws.write(lambda s: s.execute(
        "INSERT INTO task_alert_seen (username, upto, updated_at) VALUES ('anna', :u, :now) "
        "ON CONFLICT (username) DO UPDATE SET upto = excluded.upto", {"u": upto,
                                                                       "now": s.now}),
        kind="bench.mark")


def store_medians(ws: Workspace, runs: int) -> None:
    newest = int(ws.read(lambda s: s.scalar("SELECT max(id) FROM activity")))
    print(f"\nStore reads, {newest} activity rows ({runs} runs)")
    print(f"{'read':52} {'median ms':>10} {'alerts':>7}")
    rows: list[tuple[str, Callable[[], Any], Callable[[], int]]] = [
        ("live check, nothing new (every read)",
         lambda: alerts.alerts(ws, after=newest), lambda: 0),
        ("peer: microblog unread counts (every read)",
         lambda: feed.counts(ws), lambda: 0)]
    for name, fn, found in rows:
        print(f"{name:52} {median_ms(fn, runs):10.2f} {found():7}")
    for behind in (0, 2000, 20000):
        set_mark(ws, newest - behind)
        told = alerts.backlog(ws)
        print(f"{'start: mark ' + str(behind) + ' changes behind':52} "
              f"{median_ms(lambda: alerts.backlog(ws), runs):10.2f} {len(told.alerts):7}")


def cli_medians(ws: Workspace, runs: int) -> None:
    bindir = os.path.dirname(sys.executable)
    teamspace = os.path.join(bindir, "teamspace")
    env = dict(os.environ, TEAMSPACE_DB=ws.path, TEAMSPACE_USER="anna")
    commands = {"floor: python -c 'import typer, sqlite3'":
                [sys.executable, "-c", "import typer, sqlite3"],
                "teamspace task alerts (2,000 behind)": [teamspace, "task", "alerts"],
                "peer: teamspace feed --unread": [teamspace, "feed", "--unread"]}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - started)
    floor = statistics.median(samples[next(iter(commands))][1:])
    print(f"\nCLI ({runs} alternating runs after a warm-up)")
    print(f"{'command':52} {'median ms':>10} {'x floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values[1:])
        print(f"{name:52} {median * 1000:10.1f} {median / floor:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=40000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cli-runs", type=int, default=11)
    args = parser.parse_args()
    folder = os.path.join(tempfile.gettempdir(), "teamspace-bench")
    os.makedirs(folder, exist_ok=True)
    ws = build(os.path.join(folder, f"alerts-{args.changes}.db"), args.changes)
    store_medians(ws, args.runs)
    newest = int(ws.read(lambda s: s.scalar("SELECT max(id) FROM activity")))
    set_mark(ws, newest - 2000)
    cli_medians(ws, args.cli_runs)


if __name__ == "__main__":
    main()
