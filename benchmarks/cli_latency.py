"""CLI latency of teamspace one-liners, side by side with single-user peers.

Run: .venv/bin/python benchmarks/cli_latency.py [--runs 21] [--items 10000]

Peers (installed here if missing, in a throwaway venv under $TMPDIR/teamspace-peers, or
from Debian): Watson (td-watson), jrnl, buku, Taskwarrior.  Every tool gets a data set of
``--items`` items first; then each pair runs alternately (peer, teamspace from a regular
install, teamspace from the README's install — this checkout's .venv, as ``make demo``
sets it up —, the floor, peer, ...) after a warm-up, so machine noise hits all alike.
Prints medians, the ratio teamspace/peer per pair and both installs against the floor
`python -c "import typer, sqlite3"`.  No timing is asserted anywhere; the numbers are
for docs/performance.md.
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
from collections.abc import Callable

from peers import Peers, prepare_peers

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INSTALL_VENV = os.path.join(tempfile.gettempdir(), "teamspace-peers", "teamspace-venv")
PYTHON = sys.executable
TEAMSPACE = os.path.join(os.path.dirname(sys.executable), "teamspace")
# What the README's set-up gives users (make demo / make test): an editable install.
README_TEAMSPACE = os.path.join(ROOT, ".venv", "bin", "teamspace")


def install_copy() -> None:
    """Measure teamspace as users get it: a regular (non-editable) install, bytecode
    compiled by pip.  An editable checkout adds an import hook to every import, and
    PYTHONDONTWRITEBYTECODE would make it compile our modules on every call."""
    global PYTHON, TEAMSPACE
    python = os.path.join(INSTALL_VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", INSTALL_VENV], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
                    ROOT], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([python, "-m", "pip", "install", "-q", ROOT], check=True,
                   stdout=subprocess.DEVNULL)
    PYTHON, TEAMSPACE = python, os.path.join(INSTALL_VENV, "bin", "teamspace")


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode()[-300:]}")
    return elapsed


def fill_teamspace(env: dict[str, str], items: int) -> None:
    """A workspace with ``items`` posts and (if the command exists) ``items`` tasks."""
    from teamspace.dates import utc_now
    from teamspace.store.core.connection import Workspace
    from teamspace.store.core.session import Session

    ws = Workspace.open(env["TEAMSPACE_DB"], user="bench")
    ws.create()

    def posts(session: Session) -> None:
        now = utc_now()
        session.many(
            "INSERT INTO post (created_at, updated_at, author, version, op_id, text, "
            "visibility, reply_count) VALUES (:now, :now, 'bench', 1, :op, :text, "
            "'everyone', 0)",
            [{"now": now, "op": f"fill-{n}", "text": f"post {n} #bench"} for n in range(items)])

    ws.write(posts, kind="bench.fill")
    if has_command(env, "task"):
        payload = [{"description": f"task {n}", "status": "pending",
                    "uuid": f"00000000-0000-4000-8000-{n:012d}", "entry": "20260101T000000Z"}
                   for n in range(items)]
        path = os.path.join(os.path.dirname(env["TEAMSPACE_DB"]), "tasks.json")
        with open(path, "w") as out:
            json.dump(payload, out)
        subprocess.run([TEAMSPACE, "task", "import", "--from", "taskwarrior", path],
                       env=env, check=True, stdout=subprocess.DEVNULL)


def has_command(env: dict[str, str], name: str) -> bool:
    result = subprocess.run([TEAMSPACE, name, "--help"], env=env, capture_output=True)
    return result.returncode == 0


def pairs(peers: Peers, env: dict[str, str]) -> list[tuple[str, list[str], str, list[str]]]:
    """(peer label, peer argv, teamspace label, teamspace argv) for comparable one-liners."""
    ts = [TEAMSPACE]
    rows: list[tuple[str, list[str], str, list[str]]] = []
    if peers.watson:
        rows.append(("watson add", [peers.watson, "add", "-f", "10:00", "-t", "11:00", "acme"],
                     "teamspace post", [*ts, "post", "deployed build"]))
        rows.append(("watson log -c", [peers.watson, "log", "-c", "-d"],
                     "teamspace feed", [*ts, "feed", "-n", "20"]))
    if peers.jrnl:
        rows.append(("jrnl (add)", [peers.jrnl, "standup done"],
                     "teamspace post", [*ts, "post", "standup done"]))
        rows.append(("jrnl -n 20", [peers.jrnl, "-n", "20"],
                     "teamspace feed", [*ts, "feed", "-n", "20"]))
    if peers.buku:
        rows.append(("buku --add", [peers.buku, "--nostdin", "--offline", "--add",
                                    "https://example.org/{n}", "--title", "x", "--nc"],
                     "teamspace post", [*ts, "post", "link https://example.org"]))
    if peers.task and has_command(env, "task"):
        rows.append(("task add", [peers.task, "rc.confirmation=off", "add", "write report"],
                     "teamspace task add", [*ts, "task", "add", "write report"]))
        rows.append(("task list limit:20", [peers.task, "rc.verbose=nothing", "limit:20", "list"],
                     "teamspace task list -n 20", [*ts, "task", "list", "-n", "20"]))
        # rc.gc=off keeps Taskwarrior's ids stable, so both sides tick off task n+1.
        rows.append(("task done", [peers.task, "rc.confirmation=off", "rc.gc=off",
                                   "{ts_task}", "done"],
                     "teamspace task done", [*ts, "task", "done", "{ts_task}"]))
    return rows


def expand(argv: list[str], n: int) -> list[str]:
    """Fill in a per-invocation number (unique URLs, the next task to complete)."""
    return [a.replace("{n}", str(n)).replace("{ts_task}", str(n + 1)) for a in argv]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--editable", action="store_true",
                        help="time this checkout's venv instead of a fresh regular install")
    args = parser.parse_args()
    if not args.editable:
        install_copy()
    work = tempfile.mkdtemp(prefix="teamspace-latency-")
    env = dict(os.environ, TEAMSPACE_DB=os.path.join(work, "team.db"),
               TEAMSPACE_USER="bench", TEAMSPACE_DATA_DIR=os.path.join(work, "data"),
               TEAMSPACE_CONFIG_DIR=os.path.join(work, "config"))
    print(f"preparing data sets ({args.items} items each) in {work}", file=sys.stderr)
    peers = prepare_peers(work, env, args.items)
    fill_teamspace(env, args.items)
    floor_argv = [PYTHON, "-c", "import typer, sqlite3"]
    # Each pair gets its own floor, timed in the same alternation (peer, teamspace,
    # teamspace as the README installs it, floor, peer, ...), so a busy moment on the
    # machine affects all alike.  Both teamspace installs share one workspace; the
    # second one ticks off the task after the first one's.
    results: list[Row] = []
    rows = pairs(peers, env) + [("", [], "teamspace whoami", [TEAMSPACE, "whoami"])]
    readme = os.path.exists(README_TEAMSPACE) and not args.editable
    count = args.runs + 3
    for peer_label, peer_argv, ts_label, ts_argv in rows:
        peer_env = peers.env(env)
        other = [README_TEAMSPACE, *ts_argv[1:]]
        p_samples, t_samples, r_samples, f_samples = [], [], [], []
        for n in range(count):
            if peer_argv:
                p_samples.append(timed(expand(peer_argv, n), peer_env))
            t_samples.append(timed(expand(ts_argv, n), env))
            if readme:
                r_samples.append(timed(expand(other, n + count), env))
            f_samples.append(timed(floor_argv, env))
        keep = slice(3, None)  # the first three runs warm up
        results.append((peer_label, median(p_samples[keep]), ts_label,
                        median(t_samples[keep]), median(r_samples[keep]),
                        median(f_samples[keep])))
    report(results, args)
    shutil.rmtree(work, ignore_errors=True)


Row = tuple[str, float, str, float, float, float]


def median(samples: list[float]) -> float:
    """The median, 0.0 for no samples."""
    return statistics.median(samples) if samples else 0.0


def report(results: list[Row], args: argparse.Namespace) -> None:
    ms: Callable[[float], str] = lambda s: f"{s * 1000:7.1f}" if s else " " * 7  # noqa: E731
    print(f"\nmedian wall time over {args.runs} alternating runs, {args.items} items each\n")
    print(f"| {'peer':18} | {'ms':>7} | {'teamspace':25} | {'ms':>7} | {'README':>7} | "
          f"{'floor':>7} | ts/peer | ts/floor | README/floor |")
    print(f"|{'-' * 20}|{'-' * 9}|{'-' * 27}|{'-' * 9}|{'-' * 9}|{'-' * 9}|---------|"
          "----------|--------------|")
    for peer, p, ts, t, r, f in results:
        ratio = f"{t / p:7.2f}" if p else " " * 7
        readme = f"{r / f:12.2f}" if r else " " * 12
        print(f"| {peer:18} | {ms(p)} | {ts:25} | {ms(t)} | {ms(r)} | {ms(f)} | {ratio} | "
              f"{t / f:8.2f} | {readme} |")
    print("\nms: a regular install (pip install .); README: this checkout's .venv as "
          "'make demo' sets it up (editable, bytecode compiled).\nfloor: python -c "
          "'import typer, sqlite3', timed alongside each pair. Budget: ts/floor <= 1.15; "
          "ts/(watson add) <= 0.80.")


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
