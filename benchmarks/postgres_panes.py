"""Notes, Links and Time reads on the file, on a server, and on a server with row-level
security (as a member's own role), side by side.

    .venv/bin/python benchmarks/postgres_panes.py [--notes N] [--runs N]

Seeds a workspace file (N notes in an open, a closed-group and a private notebook, N
links with public, group and private saves, N time entries), copies it to a throwaway
PostgreSQL cluster with ``migrate-to`` (tests/pgserver.py), turns on ``secure``, then
times the everyday reads in-process (median of the runs, ms): the same store functions
the CLI and the TUI call.  The owner role is not bound by the policies, so "server"
against "server, RLS" is what the policies cost.  Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from pgserver import PASSWORD, Server  # noqa: E402

from teamspace.store.core import groups, people, transfer  # noqa: E402
from teamspace.store.core.connection import Workspace  # noqa: E402
from teamspace.store.core.session import Session  # noqa: E402

WORDS = "alpha beta gamma delta release plan budget venue agenda roadmap".split()


def seed(path: str, count: int) -> None:
    """A file workspace with ``count`` notes, links and time entries (few writes)."""
    from teamspace.store.links.links import ensure_link, insert_save
    from teamspace.store.notes.notebooks import add_notebook, find
    from teamspace.store.notes.notes import insert_note
    from teamspace.store.time.entries import add_entry, insert_entry, project_id

    ws = Workspace.open(path, user="anna")
    ws.create()
    for name in ("bob", "chen"):
        people.add_person(ws, name)
    groups.create_group(ws, name="leads", closed=True)
    add_notebook(ws, name="Team")
    add_notebook(ws, name="Leads", visibility="group", group="leads")
    add_notebook(ws, name="Diary", visibility="private")
    add_entry(ws, project="acme", started_at="2026-01-01 08:00:00.000000",
              ended_at="2026-01-01 09:00:00.000000", create_project=True)

    def body(session: Session) -> None:
        books = [int(find(session, n)["id"]) for n in ("Team", "Leads", "Diary")]
        acme = project_id(session, "acme")
        for n in range(count):
            words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(40))
            rare = " needle" if n % 100 == 0 else ""
            insert_note(session, notebook_id=books[n % 3], title=f"Note {n}",
                        body=f"common {words}{rare}")
            link, _made = ensure_link(session, f"https://site{n}.example/page")
            vis = ("everyone", "group", "private")[n % 3]
            insert_save(session, link, title=f"Page {n} common{rare}", note=words[:80],
                        tags=["t"], visibility=vis,
                        group_id=int(session.scalar("SELECT id FROM team_group"))
                        if vis == "group" else None)
            day, hour = 1 + n % 28, 8 + n % 9
            insert_entry(session, project=acme, started_at=f"2026-02-{day:02d} "
                         f"{hour:02d}:00:00.000000", ended_at=f"2026-02-{day:02d} "
                         f"{hour:02d}:30:00.000000", tags="", task_id=None, note="")

    ws.write(body, kind="bench.seed")
    ws.close()


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    """Median wall time of ``fn`` in ms (one untimed warm-up run)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def reads(ws: Workspace) -> dict[str, Callable[[], Any]]:
    """The everyday reads, by label."""
    from teamspace.store.links import query as links
    from teamspace.store.notes import query as notes
    from teamspace.store.notes import search
    from teamspace.store.time import report

    return {
        "note list (50 newest)": lambda: notes.list_notes(ws, limit=50),
        "note search, common word": lambda: search.search(ws, "common"),
        "note search, rare word": lambda: search.search(ws, "needle"),
        "link list (newest page)": lambda: links.list_links(ws),
        "link search, common word": lambda: links.search_links(ws, "common"),
        "time report, a month by project": lambda: report.report(
            ws, first=date(2026, 2, 1), last=date(2026, 2, 28), by="project"),
    }


def main() -> None:
    """Seed, copy, secure, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000, help="notes, links, entries")
    parser.add_argument("--runs", type=int, default=15, help="runs per read")
    args = parser.parse_args()
    server = Server()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            file = f"{tmp}/team.db"
            seed(file, args.notes)
            owner_url = server.url("bench", password=PASSWORD)
            transfer.copy(Workspace.open(file, user="anna"),
                          Workspace.open(owner_url, user="anna"))
            from teamspace.store.core.postgres import security

            owner = Workspace.open(owner_url, user="anna")
            owner.maintain(lambda s: security.enable(s, ["anna", "bob", "chen"]),
                           purpose="securing")
            server.admin("ALTER ROLE chen PASSWORD 'pw-chen'")
            places = {
                "file": Workspace.open(file, user="chen"),
                "server": Workspace.open(owner_url, user="chen"),
                "server, RLS": Workspace.open(server.url("bench", user="chen",
                                                        password="pw-chen"), user="chen"),
            }
            timings = {name: {label: median_ms(fn, args.runs)
                              for label, fn in reads(ws).items()}
                       for name, ws in places.items()}
            print(f"{args.notes} notes (a third private, a third in a closed group), "
                  f"{args.notes} links, {args.notes} time entries; read as a member; "
                  f"median of {args.runs}, ms")
            print(f"| read | {' | '.join(places)} |")
            print(f"|---|{'---|' * len(places)}")
            for label in reads(places["file"]):
                cells = " | ".join(f"{timings[name][label]:.1f}" for name in places)
                print(f"| {label} | {cells} |")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
