"""Link reads: the list with its filters and tag facets, one link in full, search, the
trash, what to check.  Visibility is enforced HERE, in SQL, for every read: a link is
shown when one of its saves is visible to the reader (everyone; a group they may read
— closed groups only to members; private: its author), and only visible saves are
shown with it ("also saved by" never names a private saver).

List queries walk ``link`` newest first by primary key with a LIMIT, so a page costs
the same with a hundred links as with a hundred thousand (benchmarks/links.py).
"""

from __future__ import annotations

from typing import Any

from teamspace.dates import iso_utc
from teamspace.errors import NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.session import Row, Session, placeholders

VISIBLE_SAVE = (
    "(s.visibility = 'everyone'"
    " OR (s.visibility = 'private' AND s.author = :me)"
    " OR (s.visibility = 'group' AND EXISTS (SELECT 1 FROM team_group g WHERE g.id = "
    "s.group_id AND (NOT g.closed OR EXISTS (SELECT 1 FROM group_member gm WHERE "
    "gm.group_id = g.id AND gm.username = :me AND gm.status = 'member')))))"
)
DEAD_STATES = ("dead", "failing")
PAGE = 500


class SaveView(Record):
    """One person's save of a link, as the reader may see it."""

    id: int
    author: str
    title: str
    note: str
    tags: list[str]
    visibility: str
    group: str | None
    created_at: str
    updated_at: str
    version: int
    deleted: bool = False

    def to_json(self) -> dict[str, Any]:
        """Plain fields, ISO times."""
        data = super().to_json()
        data["created_at"], data["updated_at"] = iso_utc(self.created_at), \
            iso_utc(self.updated_at)
        return data


class LinkView(Record):
    """A link with the saves the reader may see (theirs first) and its last check."""

    id: int
    url: str
    host: str
    page_title: str
    page_description: str
    state: str | None
    status_code: int | None
    final_url: str | None
    check_error: str | None
    checked_at: str | None
    saves: list[SaveView]
    snippet: str = ""

    def mine(self, me: str) -> SaveView | None:
        """The reader's own save, if any."""
        return next((s for s in self.saves if s.author == me), None)

    @property
    def title(self) -> str:
        """The first save's title (the reader's own comes first), else the page's."""
        for save in self.saves:
            if save.title:
                return save.title
        return self.page_title

    @property
    def tags(self) -> list[str]:
        """Every visible tag, the reader's own first, each once."""
        found: list[str] = []
        for save in self.saves:
            found += [t for t in save.tags if t not in found]
        return found

    @property
    def savers(self) -> list[str]:
        """Who saved it (of the saves the reader may see)."""
        return [save.author for save in self.saves]

    @property
    def saved_at(self) -> str:
        """When it was first saved (of the visible saves)."""
        return min(save.created_at for save in self.saves) if self.saves else ""

    @property
    def dead(self) -> bool:
        """The last check found it dead or failing."""
        return self.state in DEAD_STATES

    def to_json(self) -> dict[str, Any]:
        """Plain fields with ISO times, plus title, tags and savers."""
        data = super().to_json()
        data.update(title=self.title, tags=self.tags, savers=self.savers,
                    checked_at=iso_utc(self.checked_at), saved_at=iso_utc(self.saved_at))
        data["saves"] = [save.to_json() for save in self.saves]
        return data


def fetch_visible(session: Session, link_id: int) -> Row:
    """The link row if the reader may see one of its saves; NotFound otherwise (never
    'forbidden', so private links do not leak)."""
    row = session.one(
        f"SELECT l.* FROM link l WHERE l.id = :id AND EXISTS (SELECT 1 FROM link_save s "
        f"WHERE s.link_id = l.id AND s.deleted_at IS NULL AND {VISIBLE_SAVE})",
        {"id": link_id, "me": session.actor})
    if row is None:
        raise NotFound(f"link {link_id} does not exist")
    return row


def views(session: Session, rows: list[Row], *, deleted_mine: bool = False
          ) -> list[LinkView]:
    """LinkViews for link rows: their visible saves, tags and group names in one query
    each.  ``deleted_mine``: show the reader's deleted saves (the trash)."""
    if not rows:
        return []
    if len(rows) > PAGE:  # bound the bound parameters of each query
        return [view for start in range(0, len(rows), PAGE)
                for view in views(session, rows[start:start + PAGE], deleted_mine=deleted_mine)]
    ids = [int(r["id"]) for r in rows]
    marks, params = placeholders("i", ids)
    alive = "(s.deleted_at IS NULL OR s.author = :me)" if deleted_mine else \
        "s.deleted_at IS NULL"
    saves = session.all(
        f"SELECT s.* FROM link_save s WHERE s.link_id IN ({marks}) AND {alive} AND "
        f"{VISIBLE_SAVE} ORDER BY s.link_id, s.author <> :me, s.id",
        {**params, "me": session.actor})
    save_ids = [int(s["id"]) for s in saves]
    tags: dict[int, list[str]] = {i: [] for i in save_ids}
    if save_ids:
        smarks, sparams = placeholders("s", save_ids)
        for r in session.all(f"SELECT save_id, tag FROM link_tag WHERE save_id IN ({smarks}) "
                             "ORDER BY save_id, id", sparams):
            tags[int(r["save_id"])].append(r["tag"])
    group_ids = sorted({int(s["group_id"]) for s in saves if s["group_id"] is not None})
    names: dict[int, str] = {}
    if group_ids:
        gmarks, gparams = placeholders("g", group_ids)
        names = {int(r["id"]): r["name"] for r in session.all(
            f"SELECT id, name FROM team_group WHERE id IN ({gmarks})", gparams)}
    by_link: dict[int, list[SaveView]] = {i: [] for i in ids}
    for s in saves:
        by_link[int(s["link_id"])].append(SaveView(
            id=int(s["id"]), author=s["author"], title=s["title"], note=s["note"],
            tags=tags[int(s["id"])], visibility=s["visibility"],
            group=names.get(s["group_id"]) if s["group_id"] is not None else None,
            created_at=str(s["created_at"]), updated_at=str(s["updated_at"]),
            version=int(s["version"]), deleted=s["deleted_at"] is not None))
    return [LinkView(
        id=int(r["id"]), url=r["url"], host=r["host"], page_title=r["page_title"],
        page_description=r["page_description"], state=r["state"],
        status_code=r["status_code"], final_url=r["final_url"],
        check_error=r["check_error"],
        checked_at=None if r["checked_at"] is None else str(r["checked_at"]),
        saves=by_link[int(r["id"])]) for r in rows]


def select_links(session: Session, *, tag: str | None = None, person: str | None = None,
                 group: str | None = None, since: str | None = None, dead: bool = False,
                 mine: bool = False, before: int | None = None, limit: int = 100
                 ) -> list[LinkView]:
    """Links newest first with at least one visible save matching every filter.

    ``person``: saved by them; ``group``: saved into that group; ``since``: saved at
    or after (stored UTC text); ``dead``: the last check found it dead or failing.
    """
    me = session.actor
    inner = ["s.link_id = l.id", "s.deleted_at IS NULL", VISIBLE_SAVE]
    where: list[str] = []
    params: dict[str, Any] = {"me": me, "limit": max(1, min(int(limit), 100_000))}
    if tag:
        inner.append("s.id IN (SELECT save_id FROM link_tag WHERE tag = :tag)")
        params["tag"] = tag.strip().lower().lstrip("#+")
    if person or mine:
        inner.append("s.author = :person")
        params["person"] = me if mine else str(person).strip().lower().lstrip("@")
    if group:
        from teamspace.store.core import groups

        row = groups.find(session, group)
        if not groups.can_read(session, row, me):
            raise NotFound(f"no group '{row['name']}'")
        inner.append("s.group_id = :gid")
        params["gid"] = row["id"]
    if since:
        inner.append("s.created_at >= :since")
        params["since"] = since
    if dead:
        where.append("l.state IN ('dead', 'failing')")
    if before is not None:
        where.append("l.id < :before")
        params["before"] = before
    where.append(f"EXISTS (SELECT 1 FROM link_save s WHERE {' AND '.join(inner)})")
    rows = session.all(f"SELECT l.* FROM link l WHERE {' AND '.join(where)} "
                       "ORDER BY l.id DESC LIMIT :limit", params)
    return views(session, rows)


def list_links(ws: Workspace, **filters: Any) -> list[LinkView]:
    """:func:`select_links` in one unit of work."""
    return ws.read(lambda session: select_links(session, **filters))


def get_link(ws: Workspace, link_id: int) -> LinkView:
    """One link as the reader may see it."""
    return ws.read(lambda s: views(s, [fetch_visible(s, link_id)])[0])


class LinkDetail(Record):
    """One link with the history of the saves the reader may see."""

    link: LinkView
    history: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json output."""
        return {**self.link.to_json(), "history": self.history}


def select_detail(session: Session, link_id: int) -> LinkDetail:
    """Everything about one link, in the caller's unit of work."""
    view = views(session, [fetch_visible(session, link_id)])[0]
    save_ids = [save.id for save in view.saves]
    marks, params = placeholders("s", save_ids)
    from json import loads  # only `link show` needs it

    history = [{"at": iso_utc(r["at"]), "actor": r["actor"], "action": r["action"],
                "changes": loads(r["changes"])} for r in session.all(
        f"SELECT at, actor, action, changes FROM activity WHERE (item_type = 'link_save' AND "
        f"item_id IN ({marks})) OR (item_type = 'link' AND item_id = :l) ORDER BY id",
        {**params, "l": link_id})]
    return LinkDetail(view, history)


def link_detail(ws: Workspace, link_id: int) -> LinkDetail:
    """:func:`select_detail` in one unit of work."""
    return ws.read(lambda session: select_detail(session, link_id))


def trash(ws: Workspace, *, limit: int = 100) -> list[LinkView]:
    """Links whose save by the reader is in the trash, most recently deleted first."""
    def body(session: Session) -> list[LinkView]:
        rows = session.all(
            "SELECT l.* FROM link_save s JOIN link l ON l.id = s.link_id WHERE "
            "s.author = :me AND s.deleted_at IS NOT NULL ORDER BY s.deleted_at DESC "
            "LIMIT :limit", {"me": session.actor, "limit": limit})
        return views(session, rows, deleted_mine=True)

    return ws.read(body)


def select_tag_counts(session: Session, *, mine: bool = False, limit: int = 500
                      ) -> list[tuple[str, int]]:
    """(tag, how many visible links carry it), most used first."""
    who = "AND s.author = :me" if mine else ""
    return [(r["tag"], int(r["n"])) for r in session.all(
        f"SELECT t.tag, count(DISTINCT t.link_id) AS n FROM link_tag t JOIN link_save s ON "
        f"s.id = t.save_id WHERE s.deleted_at IS NULL AND {VISIBLE_SAVE} {who} "
        "GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT :limit",
        {"me": session.actor, "limit": limit})]


def tag_counts(ws: Workspace, *, mine: bool = False) -> list[tuple[str, int]]:
    """:func:`select_tag_counts` in one unit of work."""
    return ws.read(lambda session: select_tag_counts(session, mine=mine))


def select_search(session: Session, text: str, *, limit: int = 50) -> list[LinkView]:
    """Links whose visible saves match ``text`` (the query language of
    store/core/search.py) in URL, title, note or tags, best first, with a snippet."""
    from teamspace.store.core import search

    query = search.parse(text)
    found = search.hits(session, index="link_save_fts", table="link_save", query=query,
                        limit=limit * 3, snippet_column=-1, table_alias="s",
                        where=f"s.deleted_at IS NULL AND {VISIBLE_SAVE}",
                        params={"me": session.actor})
    order: dict[int, str] = {}
    if found:
        marks, params = placeholders("h", [hit.id for hit in found])
        link_of = {int(r["id"]): int(r["link_id"]) for r in session.all(
            f"SELECT id, link_id FROM link_save WHERE id IN ({marks})", params)}
        for hit in found:
            order.setdefault(link_of[hit.id], hit.snippet)
    ids = list(order)[:limit]
    if not ids:
        return []
    marks, params = placeholders("l", ids)
    rows = {int(r["id"]): r for r in session.all(
        f"SELECT * FROM link WHERE id IN ({marks})", params)}
    result = views(session, [rows[i] for i in ids])
    for view in result:
        view.snippet = order[view.id]
    return result


def search_links(ws: Workspace, text: str, *, limit: int = 50) -> list[LinkView]:
    """:func:`select_search` in one unit of work."""
    return ws.read(lambda session: select_search(session, text, limit=limit))


def to_check(ws: Workspace, *, link_ids: list[int] | None = None,
             limit: int = 100_000) -> list[tuple[int, str]]:
    """(link id, URL) of the visible web links to check: the given ones, or all."""
    def body(session: Session) -> list[tuple[int, str]]:
        if link_ids:
            return [(int(r["id"]), r["url"]) for r in
                    (fetch_visible(session, link_id) for link_id in link_ids)]
        return [(int(r["id"]), r["url"]) for r in session.all(
            f"SELECT l.id, l.url FROM link l WHERE (l.url LIKE 'http://%' OR l.url LIKE "
            f"'https://%') AND EXISTS (SELECT 1 FROM link_save s WHERE s.link_id = l.id AND "
            f"s.deleted_at IS NULL AND {VISIBLE_SAVE}) ORDER BY l.id LIMIT :limit",
            {"me": session.actor, "limit": limit})]

    return ws.read(body)
