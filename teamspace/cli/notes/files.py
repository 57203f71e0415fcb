"""``teamspace note comment|attach|files|get|detach``: what sits beside a note.

Attachments are kept in the workspace with a checksum and every version; any bytes
are fine.  The size limit (20 MB) is ``attachment_limit_mb`` under ``[notes]`` in the
config file.  ``note get`` never writes outside the folder it is asked to, and never
overwrites a file without ``--force``.
"""

import os
import sys
from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json, submit
from teamspace.cli.notes.core import IdArg

app = make_app()
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The attachment's name.",
                                        show_default=False)]


def attachment_limit() -> int:
    """The attachment size limit in bytes (config ``[notes] attachment_limit_mb``)."""
    from teamspace.config import load_settings
    from teamspace.errors import WorkspaceError
    from teamspace.store.notes.files import DEFAULT_LIMIT

    section = load_settings().extra.get("notes", {})
    value = section.get("attachment_limit_mb") if isinstance(section, dict) else None
    if value is None:
        return DEFAULT_LIMIT
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise WorkspaceError("config file: [notes] attachment_limit_mb must be a positive "
                             "number of megabytes")
    return int(value * 1024 * 1024)


@app.command()
def comment(
    note_id: IdArg,
    text: Annotated[str | None, typer.Argument(
        metavar="TEXT", help="The comment; '-' reads stdin; leave out to open $EDITOR.",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Comment on a note (shown under it, live in the TUI)."""
    from teamspace.cli.compose import get_text, keeping_draft
    from teamspace.store.notes import comments

    body, precious = get_text(text)
    ws = open_workspace(db)
    comment_id = keeping_draft(body, precious, lambda: submit(
        ws, comments.add_comment, note_id=note_id, text=body))
    print_json({"id": comment_id, "note": note_id}) if as_json else \
        typer.echo(f"commented on #{note_id}")


@app.command()
def attach(
    note_id: IdArg,
    path: Annotated[str, typer.Argument(metavar="FILE", help="The file to attach.",
                                        show_default=False)],
    name: Annotated[str | None, typer.Option(
        "--name", metavar="NAME", help="Keep it under this name (default: the file's).",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Attach a file to a note (again under the same name: a new version)."""
    import mimetypes

    from teamspace.errors import InvalidInput, NotFound
    from teamspace.store.notes.files import attach_file, encode, limit_text

    limit = attachment_limit()
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InvalidInput(f"{path} is {size / (1024 * 1024):.1f} MB, over the attachment "
                               f"limit of {limit_text(limit)} (set attachment_limit_mb under "
                               "[notes] in the config file to change it)")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise NotFound(f"cannot read {path}: {exc.strerror}") from None
    result = submit(open_workspace(db), attach_file, note_id=note_id,
                    name=name or os.path.basename(path), content_b64=encode(data),
                    mime=mimetypes.guess_type(path)[0] or "", limit=limit)
    if as_json:
        print_json(result)
    elif not result["changed"]:
        typer.echo(f"#{note_id} has this file already (same checksum)")
    else:
        typer.echo(f"attached to #{note_id} as version {result['revision']} "
                   f"(sha256 {result['sha256'][:12]}…)")


@app.command()
def files(
    note_id: IdArg,
    versions: Annotated[str | None, typer.Option(
        "--versions", metavar="NAME", help="List every version of one file.",
        show_default=False)] = None,
    deleted: Annotated[bool, typer.Option("--deleted", help="Files in the trash.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List a note's attachments (or the versions of one)."""
    from teamspace.cli.notes.render import size_text
    from teamspace.dates import ago_stored
    from teamspace.store.notes import files as store
    from teamspace.store.notes import query as store_query
    from teamspace.text import one_line

    ws = open_workspace(db)
    if versions is not None:
        found = store.versions(ws, note_id, versions)
        if as_json:
            print_json([v.to_json() for v in found])
            return
        for version in found:
            typer.echo(f"v{version.revision:<4} {size_text(version.size):>9}  "
                       f"{version.sha256[:12]}  {version.author:<12} {ago_stored(version.at)}")
        return

    listed = store_query.files_of(ws, note_id, deleted=deleted)
    if as_json:
        print_json([f.to_json() for f in listed])
    elif not listed:
        typer.echo("No files.", err=not sys.stdout.isatty())
    for file in listed:
        typer.echo(f"{one_line(file.name, 60):<40} {size_text(file.size):>9}  "
                   f"v{file.revision}  {file.sha256[:12]}  {file.author}  "
                   f"{ago_stored(file.updated_at)}")


@app.command()
def get(
    note_id: IdArg,
    name: NameArg,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH|-", help="Where to write it ('-': stdout; default: "
        "its name in the current folder).", show_default=False)] = None,
    version: Annotated[int | None, typer.Option("--version", metavar="N",
                                                help="An earlier version.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
    = False,
    db: DbOption = None,
) -> None:
    """Save an attachment (checked against its checksum) to a file or stdout."""
    from teamspace.errors import InvalidInput
    from teamspace.store.notes.files import read_file, safe_file_name

    stored, data, digest, revision = read_file(open_workspace(db), note_id, name,
                                               revision=version)
    if output == "-":
        if sys.stdout.isatty() and not _plain_text(data):
            # Like curl: raw bytes could carry sequences the terminal would obey.
            raise InvalidInput(f"'{stored}' is binary or holds control characters, so it "
                               "is not written to a terminal: use -o FILE, or pipe it "
                               "(… | less)")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = output or safe_file_name(stored)
    if os.path.isdir(target):
        target = os.path.join(target, safe_file_name(stored))
    if os.path.exists(target) and not force:
        raise InvalidInput(f"{target} exists already: use --force or -o another path")
    with open(target, "wb") as handle:
        handle.write(data)
    typer.echo(f"wrote {target} (version {revision}, sha256 {digest[:12]}…)")


def _plain_text(data: bytes) -> bool:
    """True if ``data`` is UTF-8 text with nothing a terminal would obey in it."""
    from teamspace.text import clean

    try:
        text = data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return False
    return clean(text) == text


@app.command()
def detach(
    note_id: IdArg,
    name: NameArg,
    undo: Annotated[bool, typer.Option("--undo", help="Bring it back from the trash.")]
    = False,
    db: DbOption = None,
) -> None:
    """Move an attachment to the trash (its versions are kept), or bring it back."""
    from teamspace.store.notes.files import detach_file

    submit(open_workspace(db), detach_file, note_id=note_id, name=name, restore=undo)
    from teamspace.text import one_line

    shown = one_line(name, 60)
    typer.echo(f"{'restored' if undo else 'detached'} '{shown}' of #{note_id}"
               + ("" if undo else f" (undo: teamspace note detach {note_id} '{shown}' --undo)"))
