"""Links pane speed, printed side by side with buku (never asserted).

1. Search over 100k links: the store's p50 (in process) and ``teamspace link search WORD``
   as a process, beside ``buku -s WORD --np`` over the same 100k bookmarks, for a rare
   word (20 matches) and a common one (about 1% of the links).
2. ``teamspace link add URL --no-fetch`` against the floor ``python -c "import typer,
   sqlite3"`` (the CLI budget is 1.15 x the floor).
3. ``link check`` over 1,000 local URLs (20 hosts on 127.0.0.x, 20% of the URLs answer
   only after 5 s) with a 1 s timeout: wall time against slow x timeout / pool, and
   against checking them one by one.

Run: .venv/bin/python benchmarks/links.py [--links 100000] [--runs 21] [--skip-check]
The workspace and buku's database are generated once under $TMPDIR/teamspace-bench/.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from workspaces import start_over

from teamspace.dates import utc_now
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.links import query
from teamspace.store.links.check import check_links

BIN = os.path.dirname(sys.executable)
TEAMSPACE = os.path.join(BIN, "teamspace")
BUKU = os.path.join(BIN, "buku")
WORK = os.path.join(tempfile.gettempdir(), "teamspace-bench")
RARE, COMMON = "zyzzyva", "lantern"


def words(rng: random.Random, count: int) -> list[str]:
    """A vocabulary of made-up words."""
    return ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            for _ in range(count)]


def rows(count: int) -> list[dict[str, object]]:
    """The same bookmarks for both tools: URL, title, tags, note."""
    rng = random.Random(14)
    vocabulary = words(rng, 3000)
    tags = words(rng, 60)
    out = []
    for n in range(count):
        title = rng.sample(vocabulary, 5)
        if n % (count // 20) == 7:
            title[2] = RARE
        if rng.random() < 0.01:
            title[0] = COMMON
        out.append({"url": f"https://site{n % 700}.example/{title[1]}/{n}",
                    "title": " ".join(title).capitalize(),
                    "tags": sorted(set(rng.sample(tags, 2))),
                    "note": " ".join(rng.sample(vocabulary, 10))})
    return out


def build_teamspace(path: str, data: list[dict[str, object]]) -> Workspace:
    """A workspace holding ``data`` as anna's links (made once, then reused)."""
    ws = Workspace.open(path, user="anna")
    if ws.exists() and ws.get_meta("bench_links") == str(len(data)):
        return ws
    start_over(ws)

    def body(session: Session) -> None:
        now = utc_now()
        session.many(
            "INSERT INTO link (id, created_at, updated_at, author, version, op_id, url, host, "
            "page_title, page_description) VALUES (:id, :now, :now, 'anna', 1, :op, :url, "
            ":host, :title, '')",
            [{"id": n + 1, "now": now, "op": f"b{n}", "url": r["url"], "title": r["title"],
              "host": str(r["url"]).split("/")[2]} for n, r in enumerate(data)])
        session.many(
            "INSERT INTO link_save (id, created_at, updated_at, author, version, op_id, "
            "link_id, url, title, title_auto, note, tags, visibility) VALUES (:id, :now, "
            ":now, 'anna', 1, :op, :id, :url, :title, 1, :note, :tags, 'everyone')",
            [{"id": n + 1, "now": now, "op": f"s{n}", "url": r["url"], "title": r["title"],
              "note": r["note"], "tags": " ".join(r["tags"])}  # type: ignore[arg-type]
             for n, r in enumerate(data)])
        session.many("INSERT INTO link_tag (save_id, link_id, tag) VALUES (:id, :id, :tag)",
                     [{"id": n + 1, "tag": tag} for n, r in enumerate(data)
                      for tag in r["tags"]])  # type: ignore[attr-defined]

    ws.write(body, kind="bench.fill")
    ws.set_meta("bench_links", str(len(data)))
    return ws


def build_buku(home: str, data: list[dict[str, object]]) -> dict[str, str]:
    """buku's database with the same bookmarks; returns the environment to run it in."""
    import sqlite3

    env = {**os.environ, "XDG_DATA_HOME": os.path.join(home, "data"), "HOME": home}
    db = os.path.join(env["XDG_DATA_HOME"], "buku", "bookmarks.db")
    marker = db + f".{len(data)}"
    if os.path.exists(marker):
        return env
    if os.path.exists(db):
        os.unlink(db)
    subprocess.run([BUKU, "--nostdin", "--nc", "--offline", "-a", "https://seed.example/",
                    "--title", "seed"], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    connection = sqlite3.connect(db)
    connection.executemany(
        "INSERT INTO bookmarks (URL, metadata, tags, desc, flags) VALUES (?, ?, ?, ?, 0)",
        [(r["url"], r["title"], "," + ",".join(r["tags"]) + ",", r["note"])  # type: ignore[arg-type]
         for r in data])
    connection.commit()
    connection.close()
    open(marker, "w").close()
    return env


def wall(argv: list[str], env: dict[str, str]) -> float:
    """Seconds one process took (its output thrown away)."""
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode()[-300:]}")
    return time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def search_table(ws: Workspace, buku_env: dict[str, str], runs: int) -> None:
    env = {**os.environ, "TEAMSPACE_DB": ws.path, "TEAMSPACE_USER": "anna"}
    print(f"\nSearch over {ws.get_meta('bench_links')} links (median of {runs}; ms)")
    print(f"{'word':10} {'hits':>6} {'store p50':>10} {'link search':>12} {'buku -s':>10} "
          f"{'ratio cli/buku':>15} {'ratio store/buku':>17}")
    for word in (RARE, COMMON):
        hits = len(query.search_links(ws, word, limit=10_000))
        store = []
        for _ in range(runs):
            started = time.perf_counter()
            query.search_links(ws, word, limit=20)
            store.append(time.perf_counter() - started)
        ours, theirs = [], []
        for _ in range(runs):  # alternate, so machine noise hits both alike
            ours.append(wall([TEAMSPACE, "link", "search", word, "-n", "20"], env))
            theirs.append(wall([BUKU, "--nostdin", "--nc", "-s", word, "--np"], buku_env))
        s, o, t = (statistics.median(x) for x in (store, ours, theirs))
        print(f"{word:10} {hits:>6} {ms(s):>10} {ms(o):>12} {ms(t):>10} {o / t:>15.2f} "
              f"{s / t:>17.3f}")


def add_table(runs: int) -> None:
    folder = tempfile.mkdtemp(prefix="links-add-")
    path = os.path.join(folder, "team.db")
    Workspace.open(path, user="anna").create()
    env = {**os.environ, "TEAMSPACE_DB": path, "TEAMSPACE_USER": "anna"}
    floor, add, listing = [], [], []
    for n in range(runs + 2):
        f = wall([sys.executable, "-c", "import typer, sqlite3"], env)
        a = wall([TEAMSPACE, "link", "add", f"https://example.org/{n}", "--no-fetch", "-t",
                  "bench"], env)
        lst = wall([TEAMSPACE, "link", "list", "-n", "20"], env)
        if n >= 2:  # the first runs warm the caches
            floor.append(f)
            add.append(a)
            listing.append(lst)
    f, a, lst = (statistics.median(x) for x in (floor, add, listing))
    print(f"\nCLI start-up (median of {runs}; ms)")
    print(f"{'command':34} {'ms':>8} {'x floor':>8}")
    floor_label = 'python -c "import typer, sqlite3"'
    print(f"{floor_label:34} {ms(f)} {1.0:>8.2f}")
    print(f"{'teamspace link add URL --no-fetch':34} {ms(a)} {a / f:>8.2f}")
    print(f"{'teamspace link list -n 20':34} {ms(lst)} {lst / f:>8.2f}")


class Slow(BaseHTTPRequestHandler):
    """200 at once, or after ``?slow`` 5 s (longer than the check's timeout)."""

    protocol_version = "HTTP/1.1"
    stop = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        if "slow" in self.path:
            self.stop.wait(5)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def check_table(count: int = 1000, hosts: int = 20, pool: int = 16,
                timeout: float = 1.0) -> None:
    servers = []
    for n in range(hosts):
        server = ThreadingHTTPServer((f"127.0.0.{n + 1}", 0), Slow)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    rng = random.Random(3)
    targets = []
    for n in range(count):
        host, port = servers[n % hosts].server_address[:2]
        slow = rng.random() < 0.2
        targets.append((n, f"http://{host}:{port}/{n}{'?slow' if slow else ''}"))
    slow_count = sum(1 for _, url in targets if "slow" in url)
    started = time.perf_counter()
    results = check_links(targets, pool=pool, per_host=2, timeout=timeout)
    elapsed = time.perf_counter() - started
    Slow.stop.set()
    for server in servers:
        server.shutdown()
        server.server_close()
    states = {s: sum(1 for r in results if r["state"] == s) for s in ("ok", "failing")}
    print(f"\nlink check: {count} local URLs on {hosts} hosts, {slow_count} slow (5 s), "
          f"timeout {timeout:g} s, pool {pool}, 2 per host")
    print(f"  wall                          {elapsed:7.1f} s   ({states['ok']} ok, "
          f"{states['failing']} timed out)")
    print(f"  slow x timeout / pool         {slow_count * timeout / pool:7.1f} s")
    print(f"  all x timeout / pool          {count * timeout / pool:7.1f} s")
    print(f"  one by one (slow x timeout)   {slow_count * timeout:7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--skip-check", action="store_true")
    args = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    data = rows(args.links)
    ws = build_teamspace(os.path.join(WORK, f"links-{args.links}.db"), data)
    buku_env = build_buku(os.path.join(WORK, f"buku-{args.links}"), data)
    search_table(ws, buku_env, args.runs)
    add_table(args.runs)
    if not args.skip_check:
        check_table()


if __name__ == "__main__":
    main()
