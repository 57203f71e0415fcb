"""The Netscape bookmark file: what Firefox, Chrome, Safari, Diigo, Delicious, Shaarli
and buku export, and what they all import.

Reading keeps each link's URL, title, ``ADD_DATE``/``LAST_MODIFIED``, ``TAGS``, the
``<DD>`` note and ``PRIVATE``; the folders it sits in become tags (the browsers' own
root folders — toolbar, menu, "Other bookmarks" — do not).  Writing produces one flat
list (tags in ``TAGS``, notes in ``<DD>``) with every value escaped.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from teamspace.dates import from_text
from teamspace.store.links.links import STRIPPED, tag_from, untrusted

# Folders every browser makes: where a bookmark sits, not what it is about.
ROOT_FOLDERS = {"bookmarks toolbar", "bookmarks bar", "bookmarks menu", "other bookmarks",
                "mobile bookmarks", "personal toolbar", "favorites bar", "favourites bar",
                "unsorted bookmarks", "imported", "menu", "toolbar", "unfiled"}
ROOT_ATTRIBUTES = ("personal_toolbar_folder", "unfiled_bookmarks_folder")


def epoch_text(value: Any) -> str | None:
    """An ADD_DATE (seconds; some tools write milliseconds or microseconds) as stored
    UTC text, or None."""
    from datetime import UTC, datetime

    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    while number > 1e11:  # milliseconds or microseconds since 1970
        number /= 1000
    if number <= 0:
        return None
    from teamspace.dates import to_text

    return to_text(datetime.fromtimestamp(number, UTC))


class _Reader(HTMLParser):
    def __init__(self, folder_tags: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.folder_tags = folder_tags
        self.records: list[dict[str, Any]] = []
        self.folders: list[str | None] = []  # one per open <DL>: its folder's tag
        self.pending_folder: str | None = None  # an <H3> waiting for its <DL>
        self.in_folder_name = False
        self.folder_name = ""
        self.folder_is_root = False
        self.current: dict[str, Any] | None = None  # the <A> being read
        self.note_for: dict[str, Any] | None = None  # the link a <DD> belongs to
        self.in_note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "dl":
            self.folders.append(self.pending_folder)
            self.pending_folder = None
            self._end_note()
        elif tag == "h3":
            self._end_note()
            self.in_folder_name, self.folder_name = True, ""
            self.folder_is_root = any(values.get(a) == "true" for a in ROOT_ATTRIBUTES)
        elif tag == "a":
            self._end_note()
            self.current = {"url": values.get("href", ""), "title": "",
                            "created_at": epoch_text(values.get("add_date")),
                            "updated_at": epoch_text(values.get("last_modified")),
                            "tags": [t for t in values.get("tags", "").split(",") if t.strip()],
                            "private": values.get("private", "0").strip() == "1", "note": ""}
        elif tag == "dd":
            self.in_note = self.note_for is not None
        elif tag in ("dt", "hr"):
            self._end_note()

    def _end_note(self) -> None:
        # A <DD> belongs to the link right before it, until the next element starts.
        self.in_note = False
        self.note_for = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.current is not None:
            record = self.current
            self.current = None
            if self.folder_tags:
                record["tags"] += [name for name in self.folders if name]
            self.records.append(record)
            self.note_for = record
        elif tag == "h3":
            self.in_folder_name = False
            name = " ".join(self.folder_name.split())
            root = self.folder_is_root or name.lower() in ROOT_FOLDERS or not self.folders
            self.pending_folder = None if root and len(self.folders) <= 1 else tag_from(name)
        elif tag == "dl":
            self._end_note()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["title"] += data
        elif self.in_folder_name:
            self.folder_name += data
        elif self.in_note and self.note_for is not None:
            self.note_for["note"] += data


def read_netscape(text: str, *, folder_tags: bool = True) -> list[dict[str, Any]]:
    """The bookmarks in a Netscape bookmark file, as import records ({url, title, note,
    tags, created_at, updated_at, private}); titles and notes are cleaned, tags are
    ours (folder names and foreign tags made valid, or dropped)."""
    if "<a" not in text.lower() and "netscape-bookmark" not in text[:500].lower():
        from teamspace.errors import InvalidInput

        raise InvalidInput("this is not a bookmark file (no <A HREF=…> links in it)")
    reader = _Reader(folder_tags)
    reader.feed(text)
    reader.close()
    records = []
    for record in reader.records:
        tags: list[str] = []
        for raw in record["tags"]:
            tag = tag_from(raw)
            if tag and tag not in tags:
                tags.append(tag)
        records.append({**record, "title": untrusted(record["title"], 500),
                        "note": untrusted(record["note"], 10_000, lines=True), "tags": tags})
    return records


# Controls, bidi and zero-width characters are written as character references: the
# file keeps the exact text, and `cat` of it cannot move a terminal.
_REFERENCES = {code: f"&#x{code:X};" for code in STRIPPED if code not in (9, 10)}


def _escape(text: str, *, quote: bool) -> str:
    return html.escape(text, quote=quote).translate(_REFERENCES)


def _epoch(stored: str | None) -> str:
    moment = from_text(stored)
    return "" if moment is None else str(int(moment.timestamp()))


def write_netscape(entries: list[dict[str, Any]], *, title: str = "Bookmarks") -> str:
    """A Netscape bookmark file of ``entries`` ({url, title, note, tags, created_at,
    updated_at, private}), readable by browsers, buku and teamspace."""
    lines = ["<!DOCTYPE NETSCAPE-Bookmark-file-1>",
             "<!-- This is an automatically generated file.",
             "     It will be read and overwritten.",
             "     DO NOT EDIT! -->",
             '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
             f"<TITLE>{_escape(title, quote=False)}</TITLE>",
             f"<H1>{_escape(title, quote=False)}</H1>",
             "", "<DL><p>"]
    for entry in entries:
        attributes = [f'HREF="{_escape(entry["url"], quote=True)}"']
        added, modified = _epoch(entry.get("created_at")), _epoch(entry.get("updated_at"))
        if added:
            attributes.append(f'ADD_DATE="{added}"')
        if modified:
            attributes.append(f'LAST_MODIFIED="{modified}"')
        if entry.get("private"):
            attributes.append('PRIVATE="1"')
        if entry.get("tags"):
            attributes.append(f'TAGS="{_escape(",".join(entry["tags"]), quote=True)}"')
        text = _escape(entry.get("title") or entry["url"], quote=False)
        lines.append(f"    <DT><A {' '.join(attributes)}>{text}</A>")
        if entry.get("note"):
            lines.append(f"    <DD>{_escape(entry['note'], quote=False)}")
    lines += ["</DL><p>", ""]
    return "\n".join(lines)
