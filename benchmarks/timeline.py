"""Microblog read speed at 10k / 100k / 1M posts, and TUI first paint at 100k.

Run: .venv/bin/python benchmarks/timeline.py [--sizes 10000,100000,1000000] [--runs 15]
Workspaces are generated once under $TMPDIR/teamspace-bench/ and reused.  Prints
medians (ms) per query and the ratio t(largest)/t(smallest): flat means the cost
depends on the page, not on the size of the workspace (target ≤ 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from workspaces import start_over

from teamspace.dates import utc_now
from teamspace.store.core import groups
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.microblog import feed, posts

USERS = ["anna", "bob", "chen", "dana", "erik"]


def build(path: str, count: int) -> Workspace:
    """A workspace with ``count`` posts in a realistic mix (cached on disk)."""
    ws = Workspace.open(path, user="anna")
    if ws.exists() and feed.feed(ws, limit=1) and ws.get_meta("bench_posts") == str(count):
        return ws
    start_over(ws, USERS[1:])
    groups.create_group(ws, name="dev")
    groups.create_group(ws, name="leads", closed=True)
    rng = random.Random(7)
    batch = 50_000
    for start in range(0, count, batch):
        rows = min(batch, count - start)

        def body(session: Session, start: int = start, rows: int = rows) -> None:
            now = utc_now()
            post_rows, recipients, mentions, tags = [], [], [], []
            for offset in range(rows):
                pid = start + offset + 1
                author = USERS[rng.randrange(len(USERS))]
                kind = rng.random()
                visibility, group_id = "everyone", None
                if kind < 0.10:
                    visibility = "private"
                    other = USERS[rng.randrange(len(USERS))]
                    recipients += [{"p": pid, "u": author}, {"p": pid, "u": other}]
                elif kind < 0.20:
                    visibility, group_id = "group", 1 if kind < 0.17 else 2
                text = f"post {pid} about #topic{pid % 40}"
                if rng.random() < 0.05:
                    text += " @anna"
                    mentions.append({"p": pid, "u": "anna"})
                tags.append({"p": pid, "t": f"topic{pid % 40}"})
                post_rows.append({"id": pid, "now": now, "a": author, "op": f"b{pid}",
                                  "text": text, "vis": visibility, "g": group_id})
            session.many("INSERT INTO post (id, created_at, updated_at, author, version, op_id, "
                         "text, visibility, group_id, reply_count) VALUES (:id, :now, :now, :a,"
                         " 1, :op, :text, :vis, :g, 0)", post_rows)
            session.many("INSERT INTO post_recipient (post_id, username) VALUES (:p, :u) "
                         "ON CONFLICT DO NOTHING", recipients)
            session.many("INSERT INTO post_mention (post_id, username) VALUES (:p, :u)",
                         mentions)
            session.many("INSERT INTO post_tag (post_id, tag) VALUES (:p, :t)", tags)

        ws.write(body, kind="bench.fill")
    posts.mark_read(ws, everything=True)
    ws.set_meta("bench_posts", str(count))
    return ws


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm the OS page cache once, like a TUI that has been open a while
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


QUERIES: dict[str, Callable[[Workspace], Any]] = {
    "feed (all, 50)": lambda ws: feed.feed(ws, limit=50),
    "feed --mentions": lambda ws: feed.feed(ws, view="mentions", limit=50),
    "feed --private": lambda ws: feed.feed(ws, view="private", limit=50),
    "feed --tag": lambda ws: feed.feed(ws, tag="topic7", limit=50),
    "feed --unread": lambda ws: feed.feed(ws, unread=True, limit=50),
    "unread counts": lambda ws: feed.counts(ws),
}


async def first_paint(ws: Workspace) -> float:
    """ms from starting the TUI until the stream shows posts."""
    from teamspace.tui.app import build_app
    from teamspace.tui.panes.microblog.postlist import PostList

    started = time.perf_counter()
    app = build_app(ws, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.query_one("#stream", PostList).posts:
            await pilot.pause(0.005)
        return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = os.path.join(tempfile.gettempdir(), "teamspace-bench")
    os.makedirs(folder, exist_ok=True)
    results: dict[str, list[float]] = {name: [] for name in QUERIES}
    spaces = {}
    for size in sizes:
        started = time.perf_counter()
        spaces[size] = build(os.path.join(folder, f"posts-{size}.db"), size)
        print(f"workspace with {size} posts ready ({time.perf_counter() - started:.1f}s)",
              file=sys.stderr)
        for name, query in QUERIES.items():
            results[name].append(median_ms(lambda q=query, w=spaces[size]: q(w), args.runs))
    header = "".join(f"{size:>12,}" for size in sizes)
    print(f"{'query (median ms)':22}{header}{'ratio':>10}")
    for name, values in results.items():
        cells = "".join(f"{value:12.2f}" for value in values)
        print(f"{name:22}{cells}{values[-1] / values[0]:10.2f}")
    paint_size = 100_000 if 100_000 in spaces else sizes[-1]
    paints = [asyncio.run(first_paint(spaces[paint_size])) for _ in range(5)]
    print(f"TUI first paint, {paint_size:,} posts: median {statistics.median(paints):.0f} ms "
          f"(of 5)")


if __name__ == "__main__":
    main()
