"""PostgreSQL against the SQLite file: CLI latency, write throughput, live updates.

    .venv/bin/python benchmarks/postgres.py [--runs N]

Starts a throwaway PostgreSQL cluster (tests/pgserver.py, the server's default
durability: fsync on, synchronous commit) on loopback, and a workspace file on the
local disk, then prints:

1. CLI latency (median of N runs, whole processes): the floor (``python -c "import
   typer, sqlite3"``), the connection cost (``import psycopg`` + one connection, made
   by a bare script), and everyday commands on the file and on the server, with the
   budget for the server: 1.15 × floor + connection cost.
2. Writes/s with 1, 8 and 50 writer processes (real ``create_post`` calls, each
   process its own member), file vs server, and how many server transactions were
   rolled back for a retry (serialization conflicts).
3. Live updates: from a commit in another process to the event of a watcher
   (LISTEN/NOTIFY), and to the post being on a running TUI's screen (Textual Pilot).

Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from pgserver import PASSWORD, Server  # noqa: E402

PY = sys.executable
WRITER = """
import json, sys, time
from teamspace.errors import Unavailable
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog.posts import create_post
location, user, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = Workspace.open(location, user=user)
ws.join()
print("ready", flush=True)
sys.stdin.readline()
failed = 0
for n in range(count):
    try:
        create_post(ws, text=f"{user} post {n}")
    except Unavailable:  # the file's lock timed out: the CLI would have queued it
        failed += 1
print(json.dumps({"end": time.time(), "failed": failed}), flush=True)
"""

def timed(argv: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of running ``argv`` (milliseconds)."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True, cwd=ROOT)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def latency(file: str, url: str, env: dict[str, str], runs: int) -> None:
    floor = timed([PY, "-c", "import typer, sqlite3"], env, runs)
    connect = timed([PY, "-c", f"import psycopg; psycopg.connect({url!r}).close()"], env,
                    runs)
    bare = timed([PY, "-c", "pass"], env, runs)
    print(f"\n1. CLI latency, median of {runs} runs (ms)")
    print(f"   floor: python -c 'import typer, sqlite3'         {floor:7.1f}")
    print(f"   connection cost: import psycopg + connect - python -c pass  "
          f"{connect - bare:7.1f}")
    budget = 1.15 * floor + (connect - bare)
    print(f"   server budget: 1.15 x floor + connection cost     {budget:7.1f}")
    print(f"   {'command':34} {'file':>8} {'server':>8}  server within budget?")
    for argv in (["feed"], ["post", "hello from the benchmark"], ["task", "list"],
                 ["task", "add", "bench task"], ["whoami"]):
        on_file = timed([PY, "-m", "teamspace", *argv, "--db", file], env, runs)
        on_server = timed([PY, "-m", "teamspace", *argv, "--db", url], env, runs)
        print(f"   {' '.join(argv):34} {on_file:8.1f} {on_server:8.1f}  "
              f"{'yes' if on_server <= budget else 'NO'}", flush=True)


def rollbacks(server: Server, database: str) -> int:
    result = server.psql(database, "SELECT xact_rollback FROM pg_stat_database WHERE "
                         "datname = current_database()")
    return int(result.stdout.strip() or 0)


def throughput(location: str, writers: int, per_writer: int, env: dict[str, str]
               ) -> tuple[float, int]:
    """(writes/s that landed, writes that gave up) with ``writers`` processes, timed from
    the moment all of them are connected and told to go."""
    procs = [subprocess.Popen([PY, "-c", WRITER, location, f"w{writers}x{n}",
                               str(per_writer)], env=env, cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(writers)]
    for proc in procs:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError(proc.communicate()[1][-500:])
    go = time.time()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    ends, failed = [], 0
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(err[-500:])
        result = json.loads(out.strip().splitlines()[-1])
        ends.append(float(result["end"]))
        failed += int(result["failed"])
    return (writers * per_writer - failed) / (max(ends) - go), failed


def writes(file: str, url: str, server: Server, database: str, env: dict[str, str]
           ) -> None:
    print("\n2. Writes/s (create_post) that landed, writer processes at once", flush=True)
    print(f"   {'writers':>7} {'file (local disk)':>18} {'gave up':>8} {'server':>8} "
          f"{'gave up':>8} {'retried txns':>13}", flush=True)
    for writers, each in ((1, 200), (8, 40), (50, 8)):
        on_file, file_failed = throughput(file, writers, each, env)
        before = rollbacks(server, database)
        on_server, server_failed = throughput(url, writers, each, env)
        retried = rollbacks(server, database) - before
        print(f"   {writers:7} {on_file:18.1f} {file_failed:8} {on_server:8.1f} "
              f"{server_failed:8} {retried:13}", flush=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def live(url: str, file: str, samples: int) -> None:
    from teamspace.store.core.connection import Workspace
    from teamspace.store.core.live import ChangeWatcher
    from teamspace.store.microblog.posts import create_post

    writer = Workspace.open(url, user="bob")
    watcher = ChangeWatcher(url, interval=0.05)
    heard: list[float] = []
    threading.Thread(target=lambda: [heard.append(time.perf_counter()) for _ in watcher],
                     daemon=True).start()
    time.sleep(1.0)
    gaps = []
    for n in range(samples):
        count = len(heard)
        create_post(writer, text=f"live {n}")
        committed = time.perf_counter()
        while len(heard) == count:
            time.sleep(0.0005)
        gaps.append((heard[count] - committed) * 1000)
        time.sleep(0.05)
    watcher.stop()
    tui = asyncio.run(_tui_latency(url, samples))
    tui_file = asyncio.run(_tui_latency(file, samples))
    print("\n3. Live updates, from commit (another client) to ... (ms)")
    print(f"   {'':38} {'p50':>7} {'p95':>7} {'max':>7}")
    for label, values in (("watcher event (LISTEN/NOTIFY)", gaps),
                          ("post on another TUI's screen: server", tui),
                          ("post on another TUI's screen: file", tui_file)):
        print(f"   {label:38} {percentile(values, 0.5):7.1f} {percentile(values, 0.95):7.1f}"
              f" {max(values):7.1f}", flush=True)


async def _tui_latency(location: str, samples: int) -> list[float]:
    """Commit in another client → the post handed to the stream widget of a running TUI.

    The moment is taken inside the widget's ``show_posts`` (the screen is drawn on the
    next refresh); the test loop itself waits idly, as a person's terminal would, so
    it does not compete with the TUI's reading thread for the interpreter.
    """
    from teamspace.store.core.connection import Workspace
    from teamspace.store.core.live import read_counter
    from teamspace.store.microblog.posts import create_post
    from teamspace.tui.app import build_app
    from teamspace.tui.panes.microblog.postlist import PostList

    app = build_app(Workspace.open(location, user="anna"))
    writer = Workspace.open(location, user="bob")
    gaps: list[float] = []
    seen: dict[int, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        while read_counter(location) is None:
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        stream = app.query_one("#stream", PostList)
        original = stream.show_posts

        def show_posts(posts: Any, *args: Any, **kwargs: Any) -> Any:
            now = time.perf_counter()
            for post in posts:
                seen.setdefault(post.id, now)
            return original(posts, *args, **kwargs)

        stream.show_posts = show_posts  # type: ignore[method-assign]
        for n in range(samples):
            loop = asyncio.get_running_loop()
            post_id, committed = await loop.run_in_executor(
                None, lambda n=n: (create_post(writer, text=f"screen {n}"),
                                   time.perf_counter()))
            while post_id not in seen:
                await pilot.pause(0.05)
            gaps.append((seen[post_id] - committed) * 1000)
            await pilot.pause(0.1)
    return gaps


def main() -> None:
    """Start the server, run the three measurements, print tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per CLI command")
    parser.add_argument("--samples", type=int, default=40, help="live-update samples")
    parser.add_argument("--parts", default="latency,writes,live",
                        help="which measurements, comma-separated")
    args = parser.parse_args()
    server = Server(durable=True)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, HOME=tmp, TEAMSPACE_DATA_DIR=f"{tmp}/data",
                       TEAMSPACE_CONFIG_DIR=f"{tmp}/config", TEAMSPACE_USER="anna",
                       PGPASSWORD=PASSWORD)
            os.environ.update({k: v for k, v in env.items() if k != "HOME"})
            file = f"{tmp}/team.db"
            url = server.url("bench", password=None)
            for location in (file, url):
                subprocess.run([PY, "-m", "teamspace", "init", location], env=env,
                               check=True, capture_output=True, cwd=ROOT)
            info = json.loads(server.psql("bench", "SELECT json_build_object('v', "
                                          "current_setting('server_version'))").stdout)
            print(f"PostgreSQL {info['v']} on loopback (fsync on), SQLite file on "
                  f"{tmp} (local disk), {os.cpu_count()} cores")
            parts = args.parts.split(",")
            if "latency" in parts:
                latency(file, url, env, args.runs)
            if "writes" in parts:
                writes(file, url, server, "bench", env)
            if "live" in parts:
                live(url, file, args.samples)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
