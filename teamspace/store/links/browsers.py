"""Bookmarks from other programs' own databases: buku's ``bookmarks.db`` and Firefox's
``places.sqlite``.  Both are read from a private copy, opened read-only, so the program
that owns the file (Firefox keeps its database locked while it runs) is never touched.

The records have the shape the importer takes (``interop.import_links``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from teamspace.errors import InvalidInput
from teamspace.store.links.links import tag_from, untrusted
from teamspace.store.links.netscape import ROOT_FOLDERS, epoch_text

T = TypeVar("T")
FIREFOX_ROOTS = ("root________", "menu________", "toolbar_____", "unfiled_____",
                 "mobile______", "tags________")


@contextmanager
def _copy(path: str) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a private copy of the SQLite file at ``path``."""
    if not os.path.isfile(path):
        raise InvalidInput(f"{path}: no such file")
    with tempfile.TemporaryDirectory(prefix="teamspace-import-") as folder:
        copy = os.path.join(folder, "copy.sqlite")
        shutil.copyfile(path, copy)
        for suffix in ("-wal",):  # Firefox runs in WAL mode: recent bookmarks live there
            if os.path.exists(path + suffix):
                shutil.copyfile(path + suffix, copy + suffix)
        connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        try:
            yield connection
        except sqlite3.DatabaseError as exc:
            raise InvalidInput(f"{path} cannot be read: {exc}") from None
        finally:
            connection.close()


def _tables(connection: sqlite3.Connection) -> set[str]:
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        return set()


def _read(path: str, kind: str, needed: str, reader: Callable[[sqlite3.Connection], T]
          ) -> T:
    with _copy(path) as connection:
        if needed not in _tables(connection):
            raise InvalidInput(f"{path} is not {kind} (it has no '{needed}' table)")
        return reader(connection)


def read_buku(path: str) -> list[dict[str, Any]]:
    """buku's bookmarks (URL, title, ``,tags,``, description).  buku keeps no dates, so
    the import time is used."""
    def body(connection: sqlite3.Connection) -> list[dict[str, Any]]:
        records = []
        for row in connection.execute("SELECT URL, metadata, tags, desc FROM bookmarks "
                                      "ORDER BY id"):
            tags = [tag for raw in str(row["tags"] or "").split(",")
                    if (tag := tag_from(raw)) is not None]
            records.append({"url": str(row["URL"] or ""),
                            "title": untrusted(row["metadata"], 500),
                            "note": untrusted(row["desc"], 10_000, lines=True),
                            "tags": list(dict.fromkeys(tags)), "created_at": None,
                            "updated_at": None, "private": False})
        return records

    return _read(path, "a buku database", "bookmarks", body)


def read_places(path: str, *, folder_tags: bool = True) -> list[dict[str, Any]]:
    """Firefox's bookmarks: title, URL, when added and changed, its tags (Firefox keeps
    them as folders under the tags root), its folders as tags, and the description
    older versions kept as an annotation."""
    def body(connection: sqlite3.Connection) -> list[dict[str, Any]]:
        folders = {int(r["id"]): r for r in connection.execute(
            "SELECT id, parent, title, guid FROM moz_bookmarks WHERE type = 2")}
        tags_root = next((i for i, r in folders.items() if r["guid"] == "tags________"),
                         None)
        tags: dict[int, list[str]] = {}
        rows = connection.execute(
            "SELECT b.id, b.fk, b.parent, b.title, b.dateAdded, b.lastModified, p.url, "
            "p.title AS page_title FROM moz_bookmarks b JOIN moz_places p ON p.id = b.fk "
            "WHERE b.type = 1 ORDER BY b.id").fetchall()
        for row in rows:
            folder = folders.get(int(row["parent"]))
            if tags_root is not None and folder is not None and \
                    folder["parent"] == tags_root and (tag := tag_from(folder["title"] or "")):
                tags.setdefault(int(row["fk"]), []).append(tag)
        notes: dict[int, str] = {}
        if "moz_items_annos" in _tables(connection):
            notes = {int(r["item_id"]): str(r["content"] or "") for r in connection.execute(
                "SELECT a.item_id, a.content FROM moz_items_annos a JOIN "
                "moz_anno_attributes n ON n.id = a.anno_attribute_id WHERE "
                "n.name = 'bookmarkProperties/description'")}
        records = []
        for row in rows:
            parent = folders.get(int(row["parent"]))
            if tags_root is not None and parent is not None and \
                    parent["parent"] == tags_root:
                continue  # a tag's entry, not a bookmark
            found = list(tags.get(int(row["fk"]), []))
            chain, seen = parent, set()
            while folder_tags and chain is not None and int(chain["id"]) not in seen:
                seen.add(int(chain["id"]))
                title = str(chain["title"] or "")
                if chain["guid"] not in FIREFOX_ROOTS and title.lower() not in ROOT_FOLDERS \
                        and (tag := tag_from(title)) and tag not in found:
                    found.append(tag)
                chain = folders.get(int(chain["parent"]))
            records.append({"url": str(row["url"] or ""),
                            "title": untrusted(row["title"] or row["page_title"], 500),
                            "note": untrusted(notes.get(int(row["id"])), 10_000, lines=True),
                            "tags": found, "created_at": epoch_text(row["dateAdded"]),
                            "updated_at": epoch_text(row["lastModified"]), "private": False})
        return records

    return _read(path, "a Firefox places.sqlite", "moz_bookmarks", body)
