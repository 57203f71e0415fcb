"""``teamspace link check|import|export``: dead-link checks, and bookmarks in and out
(Netscape bookmark files from any browser, Diigo or buku; buku's database; Firefox's
places.sqlite)."""

import sys
import threading
from typing import Annotated, Any

import typer

from teamspace.cli.common import (
    DbOption,
    JsonOption,
    iso_times,
    make_app,
    open_workspace,
    print_json,
)
from teamspace.cli.links.core import GroupOption, link_ids, link_tags

app = make_app()
FORMATS = ("html", "buku", "firefox")
SAVE_EVERY = 200  # check results are stored in batches: an interrupted check keeps most


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 0
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def update(self, done: int, state: str) -> None:
        """One more link checked."""
        with self.lock:
            self.counts[state] = self.counts.get(state, 0) + 1
            if not self.shown:
                return
            width = 30
            filled = int(width * done / self.total)
            tally = " ".join(f"{n} {s}" for s, n in sorted(self.counts.items()))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                             f"{done}/{self.total}  {tally}\x1b[K")
            sys.stderr.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.shown:
            sys.stderr.write("\n")


@app.command()
def check(
    ids: Annotated[list[int] | None, typer.Argument(
        metavar="[ID...]", help="Links to check (default with --all: every link you see).",
        show_default=False, autocompletion=link_ids)] = None,
    every: Annotated[bool, typer.Option("--all", help="Check every web link you see.")]
    = False,
    pool: Annotated[int, typer.Option("--pool", help="Requests at a time.")] = 16,
    per_host: Annotated[int, typer.Option("--per-host", help="Requests at a time to "
                                                               "one host.")] = 2,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per link.")] = 3.0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check links for dead ones (results show in 'link list' and the TUI)."""
    from teamspace.cli.common import submit
    from teamspace.errors import InvalidInput
    from teamspace.store.links import links, query
    from teamspace.store.links.check import check_links
    from teamspace.store.links.web import offline

    if not ids and not every:
        raise InvalidInput("say which links: IDs, or --all")
    if offline():
        raise InvalidInput("TEAMSPACE_OFFLINE is set: no page is asked for, so no check")
    if pool < 1 or per_host < 1 or not 0 < timeout <= 60:
        raise InvalidInput("--pool and --per-host must be at least 1; --timeout 0-60 s")
    ws = open_workspace(db)
    targets = query.to_check(ws, link_ids=list(ids or []))
    progress = Progress(len(targets))
    batch: list[dict[str, Any]] = []
    lock, writing = threading.Lock(), threading.Lock()

    def store(done: int, result: dict[str, Any]) -> None:
        progress.update(done, result["state"])
        with lock:
            batch.append(result)
            ready = list(batch) if len(batch) >= SAVE_EVERY else []
            if ready:
                batch.clear()
        if ready:
            with writing:  # one batch at a time, in the order they filled
                submit(ws, links.record_checks, results=ready)

    try:
        results = check_links(targets, pool=pool, per_host=per_host, timeout=timeout,
                              on_result=store)
    finally:
        progress.close()
        if batch:
            submit(ws, links.record_checks, results=list(batch))
    results.sort(key=lambda r: r["link_id"])
    if as_json:
        print_json([iso_times(result, "checked_at") for result in results])
        return
    urls = dict(targets)
    for result in results:
        if result["state"] != "ok":
            why = result["status_code"] or result["error"] or ""
            typer.echo(f"{result['link_id']:>5}  {result['state']:<8} {why}  "
                       f"{urls[result['link_id']]}")
    counts = {state: sum(1 for r in results if r["state"] == state)
              for state in ("ok", "dead", "failing")}
    typer.echo(f"checked {len(results)} links: " + ", ".join(
        f"{n} {state}" for state, n in counts.items()), err=True)


@app.command("import")
def import_links(
    source: Annotated[str, typer.Argument(
        metavar="FILE", help="A bookmark file, buku's bookmarks.db or Firefox's "
        "places.sqlite ('-' reads a bookmark file from stdin).", show_default=False)],
    origin: Annotated[str | None, typer.Option(
        "--from", metavar="html|buku|firefox", help="The format (default: from the "
        "file's content).", show_default=False)] = None,
    group: GroupOption = None,
    everyone: Annotated[bool, typer.Option(
        "--everyone", help="Share the new links with everyone (default: private).")] = False,
    no_folders: Annotated[bool, typer.Option(
        "--no-folder-tags", help="Do not turn bookmark folders into tags.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import bookmarks (importing again adds only what is new); private by default."""
    from teamspace.cli.common import submit
    from teamspace.errors import InvalidInput
    from teamspace.store.links import browsers, netscape
    from teamspace.store.links.interop import import_links as importer

    if group and everyone:
        raise InvalidInput("choose one of --group, --everyone")
    found = _sniff(source)
    kind = origin or found
    if kind == "html":
        records = netscape.read_netscape(_text(source), folder_tags=not no_folders)
    elif kind == "buku":
        records = browsers.read_buku(source)
    elif kind == "firefox":
        records = browsers.read_places(source, folder_tags=not no_folders)
    else:
        raise InvalidInput(f"unknown format '{kind}': use {', '.join(FORMATS)}")
    result = submit(open_workspace(db), importer, records=records,
                    visibility="group" if group else "everyone" if everyone else "private",
                    group=group)
    if as_json:
        print_json(result)
        return
    skipped = "".join(f", {n} skipped ({why})" for why, n in sorted(result["why"].items()))
    typer.echo(f"imported {len(result['ids'])} links: {result['added']} added, "
               f"{result['merged']} merged, {result['unchanged']} unchanged{skipped}")


MAX_FILE = 256 * 1024 * 1024


def _sniff(source: str) -> str:
    import os

    from teamspace.errors import InvalidInput

    if source == "-":
        return "html"
    if not os.path.isfile(source):  # a device (/dev/zero) or a folder would never end
        raise InvalidInput(f"cannot read {source}: not a file")
    if os.path.getsize(source) > MAX_FILE:
        raise InvalidInput(f"{source} is larger than {MAX_FILE // 2**20} MB: not a bookmark "
                           "file")
    try:
        with open(source, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    if head.startswith(b"SQLite format 3"):
        import sqlite3

        uri = f"file:{source}?mode=ro&immutable=1"
        try:
            with sqlite3.connect(uri, uri=True) as connection:
                names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise InvalidInput(f"{source} cannot be read: {exc}") from None
        if "moz_bookmarks" in names:
            return "firefox"
        if "bookmarks" in names:
            return "buku"
        raise InvalidInput(f"{source} is an SQLite file but neither buku's nor Firefox's")
    return "html"


def _text(source: str) -> str:
    from teamspace.errors import InvalidInput

    try:
        raw = sys.stdin.buffer.read(MAX_FILE + 1) if source == "-" else \
            open(source, "rb").read(MAX_FILE + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # old Windows exports


@app.command("export")
def export_links(
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.",
        show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only links I saved.")] = False,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only links tagged T.",
                                            autocompletion=link_tags)] = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", metavar="html|json", help="html: a Netscape bookmark file "
        "(browsers, buku); json: teamspace's own fields.")] = "html",
    db: DbOption = None,
) -> None:
    """Export the links you see as a bookmark file browsers and buku import."""
    from teamspace.errors import InvalidInput
    from teamspace.store.links.interop import export_entries
    from teamspace.store.links.netscape import write_netscape

    ws = open_workspace(db)
    entries = export_entries(ws, mine=mine, tag=tag)
    if format == "html":
        text = write_netscape(entries, title=f"{ws.get_meta('name') or 'teamspace'} links")
    elif format == "json":
        from teamspace.dates import iso_utc
        from teamspace.text import json_text

        text = json_text([{**e, "created_at": iso_utc(e["created_at"]),
                           "updated_at": iso_utc(e["updated_at"])} for e in entries]) + "\n"
    else:
        raise InvalidInput(f"unknown format '{format}': use html or json")
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {len(entries)} links to {output}", err=True)
