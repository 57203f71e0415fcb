"""Notes benchmarks (print, never assert): `note search` at 10k/100k notes next to
`jrnl -contains WORD` on the same entries; `note add`/`note list` against the
`python -c "import typer, sqlite3"` floor; opening a 1 MB note in the TUI.

Run: .venv/bin/python benchmarks/notes.py [--sizes 10000,100000] [--runs 20]
[--jrnl-runs 3] [--tui-only]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

WORDS = ("deploy release budget offsite agenda customer invoice ramen kraken venue "
         "login redirect database backup schedule roadmap hiring design review").split()


RARE = "zeppelin"  # in one note of a hundred: a selective search


def body(rng: random.Random, number: int = 1) -> str:
    """A note of realistic size: a heading, a few paragraphs (~1.5 KB).  Its words come
    from a small vocabulary, so every search word is in nearly every note: the worst
    case for ranking; one note in a hundred also mentions :data:`RARE`."""
    lines = [f"# {' '.join(rng.choices(WORDS, k=3))}", ""]
    for _ in range(6):
        lines.append(" ".join(rng.choices(WORDS + ["the", "a", "and", "to"], k=35)))
    if number % 100 == 0:
        lines.append(f"see the {RARE} notes")
    return "\n".join(lines) + "\n"


def fill(path: str, count: int, jrnl_file: str) -> None:
    """``count`` notes in a new workspace (one write per 1000) and the same entries in
    a jrnl journal file."""
    from teamspace.store.core.connection import Workspace
    from teamspace.store.notes.interop import import_notes

    ws = Workspace.open(path, user="anna")
    ws.create()
    rng = random.Random(7)
    with open(jrnl_file, "w", encoding="utf-8") as journal:
        batch = []
        for number in range(count):
            text = body(rng, number)
            title = f"Note {number} " + rng.choice(WORDS)
            batch.append({"uid": f"b{number}", "title": title, "body": text})
            day = 1 + number % 28
            journal.write(f"[2024-01-{day:02d} 09:{number % 60:02d}:00 AM] {title}.\n"
                          f"{text}\n")
            if len(batch) == 1000:
                import_notes(ws, notes=batch)
                batch = []
        if batch:
            import_notes(ws, notes=batch)


def timed(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall times (ms) of ``runs`` runs of a command."""
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        found.append((time.perf_counter() - start) * 1000)
    return found


def p(values: list[float], q: float) -> float:
    """The q-quantile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def search_in_process(path: str, runs: int, rare: bool = False) -> list[float]:
    """Store-level search latency (ms), no process start-up: two words found in nearly
    every note, or the rare word (with a common one)."""
    from teamspace.store.core.connection import Workspace
    from teamspace.store.notes.search import search

    ws = Workspace.open(path, user="anna")
    found = []
    for number in range(runs):
        words = (RARE, WORDS[number % len(WORDS)]) if rare else (
            WORDS[number % len(WORDS)], WORDS[(number + 3) % len(WORDS)])
        start = time.perf_counter()
        search(ws, " ".join(words))
        found.append((time.perf_counter() - start) * 1000)
    return found


async def open_note(path: str, size: int) -> float:
    """ms from the key that moves the cursor onto a note of ``size`` characters (the
    Notes pane shown, idle) to the end of the first screen refresh that paints it: the
    viewer's rows laid out (a long note) or its Markdown blocks mounted (a short one).
    The refresh is caught with ``call_after_refresh`` armed when the viewer is given the
    note (and re-armed until the note is laid out), so the figure includes drawing."""
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownH2

    from teamspace.store.core.connection import Workspace
    from teamspace.store.notes import notes
    from teamspace.tui.app import build_app
    from teamspace.tui.panes.notes.viewer import NoteViewer

    ws = Workspace.open(path, user="anna")
    ws.create()
    text = ("## Section\n" + "lorem ipsum dolor sit amet " * 40 + "\n\n") * (size // 1000 + 1)
    notes.create_note(ws, title="Big", body=text[:size])
    notes.create_note(ws, title="Small", body="a short note")  # newer: listed first
    app = build_app(ws, watch=False)
    painted: list[float] = []
    async with app.run_test(size=(130, 36)) as pilot:
        await pilot.press("3")
        pane = app.query_one("#notes-pane")
        viewer = app.query_one("#notes-viewer", NoteViewer)
        while getattr(getattr(pane, "detail", None), "body", None) != "a short note":
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()  # the pane is shown and idle, as when used
        await pilot.pause()

        def check() -> None:
            if viewer.long:
                shown = viewer.long_text().rows > 0 and viewer.long_text().size.width > 0
            else:
                shown = bool(viewer.query_one(Markdown).query(MarkdownH2))
            if shown:
                painted.append(time.perf_counter())
            else:
                app.call_after_refresh(check)

        show_markdown = viewer.show_markdown

        def show_and_watch(markdown: str) -> None:
            show_markdown(markdown)
            app.call_after_refresh(check)

        viewer.show_markdown = show_and_watch  # type: ignore[method-assign]
        start = time.perf_counter()
        await pilot.press("down")
        while not painted:
            await pilot.pause(0.005)
        await app.workers.wait_for_complete()
        return (painted[0] - start) * 1000


def tui(work: str) -> None:
    """Print the time to the first paint of a 1 MB and a 30 KB note (5 runs each)."""
    print("\nTUI: key onto a note -> first refresh that paints it (5 runs)")
    for label, size in (("1 MB note (shown as text)", 1024 * 1024),
                        ("30 KB note (rendered Markdown)", 30 * 1024)):
        runs = [asyncio.run(open_note(f"{work}/open{size}-{run}.db", size))
                for run in range(5)]
        print(f"{label:<32} median {statistics.median(runs):>5.0f} ms   "
              f"runs {' '.join(f'{r:.0f}' for r in runs)}")


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--jrnl-runs", type=int, default=3,
                        help="jrnl reads the whole journal each time: ~1 min at 10k here")
    parser.add_argument("--tui-only", action="store_true",
                        help="only the time to show a long note in the TUI")
    args = parser.parse_args()
    if args.tui_only:
        tui(tempfile.mkdtemp(prefix="notes-bench-"))
        return
    sys.path.insert(0, os.path.dirname(__file__))
    from peers import prepare_peers

    work = tempfile.mkdtemp(prefix="notes-bench-")
    env = {**os.environ, "TEAMSPACE_USER": "anna", "TEAMSPACE_DATA_DIR": work + "/data"}
    peers = prepare_peers(work, env, 1)
    python = sys.executable
    print(f"{'notes':>8} {'common: min':>11} {'p50':>7} {'p95':>7} {'rare: min':>9} "
          f"{'p50':>7} {'p95':>7} {'CLI p50':>8} {'jrnl -contains p50':>19} {'ratio':>6}")
    for size in [int(s) for s in args.sizes.split(",")]:
        db, journal = f"{work}/n{size}.db", f"{work}/j{size}.txt"
        fill(db, size, journal)
        store = search_in_process(db, args.runs)
        rare = search_in_process(db, args.runs, rare=True)
        cli = timed([python, "-m", "teamspace", "note", "search", "kraken", "--db", db],
                    env, max(5, args.runs // 4))
        jrnl_ms = [float("nan")]
        if peers.jrnl:
            config = f"{work}/jrnl{size}.yaml"
            with open(config, "w") as handle:
                handle.write(f"journals:\n  default: {journal}\nencrypt: false\n"
                             "timeformat: '%F %r'\ntagsymbols: '#@'\ndefault_hour: 9\n"
                             "default_minute: 0\nhighlight: false\nlinewrap: 79\n"
                             "indent_character: '|'\neditor: ''\ntemplate: false\n"
                             "colors: {body: none, date: none, tags: none, title: none}\n"
                             "version: v4.6\n")
            jrnl_ms = timed([peers.jrnl, "--config-file", config, "-contains", "kraken"],
                            peers.env(env), args.jrnl_runs)
        ratio = statistics.median(cli) / statistics.median(jrnl_ms)
        print(f"{size:>8} {min(store):>9.1f}ms {statistics.median(store):>5.1f}ms "
              f"{p(store, 0.95):>5.1f}ms {min(rare):>7.1f}ms {statistics.median(rare):>5.1f}ms "
              f"{p(rare, 0.95):>5.1f}ms {statistics.median(cli):>6.0f}ms "
              f"{statistics.median(jrnl_ms):>17.0f}ms {ratio:>6.3f}")
    small = f"{work}/small.db"
    subprocess.run([python, "-m", "teamspace", "init", small], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    floor = timed([python, "-c", "import typer, sqlite3"], env, args.runs)
    add = timed([python, "-m", "teamspace", "note", "add", "quick", "idea", "--db", small],
                env, args.runs)
    listing = timed([python, "-m", "teamspace", "note", "list", "--db", small], env,
                    args.runs)
    print(f"\n{'command':<22} {'p50':>8} {'x floor':>8}")
    for name, values in (("import typer, sqlite3", floor), ("note add", add),
                         ("note list", listing)):
        print(f"{name:<22} {statistics.median(values):>6.0f}ms "
              f"{statistics.median(values) / statistics.median(floor):>8.2f}")
    tui(work)


if __name__ == "__main__":
    main()
