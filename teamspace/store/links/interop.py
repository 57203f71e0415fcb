"""Links in and out: import records read from a Netscape bookmark file, buku's database
or Firefox's places.sqlite (netscape.py, browsers.py); export what the reader may see as
a Netscape bookmark file that browsers and buku import.

Importing the same file again changes nothing that is already there: a URL you saved
before keeps your save and gains the tags (and a note or title it lacked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from teamspace.errors import InvalidInput
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.links.links import (
    audience,
    check_tags,
    ensure_link,
    insert_save,
    set_tags,
    untrusted,
)
from teamspace.store.links.urls import normalise

CHUNK = 500


def _why(url: str, exc: InvalidInput) -> str:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return f"{scheme}: links" if scheme and "refused" in exc.message else "not a URL"


@replayable
def import_links(ws: Workspace, *, records: Sequence[Mapping[str, Any]],
                 visibility: str = "private", group: str | None = None,
                 op_id: str | None = None) -> dict[str, Any]:
    """Save many links at once (one transaction).  ``visibility``/``group`` apply to new
    saves; a record marked private stays private.  Returns counts ``added``, ``merged``
    (gained tags, a note or a title), ``unchanged``, ``skipped`` and ``why`` (skipped
    per reason), and the link ``ids``."""
    if not isinstance(records, list | tuple) or not all(isinstance(r, Mapping)
                                                        for r in records):
        raise InvalidInput("an import needs a list of bookmarks")
    checked: list[tuple[str, Mapping[str, Any], list[str]]] = []
    why: dict[str, int] = {}
    for record in records:
        url = str(record.get("url") or "")
        try:
            checked.append((normalise(url), record, check_tags(record.get("tags") or [])))
        except InvalidInput as exc:
            reason = _why(url, exc)
            why[reason] = why.get(reason, 0) + 1

    def body(session: Session) -> dict[str, Any]:
        counts = {"added": 0, "merged": 0, "unchanged": 0, "skipped": sum(why.values())}
        vis, group_id = audience(session, visibility, group)
        ids: list[int] = []
        for url, record, tags in checked:
            link, _made = ensure_link(session, url)
            title = untrusted(record.get("title"), 500)
            note = untrusted(record.get("note"), 10_000, lines=True)
            save = session.one("SELECT * FROM link_save WHERE link_id = :l AND author = :me",
                               {"l": link["id"], "me": session.actor})
            if save is None:
                private = bool(record.get("private"))
                insert_save(session, link, title=title, note=note, tags=tags,
                            visibility="private" if private else vis,
                            group_id=None if private else group_id,
                            created_at=record.get("created_at"),
                            updated_at=record.get("updated_at") or record.get("created_at"))
                counts["added"] += 1
            else:
                changes: dict[str, Any] = {}
                if note and not save["note"]:
                    changes["note"] = note
                if title and save["title_auto"] and title != save["title"]:
                    changes.update(title=title, title_auto=False)
                changed = bool(changes)
                items.update(session, "link_save", int(save["id"]), changes,
                             item_type="link_save", action="import")
                old = [r["tag"] for r in session.all(
                    "SELECT tag FROM link_tag WHERE save_id = :s ORDER BY id",
                    {"s": save["id"]})]
                merged = old + [t for t in tags if t not in old]
                if merged != old:
                    set_tags(session, save, merged)
                    session.record("link_save", int(save["id"]), "tag", {"tags": [old, merged]})
                    changed = True
                counts["merged" if changed else "unchanged"] += 1
            if int(link["id"]) not in ids:
                ids.append(int(link["id"]))
        return {**counts, "why": why, "ids": ids}

    return ws.write(body, kind="link.import", op_id=op_id)


def export_entries(ws: Workspace, *, mine: bool = False, tag: str | None = None
                   ) -> list[dict[str, Any]]:
    """What the reader may see, one entry per link ({url, title, note, tags, created_at,
    updated_at, private}), oldest first: their own save's values where they have one,
    else the first visible save's; tags from every visible save."""
    from teamspace.store.links.query import select_links

    def body(session: Session) -> list[dict[str, Any]]:
        found = select_links(session, mine=mine, tag=tag, limit=100_000)
        me = session.actor
        entries = []
        for link in reversed(found):
            own = link.mine(me)
            first = own or link.saves[0]
            entries.append({"url": link.url, "title": link.title, "note": first.note,
                            "tags": link.tags, "created_at": first.created_at,
                            "updated_at": first.updated_at,
                            "private": own is not None and own.visibility == "private"})
        return entries

    return ws.read(body)
