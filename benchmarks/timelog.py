"""The Time pane's speed: timer commands against the Typer floor and Watson, reports at
10k / 100k / 1M entries, and reports side by side with `timew summary` and
`watson report` over the same data.

Run: .venv/bin/python benchmarks/timelog.py [--runs 21] [--sizes 10000,100000,1000000]
     [--peer-sizes 10000,100000] [--editable]

- Timer latency: `teamspace timer start|status|stop` from a regular install (as users
  get it, see cli_latency.py), `watson start|status|stop` (td-watson in a throwaway
  venv) and the floor `python -c "import typer, sqlite3"`, alternating, median wall time,
  on a workspace / frames file of 10k entries.
- Reports: `report --by project` for this week and this month, in process (the store
  call, p50) and as the CLI command (`teamspace time report --by project --week`,
  wall time).  The data has the same density at every size (8 people, one 2-hour entry
  every 3 hours each, going further back the bigger it is), so a fixed range holds the
  same entries: a flat time means the range costs what it holds, not what came before.
- Side by side: the same entries as a Watson frames file and as Timewarrior data files
  (`inc … # tags` lines, the format timew reads), `watson report --week|--month` and
  `timew summary :week|:month` against `teamspace time report --week|--month`.

Workspaces are built once under $TMPDIR/teamspace-bench/ and reused.  Prints medians;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cli_latency  # noqa: E402  (the installed copy and the timing helper)
from peers import _venv  # noqa: E402
from workspaces import start_over  # noqa: E402

from teamspace.dates import to_text  # noqa: E402
from teamspace.store.core import projects  # noqa: E402
from teamspace.store.core.connection import Workspace  # noqa: E402
from teamspace.store.core.session import Session  # noqa: E402
from teamspace.store.time import clock, report  # noqa: E402
from teamspace.store.time.query import day_range  # noqa: E402

USERS = ["anna", "bob", "chen", "dana", "erik", "fay", "gus", "hana"]
PROJECTS = [f"project{n}" for n in range(12)]
TAGS = ["dev", "review", "ops", "meeting", "docs"]
BENCH = os.path.join(tempfile.gettempdir(), "teamspace-bench")
ANCHOR = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)


def synthetic(count: int) -> Iterator[tuple[str, str, datetime, datetime, str]]:
    """(person, project, start, end, tag): one 2-hour entry every 3 hours per person,
    going back from now; the same density whatever the count."""
    for n in range(count):
        person = USERS[n % len(USERS)]
        start = ANCHOR - timedelta(hours=3 * (n // len(USERS)), minutes=7 * (n % 8))
        yield (person, PROJECTS[n % len(PROJECTS)], start, start + timedelta(hours=2),
               TAGS[n % len(TAGS)])


def build(count: int) -> Workspace:
    """A workspace with ``count`` entries (cached between runs)."""
    os.makedirs(BENCH, exist_ok=True)
    path = os.path.join(BENCH, f"time-{count}.db")
    ws = Workspace.open(path, user="anna")
    if ws.exists() and ws.get_meta("bench_time") == f"{count}:{ANCHOR:%Y%m%d%H}":
        return ws
    start_over(ws, USERS[1:])
    ids = {name: projects.create_project(ws, name=name) for name in PROJECTS}
    rows = list(synthetic(count))
    for first in range(0, count, 50_000):
        def body(session: Session, part: list[tuple[str, str, datetime, datetime, str]]
                 = rows[first:first + 50_000]) -> None:
            session.many(
                "INSERT INTO time_entry (created_at, updated_at, author, version, op_id, "
                "person, project_id, started_at, ended_at, note, tags, source) VALUES "
                "(:now, :now, :p, 1, 'bench', :p, :project, :s, :e, '', :t, 'manual')",
                [{"now": session.now, "p": p, "project": ids[project], "s": to_text(s),
                  "e": to_text(e), "t": tag} for p, project, s, e, tag in part])
            session.execute("INSERT INTO meta (key, value) VALUES ('time.longest_seconds', "
                            "'7201') ON CONFLICT (key) DO UPDATE SET value = excluded.value")

        ws.write(body, kind="bench.fill")
    ws.raw(lambda c: c.execute("ANALYZE"), purpose="bench")
    ws.set_meta("bench_time", f"{count}:{ANCHOR:%Y%m%d%H}")
    return ws


def watson_frames(count: int, folder: str) -> None:
    """The same entries as Watson's frames file."""
    os.makedirs(folder, exist_ok=True)
    frames = [[int(s.timestamp()), int(e.timestamp()), project, f"{n:032x}", [tag],
               int(e.timestamp())]
              for n, (_p, project, s, e, tag) in enumerate(synthetic(count))]
    frames.sort(key=lambda f: f[0])
    with open(os.path.join(folder, "frames"), "w") as out:
        json.dump(frames, out)
    for name in ("state", "last_sync"):
        if os.path.exists(os.path.join(folder, name)):
            os.unlink(os.path.join(folder, name))


def timew_data(count: int, folder: str) -> None:
    """The same entries as Timewarrior data files: one ``YYYY-MM.data`` per month of
    ``inc <start> - <end> # <tags>`` lines, oldest first (Timewarrior's own format)."""
    data = os.path.join(folder, "data")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    with open(os.path.join(folder, "timewarrior.cfg"), "w") as out:
        out.write("verbose = off\nconfirmation = off\n")
    months: dict[str, list[tuple[datetime, str]]] = {}
    for _p, project, s, e, tag in synthetic(count):
        line = f"inc {s:%Y%m%dT%H%M%S}Z - {e:%Y%m%dT%H%M%S}Z # project:{project} {tag}\n"
        months.setdefault(f"{s:%Y-%m}", []).append((s, line))
    for month, lines in months.items():
        with open(os.path.join(data, f"{month}.data"), "w") as out:
            out.writelines(line for _s, line in sorted(lines))


def p50_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples[1:]) * 1000


def wall_ms(argv: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(cli_latency.timed(argv, env) for _ in range(runs)) * 1000


def timer_latency(args: argparse.Namespace, ws: Workspace) -> None:
    """timer start/status/stop against watson start/status/stop and the floor."""
    watson = os.path.join(_venv(), "watson")
    work = tempfile.mkdtemp(prefix="teamspace-timelog-")
    db = os.path.join(work, "team.db")
    shutil.copy(ws.path, db)
    env = dict(os.environ, TEAMSPACE_DB=db, TEAMSPACE_USER="anna",
               TEAMSPACE_DATA_DIR=os.path.join(work, "data"),
               TEAMSPACE_CONFIG_DIR=os.path.join(work, "config"),
               WATSON_DIR=os.path.join(work, "watson"))
    watson_frames(10_000, env["WATSON_DIR"])
    ts = cli_latency.TEAMSPACE
    floor = [cli_latency.PYTHON, "-c", "import typer, sqlite3"]
    steps = [("start", [watson, "start", "project1", "+dev"],
              [ts, "timer", "start", "project1", "+dev"]),
             ("status", [watson, "status"], [ts, "timer", "status"]),
             ("stop", [watson, "stop"], [ts, "timer", "stop"])]
    samples: dict[str, dict[str, list[float]]] = {name: {"w": [], "t": [], "f": []}
                                                  for name, _, _ in steps}
    for n in range(args.runs + 3):
        for name, peer, ours in steps:
            samples[name]["w"].append(cli_latency.timed(peer, env))
            samples[name]["t"].append(cli_latency.timed(ours, env))
            samples[name]["f"].append(cli_latency.timed(floor, env))
        del n
    print(f"\n## Timer commands (median of {args.runs} alternating runs, 10k entries)\n")
    print("| command | watson ms | teamspace ms | floor ms | ts/watson | ts/floor |")
    print("|---|---|---|---|---|---|")
    for name, _, _ in steps:
        w, t, f = (statistics.median(samples[name][k][3:]) * 1000 for k in "wtf")
        print(f"| timer {name} | {w:.1f} | {t:.1f} | {f:.1f} | {t / w:.2f} | {t / f:.2f} |")
    shutil.rmtree(work, ignore_errors=True)


def report_scaling(args: argparse.Namespace, built: dict[int, Workspace]) -> None:
    """report --by project for this week and month at each size."""
    today = clock.local_now().date()
    print(f"\n## time report --by project (p50 ms; in process over {args.runs} runs, CLI "
          f"wall time over {max(5, args.runs // 3)} runs)\n")
    print("| entries | week (store) | month (store) | week (CLI) | month (CLI) | "
          "entries in month |")
    print("|---|---|---|---|---|---|")
    base: dict[str, float] = {}
    for count, ws in built.items():
        row = {}
        for span in ("week", "month"):
            first, last = day_range(span, today)
            row[span] = p50_ms(lambda w=ws, f=first, t=last: report.report(
                w, by="project", first=f, last=t), args.runs)
            env = dict(os.environ, TEAMSPACE_DB=ws.path, TEAMSPACE_USER="anna")
            row[f"cli-{span}"] = wall_ms([cli_latency.TEAMSPACE, "time", "report", "--by",
                                          "project", f"--{span}"], env, max(5, args.runs // 3))
        month_first, _ = day_range("month", today)
        in_month = ws.read(lambda s, a=month_first: s.scalar(
            "SELECT count(*) FROM time_entry WHERE started_at >= :s",
            {"s": to_text(clock.day_bounds(a)[0])}))
        base = base or row
        print(f"| {count:,} | {row['week']:.1f} | {row['month']:.1f} | {row['cli-week']:.1f} "
              f"| {row['cli-month']:.1f} | {in_month} |")
    last = row
    print(f"\nflatness t(largest)/t(smallest): week {last['week'] / base['week']:.2f}, "
          f"month {last['month'] / base['month']:.2f} (store); CLI week "
          f"{last['cli-week'] / base['cli-week']:.2f}, month "
          f"{last['cli-month'] / base['cli-month']:.2f}")


def side_by_side(args: argparse.Namespace, built: dict[int, Workspace]) -> None:
    """The same data in all three tools: reports of this week and month."""
    watson = os.path.join(_venv(), "watson")
    timew = shutil.which("timew")
    runs = max(3, args.runs // 4)
    print(f"\n## Reports over the same entries (median wall ms of {runs} runs)\n")
    print("| entries | range | watson report | timew summary | teamspace time report | "
          "ts/watson | ts/timew |")
    print("|---|---|---|---|---|---|---|")
    for count in args.peer_sizes:
        ws = built.get(count) or build(count)
        work = tempfile.mkdtemp(prefix="teamspace-peers-")
        env = dict(os.environ, TEAMSPACE_DB=ws.path, TEAMSPACE_USER="anna",
                   WATSON_DIR=os.path.join(work, "watson"),
                   TIMEWARRIORDB=os.path.join(work, "timew"))
        watson_frames(count, env["WATSON_DIR"])
        timew_data(count, env["TIMEWARRIORDB"])
        for span in ("week", "month"):
            w = wall_ms([watson, "report", f"--{span}", "--no-pager"], env, runs)
            t = wall_ms([timew, "summary", f":{span}"], env, runs) if timew else 0.0
            ours = wall_ms([cli_latency.TEAMSPACE, "time", "report", f"--{span}"], env, runs)
            timew_cell = f"{t:.1f}" if timew else "n/a"
            ratio = f"{ours / t:.2f}" if t else "n/a"
            print(f"| {count:,} | {span} | {w:.1f} | {timew_cell} | {ours:.1f} | "
                  f"{ours / w:.2f} | {ratio} |")
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--peer-sizes", default="10000,100000")
    parser.add_argument("--editable", action="store_true",
                        help="time this checkout's venv instead of a fresh regular install")
    parser.add_argument("--skip", default="", help="comma list of: timer,scaling,peers")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.peer_sizes = [int(s) for s in args.peer_sizes.split(",") if s]
    skip = set(args.skip.split(","))
    if not args.editable:
        cli_latency.install_copy()
    else:
        cli_latency.TEAMSPACE = cli_latency.README_TEAMSPACE
    built = {}
    for count in args.sizes:
        started = time.perf_counter()
        built[count] = build(count)
        print(f"workspace of {count:,} entries ready ({time.perf_counter() - started:.1f}s)",
              file=sys.stderr)
    if "timer" not in skip:
        timer_latency(args, built.get(10_000) or build(10_000))
    if "scaling" not in skip:
        report_scaling(args, built)
    if "peers" not in skip:
        side_by_side(args, built)


if __name__ == "__main__":
    main()
