"""Median wall time of `teamspace whoami` against the typer+sqlite3 import floor.

Run: .venv/bin/python benchmarks/startup.py [RUNS]
Alternates the two commands (after a warm-up) so machine noise hits both alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    folder = tempfile.mkdtemp()
    env = dict(os.environ, TEAMSPACE_DB=os.path.join(folder, "team.db"),
               TEAMSPACE_USER="bench")
    bindir = os.path.dirname(sys.executable)
    commands = {
        "floor: python -c 'import typer, sqlite3'":
            [sys.executable, "-c", "import typer, sqlite3"],
        "teamspace whoami": [os.path.join(bindir, "teamspace"), "whoami"],
        "teamspace version": [os.path.join(bindir, "teamspace"), "version"],
    }
    subprocess.run([os.path.join(bindir, "teamspace"), "init"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(3):
        for argv in commands.values():
            timed(argv, env)
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(timed(argv, env))
    floor = statistics.median(samples[next(iter(commands))])
    print(f"{'command':45} {'median ms':>10} {'x floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:45} {median * 1000:10.1f} {median / floor:8.2f}")


if __name__ == "__main__":
    main()
