"""Shell-completion latency: what a Tab press costs, side by side with Taskwarrior.

Run: .venv/bin/python benchmarks/completion.py [--runs 15] [--items 1000]

Each row is one Tab press as the shell makes it: a new process answering the completion
protocol (``_TEAMSPACE_COMPLETE=complete_bash`` with COMP_WORDS/COMP_CWORD) on a
workspace with ``--items`` open tasks; the peer is Taskwarrior's own helpers that its
bash/zsh completion calls (``task _ids``, ``task _projects``) on the same number of tasks.
The floor is ``python -c "import typer, sqlite3"``.  Prints medians; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PYTHON = sys.executable


def median_ms(argv: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of ``argv`` in milliseconds (after one warm-up run)."""
    subprocess.run(argv, env=env, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Fill the data, time each row, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="ts-complete-")
    env = {**os.environ, "TEAMSPACE_USER": "anna", "TEAMSPACE_DB": f"{work}/team.db",
           "TEAMSPACE_DATA_DIR": f"{work}/data", "TEAMSPACE_CONFIG_DIR": f"{work}/config",
           "TASKRC": f"{work}/taskrc", "TASKDATA": f"{work}/task"}
    os.environ.update({k: env[k] for k in ("TEAMSPACE_DATA_DIR", "TEAMSPACE_CONFIG_DIR")})
    from teamspace.store.core import people, projects
    from teamspace.store.core.connection import Workspace
    from teamspace.store.tasks import tasks

    ws = Workspace.open(env["TEAMSPACE_DB"], user="anna")
    ws.create()
    for name in ("bob", "chen", "dana"):
        people.add_person(ws, name)
    for n in range(10):
        projects.create_project(ws, name=f"p{n}")
    for n in range(args.items):
        tasks.add_task(ws, title=f"task {n} of the benchmark",
                       project=f"p{n}" if n < 10 else None)
    ws.close()

    def complete(line: str) -> dict[str, str]:
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        return {**env, "_TEAMSPACE_COMPLETE": "complete_bash", "COMP_WORDS": line,
                "COMP_CWORD": str(cword)}

    rows: list[tuple[str, float]] = [
        ('floor: python -c "import typer, sqlite3"',
         median_ms([PYTHON, "-c", "import typer, sqlite3"], env, args.runs)),
        ("teamspace whoami (a command, for scale)",
         median_ms([PYTHON, "-m", "teamspace", "whoami"], env, args.runs)),
        ("Tab: teamspace task sh<Tab> (command names)",
         median_ms([PYTHON, "-m", "teamspace"], complete("teamspace task sh"), args.runs)),
        ("Tab: teamspace task show <Tab> (task ids)",
         median_ms([PYTHON, "-m", "teamspace"], complete("teamspace task show "), args.runs)),
        ("Tab: teamspace task add x --to <Tab> (people)",
         median_ms([PYTHON, "-m", "teamspace"], complete("teamspace task add x --to "),
                   args.runs)),
        ("Tab: teamspace task list -p <Tab> (projects)",
         median_ms([PYTHON, "-m", "teamspace"], complete("teamspace task list -p "),
                   args.runs)),
    ]
    task = shutil.which("task")
    if task:
        os.makedirs(env["TASKDATA"], exist_ok=True)
        with open(env["TASKRC"], "w") as rc:
            rc.write(f"data.location={env['TASKDATA']}\nconfirmation=off\nverbose=nothing\n")
        lines = "\n".join(json.dumps({"description": f"task {n} of the benchmark",
                                      "status": "pending", **({"project": f"p{n}"}
                                                              if n < 10 else {})})
                          for n in range(args.items))
        subprocess.run([task, "import", "-"], input=lines, text=True, env=env,
                       capture_output=True, check=True)
        rows += [("peer: task _ids (Taskwarrior's completion helper)",
                  median_ms([task, "_ids"], env, args.runs)),
                 ("peer: task _projects",
                  median_ms([task, "_projects"], env, args.runs))]
    floor = rows[0][1]
    print(f"{args.items} open tasks, median of {args.runs} runs")
    print(f"{'what':<52} {'ms':>8} {'x floor':>8}")
    for name, ms in rows:
        print(f"{name:<52} {ms:8.1f} {ms / floor:8.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
