"""A folder of Markdown files, as Obsidian, nb and most note tools keep notes: read it
for import, write a notebook out as one.

Each ``.md`` file is a note; its front matter (store/notes/frontmatter.py) may give
``title``, ``tags``, ``created``/``date``, ``updated``, ``pinned`` and ``uid``.  A
note's attachments sit in ``<file name without .md>.files/`` beside it.  Exported
files carry the note's ``uid``; a file without one is known by its path in the
folder — so importing a folder again updates what changed and adds nothing twice,
and importing an export of a notebook changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from typing import Any

from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.notes import frontmatter
from teamspace.store.notes.files import encode, safe_file_name
from teamspace.store.notes.interop import stored_time, title_from

SKIP_DIRS = {".obsidian", ".git", ".trash", "node_modules"}


def _files_of(md_path: str) -> list[dict[str, Any]]:
    folder = md_path[:-3] + ".files"
    if not os.path.isdir(folder):
        return []
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                found.append({"name": name, "content_b64": encode(handle.read()), "mime": ""})
    return found


def note_from_file(path: str, relative: str) -> dict[str, Any]:
    """One Markdown file as a note to import."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # old files: every byte is some character
    fields, body = frontmatter.split(text)
    stem = os.path.splitext(os.path.basename(relative))[0]
    tags = fields.get("tags") or fields.get("tag") or []
    created = stored_time(fields.get("created") or fields.get("date"))
    if created is None:
        from datetime import UTC, datetime

        from teamspace.dates import to_text

        created = to_text(datetime.fromtimestamp(os.path.getmtime(path), UTC))
    uid = fields.get("uid") or "md-" + hashlib.sha256(
        relative.replace(os.sep, "/").encode()).hexdigest()[:32]
    return {"uid": str(uid), "title": title_from(fields.get("title"), body, stem),
            "body": body, "tags": tags if isinstance(tags, list) else [tags],
            "pinned": bool(fields.get("pinned")), "created_at": created,
            "updated_at": stored_time(fields.get("updated")) or created,
            "source": f"markdown:{relative}"[:200], "files": _files_of(path)}


def read_folder(folder: str) -> Iterator[dict[str, Any]]:
    """Every ``.md`` file under ``folder`` (hidden and tool folders skipped), in path
    order, as notes to import."""
    if not os.path.isdir(folder):
        raise NotFound(f"{folder} is not a folder")
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not d.endswith(".files"))
        for name in sorted(names):
            if name.lower().endswith(".md") and not name.startswith("."):
                path = os.path.join(root, name)
                yield note_from_file(path, os.path.relpath(path, folder))


def slug(title: str) -> str:
    """A file name from a title: lowercase words joined by '-', at most 60 characters."""
    words = re.sub(r"[^\w]+", "-", title.lower(), flags=re.UNICODE).strip("-_")
    return words[:60].rstrip("-") or "note"


def export_files(ws: Workspace, notebook: str) -> list[tuple[str, bytes]]:
    """(relative path, contents) of every file that exports a notebook: one Markdown
    file with front matter per note, attachments in ``<name>.files/``."""
    from teamspace.dates import iso_utc
    from teamspace.store.notes import notebooks
    from teamspace.store.notes.access import tags_of

    def run(session: Session) -> list[tuple[str, bytes]]:
        book = notebooks.find(session, notebook)
        out: list[tuple[str, bytes]] = []
        used: set[str] = set()
        for row in session.all("SELECT * FROM note WHERE notebook_id = :nb AND deleted_at "
                               "IS NULL ORDER BY id", {"nb": book["id"]}):
            name = slug(row["title"])
            stem, number = name, 2
            while name in used:
                name, number = f"{stem}-{number}", number + 1
            used.add(name)
            head = frontmatter.dump({
                "title": row["title"], "uid": row["uid"], "tags": tags_of(session,
                                                                          int(row["id"])),
                "created": iso_utc(row["created_at"]), "updated": iso_utc(row["updated_at"]),
                "author": row["author"], "pinned": bool(row["pinned"])})
            out.append((f"{name}.md", (head + row["body"]).encode("utf-8")))
            for file in session.all(
                    "SELECT f.name, b.data FROM note_file f JOIN note_blob b ON b.sha256 = "
                    "f.sha256 WHERE f.note_id = :n AND f.deleted_at IS NULL ORDER BY f.name",
                    {"n": row["id"]}):
                out.append((f"{name}.files/{safe_file_name(file['name'])}",
                            bytes(file["data"])))
        return out

    return ws.read(run)


def write_files(folder: str, files: list[tuple[str, bytes]], *, force: bool = False) -> None:
    """Write exported files under ``folder`` (made if missing); refuse to overwrite an
    existing file unless ``force``."""
    if not force:
        clash = [rel for rel, _ in files if os.path.exists(os.path.join(folder, rel))]
        if clash:
            raise InvalidInput(f"{os.path.join(folder, clash[0])} exists already "
                               f"({len(clash)} file(s) would be overwritten): use --force "
                               "or an empty folder")
    for relative, data in files:
        path = os.path.join(folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
