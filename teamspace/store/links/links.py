"""Link writes: save (or join someone's save of the same URL), edit, tag, delete and
restore one's own save, fill in the page's title, record dead-link checks, rename and
merge tags.

A link's id names the URL; what a person changes is their own save of it.  Writers take
keyword-only, JSON-friendly arguments and an ``op_id`` and are replayable (the outbox
can run them again by name; the operation id makes a repeat a no-op).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from teamspace.errors import InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.links.urls import host_of, normalise

VISIBILITIES = ("everyone", "group", "private")
MAX_TITLE = 500
MAX_NOTE = 10_000
TAG = r"^[^\W_][\w.+-]{0,49}$"  # compiled on first use (re caches it), not at import
EDITABLE = ("title", "note", "tags", "visibility", "group")
# Characters never stored from other sources (web pages, imported files): controls,
# zero-width and bidi overrides.  Display cleaning (teamspace.text) still applies.
STRIPPED = dict.fromkeys([*range(0, 9), *range(11, 32), *range(0x7F, 0xA0),
                        *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2028, 0x2029,
                        *range(0x2060, 0x206A), 0xFEFF, 0x061C])


def untrusted(text: str | None, limit: int, *, lines: bool = False) -> str:
    """Text from a web page or a file, as stored: no control characters, whitespace
    collapsed (``lines``: line breaks kept), at most ``limit`` characters."""
    if not text:
        return ""
    text = text.translate(STRIPPED)
    if lines:
        text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    else:
        text = " ".join(text.split())
    return text[:limit]


def check_tags(tags: Sequence[str]) -> list[str]:
    """Lowercased tags without '#'/'+', each once, validated."""
    found: list[str] = []
    for raw in tags:
        for tag in str(raw).replace(",", " ").split():
            tag = tag.lower().lstrip("#+")
            if not re.match(TAG, tag):
                raise InvalidInput(f"'{raw}' is not a tag: use letters, digits, '-', '_', "
                                   "'.' or '+'")
            if tag not in found:
                found.append(tag)
    return found


def tag_from(label: str) -> str | None:
    """A folder name or foreign tag as one of ours ('Linux, Unix' → 'linux-unix'),
    or None if nothing usable is left."""
    words = re.findall(r"[\w.+]+", label.lower())
    tag = "-".join(words).strip("._+-")[:50]
    return tag if tag and re.match(TAG, tag) else None


def check_title(title: str | None) -> str:
    """One line, at most MAX_TITLE characters ('' means: the page's own title)."""
    title = " ".join((title or "").split())
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"a title can have at most {MAX_TITLE} characters")
    return title


def check_note(note: str | None) -> str:
    """Trimmed free text of at most MAX_NOTE characters."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"a note can have at most {MAX_NOTE} characters")
    return note


def audience(session: Session, visibility: str | None, group: str | None
             ) -> tuple[str, int | None]:
    """(visibility, group id) for a save; a group must be one the saver may post in."""
    from teamspace.store.core import groups

    if group:
        visibility = visibility or "group"
    visibility = visibility or "everyone"
    if visibility not in VISIBILITIES:
        raise InvalidInput(f"visibility must be one of {', '.join(VISIBILITIES)}")
    if visibility != "group":
        return visibility, None
    if not group:
        raise InvalidInput("say which group: --group NAME")
    row = groups.find(session, group)  # a closed group you are not in: "no group"
    if groups.status(session, int(row["id"]), session.actor) != "member":
        raise PermissionDenied(f"you are not a member of group '{row['name']}'; join it "
                               f"first (teamspace group join {row['name']})")
    return visibility, int(row["id"])


def my_save(session: Session, link_id: int, *, include_deleted: bool = False) -> Row:
    """The actor's save of link ``link_id`` (NotFound if they have none)."""
    row = session.one("SELECT * FROM link_save WHERE link_id = :l AND author = :me",
                      {"l": link_id, "me": session.actor})
    if row is None or (row["deleted_at"] is not None and not include_deleted):
        from teamspace.store.links.query import fetch_visible

        fetch_visible(session, link_id)  # NotFound for a link they cannot see
        raise NotFound(f"you have not saved link {link_id} (save it too with "
                       "'teamspace link add URL')")
    return row


def set_tags(session: Session, save: Row, tags: list[str]) -> list[str]:
    """Replace a save's tags; return the old ones."""
    old = [r["tag"] for r in session.all("SELECT tag FROM link_tag WHERE save_id = :s "
                                         "ORDER BY id", {"s": save["id"]})]
    if old != tags:
        session.execute("DELETE FROM link_tag WHERE save_id = :s", {"s": save["id"]})
        session.many("INSERT INTO link_tag (save_id, link_id, tag) VALUES (:s, :l, :t)",
                     [{"s": save["id"], "l": save["link_id"], "t": t} for t in tags])
        session.execute("UPDATE link_save SET tags = :text WHERE id = :s",
                        {"text": " ".join(tags), "s": save["id"]})
    return old


def ensure_link(session: Session, url: str) -> tuple[Row, bool]:
    """The link row for a normalised URL, made if new; (row, made)."""
    row = session.one("SELECT * FROM link WHERE url = :u", {"u": url})
    if row is not None:
        return row, False
    made = session.one(
        "INSERT INTO link (created_at, updated_at, author, version, op_id, url, host, page_title, "
        "page_description) VALUES (:now, :now, :actor, 1, :op, :url, :host, '', '') "
        "ON CONFLICT (url) DO NOTHING RETURNING id",
        {"now": session.now, "actor": session.actor, "op": session.op_id, "url": url,
         "host": host_of(url)})
    if made is None:
        # The URL is there but the reader may not see it: only a server with row-level
        # security hides a link (someone saved it privately, store/links/policies.py);
        # its lookup function gives the id, and the actor's own save makes it theirs.
        hidden = session.scalar("SELECT teamspace_link_id(:u)", {"u": url})
        return {"id": int(hidden), "url": url, "page_title": ""}, False
    link_id = int(made["id"])
    session.record("link", link_id, "create", {"url": [None, url]})
    found = session.one("SELECT * FROM link WHERE id = :id", {"id": link_id})
    assert found is not None
    return found, True


def insert_save(session: Session, link: Row, *, title: str, note: str, tags: list[str],
                visibility: str, group_id: int | None, created_at: str | None = None,
                updated_at: str | None = None) -> int:
    """A new save of ``link`` by the actor (inside a write); returns its id."""
    save_id = session.insert(
        "INSERT INTO link_save (created_at, updated_at, author, version, op_id, link_id, url, "
        "title, title_auto, note, tags, visibility, group_id) VALUES (:created, :updated, "
        ":actor, 1, :op, :link, :url, :title, :auto, :note, '', :vis, :group) RETURNING id",
        {"created": created_at or session.now, "updated": updated_at or session.now,
         "actor": session.actor, "op": session.op_id, "link": link["id"], "url": link["url"],
         "title": title or link["page_title"], "auto": not title, "note": note,
         "vis": visibility, "group": group_id})
    row = session.one("SELECT * FROM link_save WHERE id = :id", {"id": save_id})
    assert row is not None
    set_tags(session, row, tags)
    session.record("link_save", save_id, "create",
                   {"url": [None, link["url"]], "visibility": [None, visibility],
                    "tags": [None, tags]})
    return save_id


def others(session: Session, link_id: int) -> list[str]:
    """Who else saved the link, among the saves the actor may see."""
    from teamspace.store.links.query import VISIBLE_SAVE

    return [r["author"] for r in session.all(
        f"SELECT s.author FROM link_save s WHERE s.link_id = :l AND s.author <> :me AND "
        f"s.deleted_at IS NULL AND {VISIBLE_SAVE} ORDER BY s.id",
        {"l": link_id, "me": session.actor})]


@replayable
def add_link(ws: Workspace, *, url: str, title: str | None = None, note: str = "",
             tags: Sequence[str] = (), visibility: str | None = None,
             group: str | None = None, op_id: str | None = None) -> dict[str, Any]:
    """Save a URL.  Someone else's save of the same page is joined (your own title,
    note, tags); saving it again yourself adds the tags and replaces what is given.

    Returns ``id`` (the link), ``save_id``, ``new`` (first save of this URL), ``again``
    (you had saved it already), ``url`` (normalised) and ``also`` (who else saved it).
    """
    url = normalise(url)
    title_text, note_text, tag_list = check_title(title), check_note(note), check_tags(tags)

    def body(session: Session) -> dict[str, Any]:
        link, made = ensure_link(session, url)
        row = session.one("SELECT * FROM link_save WHERE link_id = :l AND author = :me",
                          {"l": link["id"], "me": session.actor})
        again = row is not None and row["deleted_at"] is None
        if row is None:
            vis, group_id = audience(session, visibility, group)
            save_id = insert_save(session, link, title=title_text, note=note_text,
                                  tags=tag_list, visibility=vis, group_id=group_id)
        else:
            save_id = int(row["id"])
            if row["deleted_at"] is not None:
                items.restore(session, "link_save", save_id, item_type="link_save")
            changes: dict[str, Any] = {}
            if title_text:
                changes.update(title=title_text, title_auto=False)
            if note_text:
                changes["note"] = note_text
            if visibility or group:
                changes["visibility"], changes["group_id"] = audience(session, visibility,
                                                                      group)
            items.update(session, "link_save", save_id, changes, item_type="link_save",
                         action="save")
            old = [r["tag"] for r in session.all(
                "SELECT tag FROM link_tag WHERE save_id = :s ORDER BY id", {"s": save_id})]
            merged = old + [t for t in tag_list if t not in old]
            if merged != old:
                fresh = session.one("SELECT * FROM link_save WHERE id = :s", {"s": save_id})
                assert fresh is not None
                set_tags(session, fresh, merged)
                session.record("link_save", save_id, "tag", {"tags": [old, merged]})
        return {"id": int(link["id"]), "save_id": save_id, "new": made, "again": again,
                "url": url, "also": others(session, int(link["id"]))}

    return ws.write(body, kind="link.add", op_id=op_id)


def _changes(session: Session, fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = check_title(fields["title"])
        out["title_auto"] = not out["title"]
    if "note" in fields:
        out["note"] = check_note(fields["note"])
    if "visibility" in fields or "group" in fields:
        out["visibility"], out["group_id"] = audience(session, fields.get("visibility"),
                                                      fields.get("group"))
    return out


@replayable
def edit_link(ws: Workspace, *, link_id: int, changes: Mapping[str, Any],
              version: int | None = None, op_id: str | None = None) -> int:
    """Change your save of a link (EDITABLE; an empty title means the page's own).

    ``version`` is the version of your save you saw; if it changed since, nothing is
    written and ConflictError says who changed it.  Returns the new version.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))} of a link")

    def body(session: Session) -> int:
        save = my_save(session, link_id)
        if version is not None and save["version"] != version:
            raise items.conflict(session, "link_save", int(save["id"]), version,
                                 int(save["version"]))
        columns = _changes(session, changes)
        if columns.get("title_auto"):
            link = session.one("SELECT page_title FROM link WHERE id = :l", {"l": link_id})
            columns["title"] = link["page_title"] if link else ""
        new_version = items.update(session, "link_save", int(save["id"]), columns,
                                   item_type="link_save")
        if "tags" in changes:
            tags = check_tags(changes["tags"] or [])
            old = set_tags(session, save, tags)
            if old != tags:
                session.record("link_save", int(save["id"]), "tag", {"tags": [old, tags]})
                if new_version == save["version"]:
                    session.execute("UPDATE link_save SET version = version + 1, "
                                    "updated_at = :now WHERE id = :id",
                                    {"now": session.now, "id": save["id"]})
                    new_version += 1
        return new_version

    return ws.write(body, kind="link.edit", op_id=op_id)


@replayable
def tag_link(ws: Workspace, *, link_id: int, add: Sequence[str] = (),
             remove: Sequence[str] = (), op_id: str | None = None) -> list[str]:
    """Add and remove tags on your save of a link; returns its tags now."""
    adding, removing = check_tags(add), check_tags(remove)

    def body(session: Session) -> list[str]:
        save = my_save(session, link_id)
        old = [r["tag"] for r in session.all("SELECT tag FROM link_tag WHERE save_id = :s "
                                             "ORDER BY id", {"s": save["id"]})]
        tags = [t for t in old if t not in removing] + \
            [t for t in adding if t not in old and t not in removing]
        if tags != old:
            set_tags(session, save, tags)
            session.execute("UPDATE link_save SET version = version + 1, updated_at = :now "
                            "WHERE id = :id", {"now": session.now, "id": save["id"]})
            session.record("link_save", int(save["id"]), "tag", {"tags": [old, tags]})
        return tags

    return ws.write(body, kind="link.tag", op_id=op_id)


@replayable
def delete_link(ws: Workspace, *, link_id: int, op_id: str | None = None) -> None:
    """Move your save of a link to the trash (others' saves stay; restore brings it
    back with everything it had)."""
    def body(session: Session) -> None:
        save = my_save(session, link_id)
        items.soft_delete(session, "link_save", int(save["id"]), item_type="link_save")

    ws.write(body, kind="link.delete", op_id=op_id)


@replayable
def restore_link(ws: Workspace, *, link_id: int, op_id: str | None = None) -> None:
    """Take your save of a link out of the trash."""
    def body(session: Session) -> None:
        save = my_save(session, link_id, include_deleted=True)
        items.restore(session, "link_save", int(save["id"]), item_type="link_save")

    ws.write(body, kind="link.restore", op_id=op_id)


@replayable
def set_page_info(ws: Workspace, *, link_id: int, title: str, description: str = "",
                  op_id: str | None = None) -> bool:
    """Store what was fetched from the page (untrusted: cleaned and cut here too); saves
    still showing the page's title get the new one.  Returns True if anything changed."""
    title_text = untrusted(title, 300)
    description_text = untrusted(description, 1000)

    def body(session: Session) -> bool:
        link = session.one("SELECT * FROM link WHERE id = :id", {"id": link_id})
        if link is None:
            raise NotFound(f"link {link_id} does not exist")
        session.execute("UPDATE link SET fetched_at = :now WHERE id = :id",
                        {"now": session.now, "id": link_id})
        if (link["page_title"], link["page_description"]) == (title_text, description_text):
            return False
        session.execute("UPDATE link SET page_title = :t, page_description = :d, "
                        "updated_at = :now WHERE id = :id",
                        {"t": title_text, "d": description_text, "now": session.now,
                         "id": link_id})
        session.execute("UPDATE link_save SET title = :t WHERE link_id = :id AND title_auto",
                        {"t": title_text, "id": link_id})
        session.record("link", link_id, "fetch", {"page_title": [link["page_title"],
                                                                 title_text]})
        return True

    return ws.write(body, kind="link.fetch", op_id=op_id)


@replayable
def record_checks(ws: Workspace, *, results: Sequence[Mapping[str, Any]],
                  op_id: str | None = None) -> int:
    """Store dead-link check results ({link_id, state, status_code, final_url, error,
    checked_at}); returns how many links they were for."""
    rows = [{"id": int(r["link_id"]), "state": r["state"], "code": r.get("status_code"),
             "final": r.get("final_url"), "error": untrusted(r.get("error"), 200) or None,
             "at": r.get("checked_at")} for r in results]

    def body(session: Session) -> int:
        for row in rows:
            row["at"] = row["at"] or session.now
        session.many("UPDATE link SET state = :state, status_code = :code, final_url = :final, "
                     "check_error = :error, checked_at = :at WHERE id = :id", rows)
        return len(rows)

    return ws.write(body, kind="link.check", op_id=op_id)


def _one_tag(text: str) -> str:
    found = check_tags([text])
    if len(found) != 1:
        raise InvalidInput(f"'{text}' is not one tag")
    return found[0]


@replayable
def rename_tag(ws: Workspace, *, old: str, new: str, merge: bool = False,
               op_id: str | None = None) -> int:
    """Rename tag ``old`` to ``new`` on your saves (tags are each person's own).

    Without ``merge`` it refuses when you use ``new`` already; with it, saves that have
    both keep one.  Returns how many saves changed.
    """
    source, target = _one_tag(old), _one_tag(new)
    if source == target:
        raise InvalidInput("the old and the new tag are the same")

    def body(session: Session) -> int:
        mine = {"me": session.actor, "t": source}
        saves = session.all(
            "SELECT s.* FROM link_tag t JOIN link_save s ON s.id = t.save_id WHERE "
            "t.tag = :t AND s.author = :me ORDER BY s.id", mine)
        if not saves:
            raise NotFound(f"you have no links tagged '{source}'")
        if not merge and session.scalar(
                "SELECT 1 FROM link_tag t JOIN link_save s ON s.id = t.save_id WHERE "
                "t.tag = :n AND s.author = :me LIMIT 1", {"n": target, "me": session.actor}):
            raise InvalidInput(f"you use '{target}' already: merge the two with "
                               f"'teamspace tag merge {source} {target}'")
        for save in saves:
            old_tags = [r["tag"] for r in session.all(
                "SELECT tag FROM link_tag WHERE save_id = :s ORDER BY id", {"s": save["id"]})]
            new_tags: list[str] = []
            for tag in old_tags:
                tag = target if tag == source else tag
                if tag not in new_tags:
                    new_tags.append(tag)
            set_tags(session, save, new_tags)
            session.execute("UPDATE link_save SET version = version + 1, updated_at = :now "
                            "WHERE id = :id", {"now": session.now, "id": save["id"]})
            session.record("link_save", int(save["id"]), "tag", {"tags": [old_tags, new_tags]})
        return len(saves)

    return ws.write(body, kind="link.tag_rename", op_id=op_id)
