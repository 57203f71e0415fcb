"""``teamspace note edit|history|diff|delete|restore|trash``.

``note edit ID`` opens the note in $EDITOR.  While it is open, a heartbeat tells
others "you are editing since 10:02".  The save is based on the revision you opened:
if someone saved meanwhile, the changes are merged; if they overlap, the editor opens
again on the text with conflict markers (never a silent overwrite), and if you leave
markers in, nothing is saved and your text is kept as a draft.
"""

import sys
import threading
from typing import Annotated, Any

import typer

from teamspace.cli.common import (
    DbOption,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
    submit,
)
from teamspace.cli.notes.core import IdArg, NotebookOption, note_ids, note_tags, read_body

app = make_app()
HEARTBEAT_SECONDS = 20.0


class Heartbeat:
    """Say "editing" every 20 s in a thread until stopped (then say "left")."""

    def __init__(self, ws: Any, note_id: int) -> None:
        self.ws, self.note_id = ws, note_id
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _beat(self, leaving: bool = False) -> None:
        from teamspace.errors import TeamspaceError
        from teamspace.store.notes.comments import heartbeat

        try:
            heartbeat(self.ws, note_id=self.note_id, leaving=leaving)
        except TeamspaceError:
            pass  # presence is a hint: never fail an edit over it

    def _run(self) -> None:
        while not self.stop_event.wait(HEARTBEAT_SECONDS):
            self._beat()

    def __enter__(self) -> "Heartbeat":
        self._beat()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join(timeout=2)
        self._beat(leaving=True)


def _save_loop(ws: Any, note_id: int, text: str, base: int, title: str | None,
               interactive: bool) -> dict[str, Any]:
    """Save, merging; on a conflict let the user resolve it in the editor (again).
    Whatever fails, the user's text is kept as a draft."""
    from teamspace.cli.compose import from_editor, save_draft
    from teamspace.errors import InvalidInput, Queued, TeamspaceError
    from teamspace.store.notes.merge import has_markers
    from teamspace.store.notes.notes import MergeConflict, save_note

    while True:
        try:
            return dict(submit(ws, save_note, note_id=note_id, body=text, base_revision=base,
                               title=title))
        except Queued:
            raise  # the outbox has the text
        except MergeConflict as conflict:
            if not interactive:
                conflict.message += f" (your text is saved in {save_draft(text)})"
                raise
            typer.echo(f"{conflict.message}\nopening the editor on the merged text …",
                       err=True)
            text, base, title = from_editor(conflict.text), conflict.revision, conflict.title
            if has_markers(text):
                raise InvalidInput("conflict markers are still in the text, so nothing was "
                                   f"saved (your text is in {save_draft(text)})") from None
        except TeamspaceError as exc:
            exc.message += f" (your text is saved in {save_draft(text)})"
            raise


@app.command()
def edit(
    note_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", metavar="T", help="Replace the tags (repeat for more).",
        autocompletion=note_tags)] = None,
    pin: Annotated[bool | None, typer.Option("--pin/--unpin", help="Pin or unpin.",
                                             show_default=False)] = None,
    notebook: NotebookOption = None,
    file: Annotated[str | None, typer.Option(
        "--file", "-f", metavar="PATH|-", help="Take the new text from a file ('-': stdin) "
        "instead of $EDITOR.", show_default=False)] = None,
    base: Annotated[int | None, typer.Option(
        "--base", metavar="REV", help="With --file: the revision the text was edited from "
        "(default: the newest), so changes saved since are merged, not overwritten.",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Edit a note's text in $EDITOR (or from --file), or change its title, tags, pin or
    notebook with flags."""
    from teamspace.store.notes import notes, query

    ws = open_workspace(db)
    changes: dict[str, Any] = {}
    if tag is not None:
        changes["tags"] = tag
    if pin is not None:
        changes["pinned"] = pin
    if notebook:
        changes["notebook"] = notebook
    if changes or (title is not None and file is None):
        if title is not None and file is None:
            changes["title"] = title
        submit(ws, notes.edit_note, note_id=note_id, changes=changes)
        if file is None and as_json:
            print_json({"id": note_id, "changed": sorted(changes)})
            return
        if not as_json:
            typer.echo(f"#{note_id} changed")
        if file is None:
            return
    view = query.get_note(ws, note_id)
    revision = base if base is not None else view.note.revision
    if file is not None:
        result = _save_loop(ws, note_id, read_body(file), revision, title, False)
    else:
        from teamspace.cli.compose import from_editor
        from teamspace.cli.notes.render import editing_hint

        hint = editing_hint(view.editing)
        if hint:
            typer.echo(f"note: {hint} — your changes will be merged with theirs", err=True)
        with Heartbeat(ws, note_id):
            text = from_editor(view.body)
            result = _save_loop(ws, note_id, text, revision, None, sys.stdin.isatty())
    if as_json:
        print_json(result)
    elif not result["changed"]:
        typer.echo(f"#{note_id} unchanged")
    elif result["merged"]:
        typer.echo(f"saved #{note_id} revision {result['revision']}, merged with the changes "
                   f"{', '.join(result['with'])} saved meanwhile")
    else:
        typer.echo(f"saved #{note_id} revision {result['revision']}")


@app.command()
def history(note_id: IdArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every saved version of a note, oldest first."""
    from teamspace.cli.notes.render import size_text
    from teamspace.dates import ago_stored
    from teamspace.store.notes import query
    from teamspace.text import one_line

    found = query.history(open_workspace(db), note_id)
    if as_json:
        print_json([v.to_json() for v in found])  # Version.TIMES: ISO
        return
    for version in found:
        typer.echo(f"{version.revision:>4}  {ago_stored(version.at):>16}  {version.author:<12} "
                   f"{version.action:<10} {size_text(version.size):>9}  "
                   f"{one_line(version.title, 40)}")


@app.command()
def diff(
    note_id: IdArg,
    old: Annotated[int | None, typer.Argument(metavar="A", help="From revision A "
                                              "(default: the one before B).")] = None,
    new: Annotated[int | None, typer.Argument(metavar="B", help="To revision B "
                                              "(default: the newest).")] = None,
    db: DbOption = None,
) -> None:
    """What changed between two revisions (unified diff)."""
    from teamspace.store.notes import query
    from teamspace.text import clean

    a, b, lines = query.diff(open_workspace(db), note_id, old, new)
    if not lines:
        typer.echo(f"revisions {a} and {b} are the same", err=not sys.stdout.isatty())
        return
    for line in lines:
        text = clean(line.rstrip("\n"))
        colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
        typer.echo(typer.style(text, fg=colour) if colour else text)


@app.command()
def delete(ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Note ids.",
                                                    show_default=False,
                                                    autocompletion=note_ids)],
           db: DbOption = None) -> None:
    """Move notes to the trash ('note restore ID' brings one back)."""
    from teamspace.store.notes import notes

    ws = open_workspace(db)
    for note_id in ids:
        submit(ws, notes.delete_note, note_id=note_id)
        typer.echo(f"deleted #{note_id} (undo: teamspace note restore {note_id})")


@app.command()
def restore(
    note_id: IdArg,
    version: Annotated[int | None, typer.Option(
        "--version", metavar="N", help="Make the text what it was at revision N (saved as "
        "a new revision; nothing is lost).", show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Bring a note back from the trash, or back to an earlier version."""
    from teamspace.store.notes import notes

    ws = open_workspace(db)
    if version is None:
        submit(ws, notes.restore_note, note_id=note_id)
        typer.echo(f"restored #{note_id}")
        return
    revision = submit(ws, notes.restore_version, note_id=note_id, revision=version)
    typer.echo(f"#{note_id} is as it was at revision {version} (now revision {revision})")


@app.command()
def trash(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Deleted notes and deleted attachments, most recently deleted first."""
    from teamspace.cli.notes.render import note_line, size_text, summary_json
    from teamspace.store.notes import query
    from teamspace.text import one_line

    found, files = query.trash(open_workspace(db))
    if as_json:
        print_json({"notes": [summary_json(n) for n in found], "files": files})
        return
    if not found and not files:
        typer.echo("The trash is empty.", err=not sys.stdout.isatty())
    for note in found:
        typer.echo(note_line(note))
    for file in files:
        typer.echo(f"  file {one_line(file['name'], 50)} ({size_text(file['size'])}) of note "
                   f"#{file['note']} {one_line(file['title'], 40)} — teamspace note detach "
                   f"{file['note']} NAME --undo")
