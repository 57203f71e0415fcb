"""Task list speed at 10k / 100k tasks, and `teamspace task add|list|done` wall time
against the `python -c "import typer, sqlite3"` floor.

Run: .venv/bin/python benchmarks/tasklist.py [--sizes 10000,100000] [--runs 15] [--cli-runs 21]
Workspaces are generated once under $TMPDIR/teamspace-bench/ and reused.  Prints medians
(ms) and ratios; asserts nothing.  A flat list query (ratio near 1) means the first page
costs the same whatever the number of tasks.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from workspaces import start_over

from teamspace.dates import utc_now
from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.tasks import projects as task_projects
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks.dates import date_text
from teamspace.store.tasks.tasks import NO_DUE

USERS = ["anna", "bob", "chen", "dana", "erik"]
PROJECTS = 40


def build(path: str, count: int) -> Workspace:
    """A workspace with ``count`` tasks: 80% done, varied owners, dues, tags (cached)."""
    ws = Workspace.open(path, user="anna")
    if ws.exists() and ws.get_meta("bench_tasks") == str(count):
        return ws
    start_over(ws, USERS[1:])
    for number in range(PROJECTS):
        projects.create_project(ws, name=f"project {number}")
    rng = random.Random(7)
    from datetime import date, timedelta

    today = date.today()
    batch = 50_000
    for start in range(0, count, batch):
        rows = min(batch, count - start)

        def body(session: Session, start: int = start, rows: int = rows) -> None:
            now = utc_now()
            task_rows, tags = [], []
            for offset in range(rows):
                tid = start + offset + 1
                due = None if rng.random() < 0.3 else date_text(
                    today + timedelta(days=rng.randint(-60, 120)))
                done = rng.random() < 0.8
                task_rows.append({
                    "id": tid, "now": now, "op": f"b{tid}", "uuid": f"bench-{tid}",
                    "title": f"task {tid}", "p": rng.randint(1, PROJECTS),
                    "a": rng.choice([*USERS, None]), "due": due, "sort": due or NO_DUE,
                    "prio": rng.choice([1, 2, 3, 4, 4, 4]),
                    "status": "done" if done else "open", "done_at": now if done else None})
                if rng.random() < 0.3:
                    tags.append({"t": tid, "g": f"tag{tid % 20}", "k": f"tag{tid % 20}"})
            session.many(
                "INSERT INTO task (id, created_at, updated_at, author, version, op_id, uuid, "
                "title, notes, project_id, assignee, due, due_time, due_sort, priority, "
                "status, done_at) VALUES (:id, :now, :now, 'anna', 1, :op, :uuid, :title, '', "
                ":p, :a, :due, 0, :sort, :prio, :status, :done_at)", task_rows)
            session.many("INSERT INTO task_tag (task_id, tag, key) VALUES (:t, :g, :k)", tags)

        ws.write(body, kind="bench.fill")
    ws.set_meta("bench_tasks", str(count))
    return ws


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm the OS page cache once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


QUERIES: dict[str, Callable[[Workspace], Any]] = {
    "task list (open, 100)": lambda ws: taskquery.list_tasks(ws, limit=100),
    "task list --mine": lambda ws: taskquery.list_tasks(ws, assignee="anna", limit=100),
    "task list --project": lambda ws: taskquery.list_tasks(ws, project="project 7",
                                                           limit=100),
    "task list --overdue": lambda ws: taskquery.list_tasks(ws, overdue=True, limit=100),
    "task list --tag": lambda ws: taskquery.list_tasks(ws, tag="tag3", limit=100),
    "task list --sort priority": lambda ws: taskquery.list_tasks(ws, sort="priority",
                                                                 limit=100),
    "task list --all": lambda ws: taskquery.list_tasks(ws, status="all", limit=100),
    "task list --waiting": lambda ws: taskquery.list_tasks(ws, waiting="only", limit=100),
    "project counts": lambda ws: task_projects.list_projects(ws),
    "people overview": lambda ws: taskquery.people_overview(ws, per_person=20),
}


def cli_medians(ws: Workspace, runs: int) -> None:
    """Alternate floor / task add / task list / task done, after a warm-up."""
    bindir = os.path.dirname(sys.executable)
    teamspace = os.path.join(bindir, "teamspace")
    env = dict(os.environ, TEAMSPACE_DB=ws.path, TEAMSPACE_USER="anna")
    counter = iter(range(10**9))
    commands: dict[str, Callable[[], list[str]]] = {
        "floor: python -c 'import typer, sqlite3'":
            lambda: [sys.executable, "-c", "import typer, sqlite3"],
        "teamspace task add": lambda: [teamspace, "task", "add", "bench task", "--due", "fri",
                                       "--priority", "H", "--tag", "bench"],
        "teamspace task list": lambda: [teamspace, "task", "list", "--mine"],
        "teamspace task done": lambda: [teamspace, "task", "done", str(next(counter) + 1)],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(2):
        for name, argv in commands.items():
            if name != "teamspace task done":
                subprocess.run(argv(), env=env, check=True, stdout=subprocess.DEVNULL)
    for _ in range(runs):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(argv(), env=env, check=True, stdout=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - started)
    floor = statistics.median(samples[next(iter(commands))])
    print(f"\nCLI on the {ws.get_meta('bench_tasks')}-task workspace ({runs} alternating runs)")
    print(f"{'command':45} {'median ms':>10} {'x floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:45} {median * 1000:10.1f} {median / floor:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cli-runs", type=int, default=21)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = os.path.join(tempfile.gettempdir(), "teamspace-bench")
    os.makedirs(folder, exist_ok=True)
    results: dict[str, list[float]] = {name: [] for name in QUERIES}
    spaces = {}
    for size in sizes:
        started = time.perf_counter()
        spaces[size] = build(os.path.join(folder, f"tasks-{size}.db"), size)
        print(f"workspace with {size} tasks ready ({time.perf_counter() - started:.1f}s)",
              file=sys.stderr)
        for name, query in QUERIES.items():
            results[name].append(median_ms(lambda q=query, w=spaces[size]: q(w), args.runs))
    header = "".join(f"{size:>12,}" for size in sizes)
    print(f"{'query (median ms)':28}{header}{'ratio':>10}")
    for name, values in results.items():
        cells = "".join(f"{value:12.2f}" for value in values)
        print(f"{name:28}{cells}{values[-1] / values[0]:10.2f}")
    # The CLI runs on a copy so the cached benchmark workspaces stay as generated.
    import shutil

    copy = os.path.join(folder, "tasks-cli.db")
    shutil.copyfile(spaces[sizes[0]].path, copy)
    cli_medians(Workspace.open(copy, user="anna"), args.cli_runs)


if __name__ == "__main__":
    main()
