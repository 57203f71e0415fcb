"""How notes look in the pane, as Rich ``Text`` (never markup): list rows, search
snippets with the matches highlighted, files and comments, the presence hint."""

from __future__ import annotations

from rich.text import Text

from teamspace.dates import ago_stored, from_text
from teamspace.store.core.search import marked_spans
from teamspace.store.notes.query import NoteSummary, NoteView
from teamspace.text import clean, one_line
from teamspace.tui.widgets.itemlist import ItemList


def note_text(note: NoteSummary, snippet: str | None = None) -> Text:
    """A note in the list: pin and title; author, when and tags below (each line cut
    with … where the list is narrow); a search snippet under them."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if note.pinned:
        text.append("📌 ")
    if note.kind == "meeting":
        text.append("◷ ", style="yellow")
    text.append(one_line(note.title, 120), style="bold")
    text.append("\n  ")
    text.append(f"{note.author} · {ago_stored(note.updated_at)}", style="dim")
    for tag in note.tags:
        text.append("  ")
        text.append("#" + clean(tag, newlines=False), style="magenta")
    if snippet is not None:
        text.append("\n  ")
        for piece, matched in marked_spans(snippet):
            text.append(" ".join(clean(piece, newlines=False).split(" ")),
                        style="bold reverse" if matched else "dim")
    return text


def presence_text(view: NoteView | None) -> Text:
    """'bob is editing since 10:02' (yellow) or nothing."""
    text = Text()
    if view is None:
        return text
    for entry in view.editing:
        moment = from_text(entry["since"])
        clock = moment.astimezone().strftime("%H:%M") if moment else "?"
        text.append(f"✎ {entry['user']} is editing since {clock}  ", style="bold yellow")
    return text


def extras_text(view: NoteView | None) -> Text:
    """Header, files and comments of a note (under the viewer)."""
    text = Text()
    if view is None:
        return Text("No note selected.", style="dim")
    note = view.note
    text.append(f"#{note.id} · {clean(note.notebook, newlines=False)} · {note.author} · "
                f"revision {note.revision} · {ago_stored(note.updated_at)}\n", style="dim")
    if view.files:
        text.append("Files\n", style="bold underline")
        for file in view.files:
            text.append(f"  📎 {one_line(file.name, 60)}", style="cyan")
            text.append(f"  {file.size} B · v{file.revision} · {file.author}\n", style="dim")
    text.append(f"Comments ({len(view.comments)})\n", style="bold underline")
    for comment in view.comments:
        text.append(str(comment["author"]), style="green")
        text.append(f" · {ago_stored(str(comment['at']))}  ", style="dim")
        text.append(clean(str(comment["text"])) + "\n")
    return text


class NoteList(ItemList[NoteSummary]):
    """Notes (or search hits), keeping the cursor on the same note across reloads."""

    PREFIX = "note"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.snippets: dict[int, str] = {}

    def item_text(self, item: NoteSummary) -> Text:
        """A note as the list shows it."""
        return note_text(item, self.snippets.get(item.id))

    def show_notes(self, notes: list[NoteSummary], snippets: dict[int, str],
                   partial: bool = False) -> None:
        """Replace the content (a search that matched too many to rank all says so)."""
        self.snippets = snippets
        rows: list[NoteSummary | Text] = list(notes)
        if partial:
            from teamspace.store.core.search import RANK_WINDOW

            rows.insert(0, Text(f"more than {RANK_WINDOW} match: the newest ranked — "
                                "add words", style="italic yellow"))
        self.show(rows)
