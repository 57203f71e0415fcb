"""``teamspace note add|list|show|append|search``: the note commands in the CLI latency
budget.

They live apart from the other note commands so that ``teamspace note add`` imports
and builds only what it runs (docs/performance.md); the store and the renderer are
imported inside the commands.  No ``from __future__ import annotations``: Typer would
eval every annotation per call.
"""

import sys
from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
    since_text,
    submit,
)

app = make_app()


@complete.Completer
def note_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: ids of the notes this user may read, their titles as help."""
    from teamspace.store.notes.query import list_notes

    return complete.suggest(ctx, incomplete, lambda ws: [
        (n.id, n.title) for n in list_notes(ws, limit=200)])


@complete.Completer
def note_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: tags of the notes this user may read."""
    from teamspace.store.notes.query import known_tags

    return complete.tags(ctx, incomplete, lambda ws, word: known_tags(ws, prefix=word),
                         "notes")


IdArg = Annotated[int, typer.Argument(metavar="ID", help="A note id.", show_default=False,
                                      autocompletion=note_ids)]


@complete.Completer
def notebook_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the notebooks this user may read, who reads them as help."""
    from teamspace.store.notes.notebooks import list_notebooks

    return complete.suggest(ctx, incomplete, lambda ws: [
        (b.name, b.group or b.visibility) for b in list_notebooks(ws)])


NotebookOption = Annotated[str | None, typer.Option(
    "--notebook", "-n", metavar="N", help="The notebook (default: 'Notes', for everyone).",
    show_default=False, autocompletion=notebook_names)]
TagOption = Annotated[list[str] | None, typer.Option(
    "--tag", "-t", metavar="T", help="A tag (repeat for more).", show_default=False,
    autocompletion=note_tags)]


def read_body(path: str | None) -> str:
    """The text of a file ('-': stdin) as UTF-8 (undecodable bytes kept visibly)."""
    if path == "-" or path is None:
        return sys.stdin.read()
    from teamspace.errors import NotFound

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError as exc:
        raise NotFound(f"cannot read {path}: {exc.strerror}") from None


@app.command()
def add(
    title: Annotated[list[str], typer.Argument(
        metavar="TITLE", help="The title (several words are joined).", show_default=False)],
    notebook: NotebookOption = None,
    tag: TagOption = None,
    file: Annotated[str | None, typer.Option(
        "--file", "-f", metavar="PATH|-", help="Take the text from a file ('-': stdin). "
        "Piped stdin is read without it.", show_default=False)] = None,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Write the text in $EDITOR.")]
    = False,
    pin: Annotated[bool, typer.Option("--pin", help="Pin it to the top of lists.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a note; prints its id."""
    from teamspace.cli.compose import keeping_draft
    from teamspace.store.notes import notes

    precious = True
    if edit:
        from teamspace.cli.compose import from_editor

        body = from_editor()
    elif file is not None or not sys.stdin.isatty():
        body = read_body(file)
    else:
        body, precious = "", False
    ws = open_workspace(db)
    note_id = keeping_draft(body, precious, lambda: submit(
        ws, notes.create_note, title=" ".join(title), body=body, notebook=notebook,
        tags=list(tag or []), pinned=pin))
    print_json({"id": note_id}) if as_json else typer.echo(note_id)


@app.command("list")
def list_notes(
    notebook: NotebookOption = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only notes tagged T.",
                                            autocompletion=note_tags)] = None,
    author: Annotated[str | None, typer.Option("--author", "-a", metavar="USER",
                                               help="Only notes USER wrote.",
                                               autocompletion=complete.people)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="Only notes changed since WHEN (2h, yesterday, mon, "
        "2026-11-01).")] = None,
    pinned: Annotated[bool, typer.Option("--pinned", help="Only pinned notes.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most this many.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List notes: pinned first, then the most recently changed."""
    from teamspace.errors import InvalidInput
    from teamspace.store.notes import query

    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    found = query.list_notes(open_workspace(db), notebook=notebook, tag=tag, author=author,
                             since=since_text(since), pinned=pinned, limit=limit)
    from teamspace.cli.notes.render import note_line, summary_json

    if as_json:
        print_json([summary_json(note) for note in found])
    elif not found:
        typer.echo("No notes.", err=not sys.stdout.isatty())
    else:
        typer.echo("\n".join(note_line(note) for note in found))


@app.command()
def show(
    note_id: IdArg,
    raw: Annotated[bool, typer.Option("--raw", help="The Markdown text as is.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a note: rendered on a terminal, the raw text when piped or with --raw."""
    from teamspace.cli.notes.render import note_json, print_note
    from teamspace.store.notes import query

    view = query.get_note(open_workspace(db), note_id)
    if as_json:
        print_json(note_json(view))
    else:
        print_note(view, raw=raw)


@app.command()
def append(
    note_id: IdArg,
    text: Annotated[list[str], typer.Argument(
        metavar="TEXT", help="What to add at the end ('-' reads stdin).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Add a line at the end of a note (a quick log entry; never conflicts)."""
    from teamspace.cli.compose import keeping_draft
    from teamspace.store.notes import notes

    line = sys.stdin.read() if text == ["-"] else " ".join(text)
    ws = open_workspace(db)
    revision = keeping_draft(line, text == ["-"], lambda: submit(
        ws, notes.append_note, note_id=note_id, text=line))
    typer.echo(f"appended to #{note_id} (revision {revision})")


@app.command()
def search(
    query_words: Annotated[list[str], typer.Argument(
        metavar="QUERY", help='Words (all must match), "a phrase", word*, -word, a OR b.',
        show_default=False)],
    notebook: NotebookOption = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only notes tagged T.",
                                            autocompletion=note_tags)] = None,
    author: Annotated[str | None, typer.Option("--author", "-a", metavar="USER",
                                               help="Only notes USER wrote.",
                                               autocompletion=complete.people)] = None,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most this many.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search the notes you can read, best matches first."""
    from teamspace.store.notes.search import search as run

    hits = run(open_workspace(db), " ".join(query_words), notebook=notebook, tag=tag,
               author=author, limit=max(1, limit))
    from teamspace.cli.notes.render import hit_lines, summary_json

    if as_json:
        print_json([{"note": summary_json(h.note), "rank": h.rank,
                     "snippet": [{"text": text, "match": match} for text, match in h.spans()]}
                    for h in hits])
    elif not hits:
        typer.echo("No notes match.", err=not sys.stdout.isatty())
    else:
        typer.echo("\n".join(line for hit in hits for line in hit_lines(hit)))
    if hits.partial:
        from teamspace.store.core.search import RANK_WINDOW

        typer.echo(f"note: more than {RANK_WINDOW} notes match, so the best of the newest "
                   f"{RANK_WINDOW} are shown: add words to narrow the search", err=True)
