"""Plain-text rendering of notes for the CLI: list lines, search hits with the match
highlighted, one note in full (Rich's Markdown on a terminal), outlines.

Colour uses click styles, which click strips when stdout is not a terminal.  Every
piece of text a user wrote passes through :func:`teamspace.text.clean` first, and Rich
gets it as Markdown source or ``Text`` objects, never as console markup.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from teamspace.dates import ago_stored
from teamspace.text import clean, one_line


def note_line(note: Any) -> str:
    """One note on one line: id, pin, title, notebook, author, when, tags."""
    pin = "📌 " if note.pinned else ""
    kind = typer.style("meeting ", fg="yellow") if note.kind == "meeting" else ""
    parts = [f"{note.id:>5} {pin}{kind}{typer.style(one_line(note.title, 60), bold=True)}",
             typer.style(clean(note.notebook, newlines=False), fg="blue"),
             typer.style(note.author, fg="green"),
             typer.style(ago_stored(note.updated_at), dim=True)]
    parts += [typer.style("#" + clean(tag, newlines=False), fg="magenta") for tag in note.tags]
    return "  ".join(parts)


def hit_lines(hit: Any) -> list[str]:
    """A search hit: its list line, then the snippet with the matches highlighted."""
    snippet = []
    for text, matched in hit.spans():
        piece = clean(text, newlines=False)
        snippet.append(typer.style(piece, bold=True, reverse=True) if matched else piece)
    return [note_line(hit.note), "      " + " ".join("".join(snippet).split())]


def editing_hint(editing: list[dict[str, str]]) -> str:
    """'bob is editing since 10:02' (local time), or ''."""
    if not editing:
        return ""
    from teamspace.dates import from_text

    parts = []
    for entry in editing:
        moment = from_text(entry["since"])
        clock = moment.astimezone().strftime("%H:%M") if moment else "?"
        parts.append(f"{entry['user']} is editing since {clock}")
    return "; ".join(parts)


def print_note(view: Any, *, raw: bool) -> None:
    """A note in full: Markdown rendered by Rich on a terminal; raw text when piped or
    asked for (then only the text, so it can be redirected into a file; cleaned like
    every output — the exact text is in ``--json`` and ``note export -o FILE``)."""
    body = view.shown_body()
    if raw or not sys.stdout.isatty():
        body = clean(body)
        sys.stdout.write(body if body.endswith("\n") or not body else body + "\n")
        return
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.text import Text

    console = Console(highlight=False)
    note = view.note
    head = Text()
    head.append(f"#{note.id} ", style="dim")
    head.append(clean(note.title, newlines=False), style="bold")
    head.append(f"  {clean(note.notebook, newlines=False)} · {note.author} · revision "
                f"{note.revision} · {ago_stored(note.updated_at)}", style="dim")
    if note.tags:
        head.append("  " + " ".join("#" + clean(t, newlines=False) for t in note.tags),
                    style="magenta")
    console.print(head)
    hint = editing_hint(view.editing)
    if hint:
        console.print(Text(hint, style="yellow"))
    console.print(Markdown(clean(body)))
    if view.files:
        console.print(Text("\nFiles", style="bold underline"))
        for file in view.files:
            console.print(Text(f"  {clean(file.name, newlines=False)}  {size_text(file.size)}"
                               f"  v{file.revision}  {file.author}", style=""))
    if view.comments:
        console.print(Text("\nComments", style="bold underline"))
        for comment in view.comments:
            line = Text(f"  {comment['author']}", style="green")
            line.append(f" · {ago_stored(comment['at'])}\n", style="dim")
            line.append("  " + clean(str(comment["text"])))
            console.print(line)


def size_text(size: int) -> str:
    """'812 B', '4.2 KB', '1.5 MB'."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def note_json(view: Any) -> dict[str, Any]:
    """A note in full as plain data for ``--json`` (times as ISO UTC)."""
    from teamspace.dates import iso_utc

    data: dict[str, Any] = view.note.to_json()
    data.pop("preview", None)
    data["created_at"], data["updated_at"] = iso_utc(data["created_at"]), iso_utc(
        data["updated_at"])
    data.update(uid=view.uid, body=view.body, shown_body=view.shown_body(),
                project=view.project, editing=view.editing,
                comments=[{**c, "at": iso_utc(c["at"])} for c in view.comments],
                files=[f.to_json() | {"updated_at": iso_utc(f.updated_at)}
                       for f in view.files],
                tasks={str(k): v for k, v in view.tasks.items()})
    return data


def summary_json(note: Any) -> dict[str, Any]:
    """A note in a list as plain data (times as ISO UTC)."""
    from teamspace.dates import iso_utc

    data: dict[str, Any] = note.to_json()
    data["created_at"], data["updated_at"] = iso_utc(data["created_at"]), iso_utc(
        data["updated_at"])
    return data
