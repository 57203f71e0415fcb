"""Evernote's export format (ENEX, evernote-export*.dtd) as notes to import.

``<en-export>`` holds ``<note>``s: ``title``, ``content`` (ENML — XHTML in a CDATA
section), ``created``/``updated`` (``20130730T205204Z``), ``tag``s, ``note-attributes``
(``source-url``…) and ``resource``s (base64 ``data``, ``mime``, a ``file-name``),
which ``<en-media hash="md5">`` places in the text.  ENML becomes Markdown: headings,
paragraphs, lists, checkboxes (``<en-todo checked="true"/>`` → ``- [x]``), links,
bold/italic, code, tables as rows of cells; media become references to the attached
files; encrypted text is not importable and says so.  The file is read note by note,
so a large export is not held in memory at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import IO, Any

from teamspace.errors import InvalidInput
from teamspace.store.notes.files import check_file_name, encode
from teamspace.store.notes.interop import title_from

BLOCKS = {"div", "p", "blockquote", "table", "tr", "center", "address", "dl", "dt", "dd",
          "section", "article", "header", "footer"}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
              "application/pdf": ".pdf", "audio/wav": ".wav", "audio/mpeg": ".mp3",
              "audio/amr": ".amr", "text/plain": ".txt"}


class _Markdown(HTMLParser):
    """ENML to Markdown, one pass."""

    def __init__(self, media: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.lines: list[str] = []
        self.line = ""
        self.lists: list[list[Any]] = []  # [kind, counter]
        self.link: str | None = None
        self.pre = 0
        self.heading = 0
        self.skip = 0
        self.placed: set[str] = set()

    def flush(self, blank: bool = False) -> None:
        text = self.line.rstrip()
        if text.strip():
            self.lines.append(text)
        elif blank and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.line = ""

    def _prefix(self) -> str:
        if self.heading:
            return "#" * self.heading + " "
        if self.lists:
            kind = self.lists[-1]
            indent = "   " * (len(self.lists) - 1)
            if kind[0] == "ol":
                return f"{indent}{kind[1]}. "
            return f"{indent}- "
        return ""

    def write(self, text: str) -> None:
        if not self.line.strip():
            self.line = self._prefix() if not self.line else self.line
        self.line += text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("en-crypt", "style", "script", "title"):
            self.skip += 1
            if tag == "en-crypt":
                self.write("[encrypted text: not importable]")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush(blank=True)
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            if self.lists:
                self.lists[-1][1] += 1
            self.line = self._prefix()
        elif tag == "br":
            self.flush(blank=not self.line.strip())
        elif tag == "hr":
            self.flush(blank=True)
            self.lines.append("---")
        elif tag in BLOCKS:
            self.flush()
        elif tag == "td" or tag == "th":
            self.write("| ")
        elif tag == "pre":
            self.flush(blank=True)
            self.lines.append("```")
            self.pre += 1
        elif tag == "en-todo":
            box = "[x] " if values.get("checked") == "true" else "[ ] "
            if not self.line.strip():
                self.line = self._prefix() or "- "
            self.line += box
        elif tag == "en-media":
            digest = str(values.get("hash") or "").lower()
            name = self.media.get(digest, "")
            if not name:  # a hash that matches no resource: take the next unplaced one
                unplaced = [n for h, n in self.media.items() if h not in self.placed]
                name = unplaced[0] if unplaced else ""
                digest = next((h for h, n in self.media.items() if n == name), digest)
            self.placed.add(digest)
            self.write(f"[attachment: {name}]" if name else "[attachment not in the export]")
        elif tag in ("b", "strong"):
            self.write("**")
        elif tag in ("i", "em"):
            self.write("*")
        elif tag == "code" and not self.pre:
            self.write("`")
        elif tag == "a":
            self.link = values.get("href")
            if self.link:
                self.write("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("en-crypt", "style", "script", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.heading = 0
            self.lines.append("")
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.lines.append("")
        elif tag == "li" or tag in BLOCKS:
            self.flush()
        elif tag in ("td", "th"):
            self.line += " "
        elif tag == "pre":
            self.flush()
            self.lines.append("```")
            self.pre = max(0, self.pre - 1)
        elif tag in ("b", "strong"):
            self.line += "**"
        elif tag in ("i", "em"):
            self.line += "*"
        elif tag == "code" and not self.pre:
            self.line += "`"
        elif tag == "a" and self.link:
            self.line += f"]({self.link})"
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            parts = data.split("\n")
            self.line += parts[0]
            for part in parts[1:]:
                self.lines.append(self.line)
                self.line = part
            return
        text = re.sub(r"\s+", " ", data)
        if not self.line.strip():
            text = text.lstrip()
        if text:
            self.write(text)

    def markdown(self) -> str:
        self.flush()
        text = "\n".join(self.lines)
        text = re.sub(r"\*\*(\s*)\*\*", r"\1", text)  # empty bold from nested markup
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def enml_to_markdown(enml: str, media: dict[str, str] | None = None) -> str:
    """ENML (the XHTML of an Evernote note) as Markdown."""
    parser = _Markdown(media or {})
    enml = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", enml)
    parser.feed(enml)
    parser.close()
    return parser.markdown()


def _time(text: str | None) -> str | None:
    if not text:
        return None
    try:
        moment = datetime.strptime(text.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    from teamspace.dates import to_text

    return to_text(moment)


def _resources(note: Any, warnings: list[str], title: str) -> tuple[list[dict[str, Any]],
                                                                        dict[str, str]]:
    files: list[dict[str, Any]] = []
    media: dict[str, str] = {}
    used: set[str] = set()
    for number, resource in enumerate(note.findall("resource"), start=1):
        raw = "".join(resource.find("data").itertext()) if resource.find("data") is not None \
            else ""
        try:
            data = base64.b64decode(re.sub(r"\s+", "", raw), validate=True)
        except (binascii.Error, ValueError):
            warnings.append(f"'{title}': attachment {number} has damaged contents; skipped")
            continue
        mime = (resource.findtext("mime") or "").strip()
        name = (resource.findtext("resource-attributes/file-name") or "").strip()
        digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
        try:
            name = check_file_name(name) if name else ""
        except InvalidInput:
            name = ""
        if not name:
            name = f"attachment-{digest[:8]}{EXTENSIONS.get(mime, '')}"
        stem, extension = (name.rsplit(".", 1) + [""])[:2] if "." in name else (name, "")
        candidate, counter = name, 2
        while candidate in used:
            candidate = f"{stem}-{counter}" + (f".{extension}" if extension else "")
            counter += 1
        used.add(candidate)
        media[digest] = candidate
        files.append({"name": candidate, "content_b64": encode(data), "mime": mime})
    return files, media


def read_enex(stream: IO[bytes], warnings: list[str] | None = None
              ) -> Iterator[dict[str, Any]]:
    """The notes of an ENEX export as notes to import (``warnings`` collects what was
    skipped)."""
    from xml.etree import ElementTree as ET

    warnings = warnings if warnings is not None else []
    head = stream.read(4096)
    if b"<!ENTITY" in head:
        raise InvalidInput("this ENEX file declares XML entities; refusing to expand them")
    stream.seek(0)
    seen_root = False
    try:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                if not seen_root and element.tag != "en-export":
                    raise InvalidInput("this is not an Evernote export (no <en-export>)")
                seen_root = True
                continue
            if element.tag != "note":
                continue
            yield _note(element, warnings)
            element.clear()
    except ET.ParseError as exc:
        raise InvalidInput(f"this ENEX file is not readable XML: {exc}") from None


def _note(element: Any, warnings: list[str]) -> dict[str, Any]:
    title = " ".join((element.findtext("title") or "").split())
    created = _time(element.findtext("created"))
    files, media = _resources(element, warnings, title or "untitled")
    content = element.findtext("content") or ""
    body = enml_to_markdown(content, media) if content.strip() else ""
    source = (element.findtext("note-attributes/source-url") or "").strip()
    if source:
        body = body.rstrip("\n") + ("\n\n" if body.strip() else "") + f"Source: <{source}>\n"
    identity = f"{title}\x00{element.findtext('created') or ''}".encode()
    return {"uid": "enex-" + hashlib.sha256(identity).hexdigest()[:32],
            "title": title_from(title, body, "Untitled (Evernote)"), "body": body,
            "tags": [t.text or "" for t in element.findall("tag")], "pinned": False,
            "created_at": created, "updated_at": _time(element.findtext("updated")) or created,
            "source": "enex", "files": files}
