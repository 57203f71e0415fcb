"""``teamspace note import``: notes from a folder of Markdown files (Obsidian, nb…),
jrnl's JSON export, an Evernote export (ENEX) or an OPML outline.

Imports are idempotent: notes are recognised (by their front matter ``uid``, file path,
jrnl date and title, or Evernote title and creation time), so importing the same
thing again updates what changed and adds nothing twice.  Large imports are written
in batches of short writes.
"""

import os
from typing import Annotated, Any

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json, submit
from teamspace.cli.notes.core import NotebookOption

app = make_app()
SOURCES = ("md", "jrnl", "enex", "opml")


@app.command("import")
def import_(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A folder (md) or a file "
                                        "('-': stdin for jrnl).", show_default=False)],
    source: Annotated[str, typer.Option(
        "--from", metavar="md|jrnl|enex|opml", help="What PATH is: a folder of Markdown "
        "files, `jrnl --export json` output, an Evernote .enex export, an OPML outline.")],
    notebook: NotebookOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import notes; importing the same thing again changes nothing."""
    import sys

    from teamspace.errors import InvalidInput, NotFound
    from teamspace.store.notes import interop

    if source not in SOURCES:
        raise InvalidInput(f"--from is one of {', '.join(SOURCES)}, not '{source}'")
    warnings: list[str] = []
    ws = open_workspace(db)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    notes: Any
    handle = None
    try:
        if source == "md":
            from teamspace.store.notes.folder import read_folder

            notes = read_folder(path)
        elif path == "-":
            data = sys.stdin.buffer.read()
            notes = _from_bytes(source, data, "stdin", warnings)
        elif not os.path.isfile(path):
            raise NotFound(f"{path} is not a file")
        elif source == "enex":
            from teamspace.store.notes.enex import read_enex

            handle = open(path, "rb")  # noqa: SIM115 - read note by note, closed below
            notes = read_enex(handle, warnings)
        else:
            with open(path, "rb") as stream:
                notes = _from_bytes(source, stream.read(), os.path.basename(path), warnings)
        for batch in interop.batches(notes):
            result = submit(ws, interop.import_notes, notes=batch, notebook=notebook)
            for key in counts:
                counts[key] += int(result[key])
    finally:
        if handle is not None:
            handle.close()
    if as_json:
        print_json({**counts, "warnings": warnings})
        return
    from teamspace.text import one_line

    for warning in warnings:
        typer.echo(f"warning: {one_line(warning, 200)}", err=True)
    typer.echo(f"imported: {counts['created']} new, {counts['updated']} updated, "
               f"{counts['unchanged']} unchanged")


def _from_bytes(source: str, data: bytes, name: str, warnings: list[str]) -> Any:
    if source == "jrnl":
        from teamspace.store.notes.jrnl import read_jrnl

        return list(read_jrnl(data))
    if source == "enex":
        import io

        from teamspace.store.notes.enex import read_enex

        return list(read_enex(io.BytesIO(data), warnings))
    import hashlib

    from teamspace.store.notes.outline import from_opml

    title, body = from_opml(data, os.path.splitext(name)[0])
    return [{"uid": "opml-" + hashlib.sha256(data).hexdigest()[:32], "title": title,
             "body": body, "tags": ["outline"], "source": f"opml:{name}"[:200]}]
