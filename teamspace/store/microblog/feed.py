"""Microblog reads: the feed with its filters, threads, unread counts, history.

Visibility is enforced HERE, in SQL, for every read: a private post reaches only its
recipients, a closed group's posts only its members — whatever the command or format.
Queries walk posts newest-first by primary key with LIMIT, so their cost depends on the
page size, not on how many posts the workspace holds (benchmarks/timeline.py).
"""

from __future__ import annotations

from typing import Any

from teamspace.errors import NotFound
from teamspace.store.core.connection import Workspace
from teamspace.store.core.people import usernames
from teamspace.store.core.record import Record
from teamspace.store.core.session import Row, Session, placeholders

VISIBLE = (
    "(p.visibility = 'everyone'"
    " OR (p.visibility = 'group' AND EXISTS (SELECT 1 FROM team_group g WHERE g.id = "
    "p.group_id AND (NOT g.closed OR EXISTS (SELECT 1 FROM group_member gm WHERE "
    "gm.group_id = g.id AND gm.username = :me AND gm.status = 'member'))))"
    " OR (p.visibility = 'private' AND EXISTS (SELECT 1 FROM post_recipient r WHERE "
    "r.post_id = p.id AND r.username = :me)))"
)
NOT_MUTED = (
    "NOT EXISTS (SELECT 1 FROM mute m WHERE m.author = :me AND ("
    "(m.kind = 'user' AND m.value = p.author)"
    " OR (m.kind = 'group' AND m.value = CAST(p.group_id AS TEXT))"
    " OR (m.kind = 'thread' AND m.value = CAST(COALESCE(p.thread_id, p.id) AS TEXT))"
    " OR (m.kind = 'tag' AND EXISTS (SELECT 1 FROM post_tag t WHERE t.post_id = p.id AND "
    "t.tag = m.value))))"
)
NOT_MUTED_USER = ("NOT EXISTS (SELECT 1 FROM mute m WHERE m.author = :me AND "
                  "m.kind = 'user' AND m.value = p.author)")
UNREAD = ("p.id > :upto AND p.author <> :me AND NOT EXISTS (SELECT 1 FROM post_read pr "
          "WHERE pr.username = :me AND pr.post_id = p.id)")
VIEWS = ("all", "mentions", "private", "groups")


class PostView(Record):
    """A post as one reader sees it."""

    TIMES = ("created_at", "updated_at")
    id: int
    author: str
    text: str
    created_at: str
    updated_at: str
    version: int
    visibility: str
    group: str | None
    thread_id: int | None
    reply_to: int | None
    reply_count: int
    recipients: list[str] = []
    mentions: list[str] = []
    tags: list[str] = []
    reactions: dict[str, list[str]] = {}
    edited: bool = False
    unread: bool = False
    mentions_me: bool = False
    deleted: bool = False

    def audience(self) -> str:
        """'private → bob, chen', 'in dev', or '' for everyone (plain text, not cleaned)."""
        if self.visibility == "private":
            others = [name for name in self.recipients if name != self.author]
            return "private → " + ", ".join(others or [self.author])
        return f"in {self.group}" if self.group else ""


class Counts(Record):
    """Unread numbers that matter: mentions and private messages (and all, capped)."""

    mentions: int
    private: int
    unread: int
    capped: bool


def read_upto(session: Session, me: str) -> int:
    """Posts up to this id count as read for ``me`` (a new member: all before they joined)."""
    value = session.scalar("SELECT upto FROM read_marker WHERE username = :me", {"me": me})
    if value is not None:
        return int(value)
    joined = session.scalar("SELECT created_at FROM person WHERE username = :me", {"me": me})
    if joined is None:
        return int(session.scalar("SELECT coalesce(max(id), 0) FROM post"))
    return int(session.scalar("SELECT coalesce(max(id), 0) FROM post WHERE created_at < :j",
                              {"j": joined}))


def fetch_visible(session: Session, post_id: int, *, include_deleted: bool = False) -> Row:
    """The post row if ``session.actor`` may see it; NotFound otherwise (never 'forbidden',
    so the existence of private posts does not leak)."""
    deleted = "" if include_deleted else " AND p.deleted_at IS NULL"
    row = session.one(f"SELECT p.* FROM post p WHERE p.id = :id{deleted} AND {VISIBLE}",
                      {"id": post_id, "me": session.actor})
    if row is None:
        raise NotFound(f"post {post_id} does not exist")
    return row


def _views(session: Session, rows: list[Row], upto: int) -> list[PostView]:
    """Turn post rows into PostViews, fetching their extras in one query each."""
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    marks, params = placeholders("i", ids)
    extras: dict[int, dict[str, list[str]]] = {i: {"recipients": [], "mentions": [],
                                                   "tags": []} for i in ids}
    for table, column, key in (("post_recipient", "username", "recipients"),
                               ("post_mention", "username", "mentions"),
                               ("post_tag", "tag", "tags")):
        for r in session.all(f"SELECT post_id, {column} AS v FROM {table} WHERE post_id IN "
                             f"({marks}) ORDER BY id", params):
            extras[int(r["post_id"])][key].append(r["v"])
    reactions: dict[int, dict[str, list[str]]] = {i: {} for i in ids}
    for r in session.all(f"SELECT post_id, emoji, author FROM reaction WHERE post_id IN "
                         f"({marks}) ORDER BY id", params):
        reactions[int(r["post_id"])].setdefault(r["emoji"], []).append(r["author"])
    read = {int(r["post_id"]) for r in session.all(
        f"SELECT post_id FROM post_read WHERE username = :me AND post_id IN ({marks})",
        {**params, "me": session.actor})}
    group_ids = sorted({int(r["group_id"]) for r in rows if r["group_id"] is not None})
    names: dict[int, str] = {}
    if group_ids:
        gmarks, gparams = placeholders("g", group_ids)
        names = {int(r["id"]): r["name"] for r in session.all(
            f"SELECT id, name FROM team_group WHERE id IN ({gmarks})", gparams)}
    me = session.actor
    views = []
    for r in rows:
        pid = int(r["id"])
        extra = extras[pid]
        views.append(PostView(
            id=pid, author=r["author"], text=r["text"], created_at=str(r["created_at"]),
            updated_at=str(r["updated_at"]), version=int(r["version"]),
            visibility=r["visibility"], group=names.get(r["group_id"]) if r["group_id"]
            else None, thread_id=r["thread_id"], reply_to=r["reply_to"],
            reply_count=int(r["reply_count"]), recipients=extra["recipients"],
            mentions=extra["mentions"], tags=extra["tags"], reactions=reactions[pid],
            edited=r["edited_at"] is not None,
            unread=pid > upto and r["author"] != me and pid not in read,
            mentions_me=me in extra["mentions"], deleted=r["deleted_at"] is not None))
    return views


def select_posts(session: Session, *, view: str = "all", group: str | None = None,
                 tag: str | None = None, author: str | None = None, unread: bool = False,
                 since: str | None = None, before: int | None = None, limit: int = 50,
                 with_user: str | None = None) -> list[PostView]:
    """:func:`feed` inside an open unit of work."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    me = session.actor
    upto = read_upto(session, me)
    where = ["p.deleted_at IS NULL", VISIBLE]
    params: dict[str, Any] = {"me": me, "upto": upto, "limit": max(1, min(limit, 1000))}
    # Walk the most selective index newest-first ("driver"), so a page costs the same
    # whether the workspace holds ten thousand posts or a million.
    source, order = "post p", "p.id"
    explicit = bool(group or tag or author)
    if view == "mentions":
        source, order = "post_mention d JOIN post p ON p.id = d.post_id", "d.post_id"
        where += ["d.username = :me", NOT_MUTED_USER]
    elif view == "private":
        source, order = "post_recipient d JOIN post p ON p.id = d.post_id", "d.post_id"
        where += ["d.username = :me", "p.visibility = 'private'", NOT_MUTED_USER]
    elif view == "groups":
        where.append("p.group_id IN (SELECT group_id FROM group_member WHERE "
                     "username = :me AND status = 'member')")
    if view in ("all", "groups") and not explicit:
        where.append(NOT_MUTED)
    if group:
        from teamspace.store.core import groups as groups_store

        row = groups_store.find(session, group)
        if not groups_store.can_read(session, row, me):
            raise NotFound(f"no group '{row['name']}'")
        where.append("p.group_id = :gid")
        params["gid"] = row["id"]
    if tag:
        params["tag"] = tag.strip().lower().lstrip("#")
        if source == "post p":
            source, order = "post_tag d JOIN post p ON p.id = d.post_id", "d.post_id"
            where.append("d.tag = :tag")
        else:
            where.append("p.id IN (SELECT post_id FROM post_tag WHERE tag = :tag)")
    if author:
        where.append("p.author = :author")
        params["author"] = author.strip().lower().lstrip("@")
    if with_user:
        where.append("p.id IN (SELECT post_id FROM post_recipient WHERE username = :with)")
        params["with"] = with_user.strip().lower().lstrip("@")
    if unread:
        where.append(UNREAD.replace("p.id > :upto", f"{order} > :upto"))
    if since:
        where.append("p.created_at >= :since")
        params["since"] = since
    if before is not None:
        where.append(f"{order} < :before")
        params["before"] = before
    rows = session.all(f"SELECT p.* FROM {source} WHERE {' AND '.join(where)} "
                       f"ORDER BY {order} DESC LIMIT :limit", params)
    return _views(session, rows, upto)


def feed(ws: Workspace, *, view: str = "all", group: str | None = None,
         tag: str | None = None, author: str | None = None, unread: bool = False,
         since: str | None = None, before: int | None = None, limit: int = 50,
         with_user: str | None = None) -> list[PostView]:
    """Posts newest first, filtered; ``since`` is stored-format UTC text; ``before`` pages.

    ``with_user`` (with view 'private'): the private conversation between me and them.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    return ws.read(lambda session: select_posts(
        session, view=view, group=group, tag=tag, author=author, unread=unread, since=since,
        before=before, limit=limit, with_user=with_user))


def thread(ws: Workspace, post_id: int) -> list[PostView]:
    """A thread: its first post, then every reply, oldest first."""
    def body(session: Session) -> list[PostView]:
        row = fetch_visible(session, post_id)
        root = int(row["thread_id"] or row["id"])
        rows = session.all(
            "SELECT p.* FROM post p WHERE (p.id = :root OR p.thread_id = :root) AND "
            "p.deleted_at IS NULL ORDER BY p.id", {"root": root})
        return _views(session, rows, read_upto(session, session.actor))

    return ws.read(body)


def get_post(ws: Workspace, post_id: int, *, include_deleted: bool = False) -> PostView:
    """One post as this reader sees it."""
    def body(session: Session) -> PostView:
        row = fetch_visible(session, post_id, include_deleted=include_deleted)
        return _views(session, [row], read_upto(session, session.actor))[0]

    return ws.read(body)


def count_unread(session: Session, *, cap: int = 999) -> Counts:
    """Unread mentions of me, unread private messages to me, and all unread (capped)."""
    me = session.actor
    params = {"me": me, "upto": read_upto(session, me), "cap": cap + 1}
    base = f"p.deleted_at IS NULL AND {UNREAD} AND {VISIBLE}"
    mentions = session.scalar(
        f"SELECT count(*) FROM post p WHERE {base} AND {NOT_MUTED_USER} AND p.id IN "
        "(SELECT post_id FROM post_mention WHERE username = :me AND post_id > :upto)",
        params)
    private = session.scalar(
        f"SELECT count(*) FROM post p WHERE {base} AND {NOT_MUTED_USER} AND "
        "p.visibility = 'private' AND p.id IN (SELECT post_id FROM post_recipient "
        "WHERE username = :me AND post_id > :upto)", params)
    total = session.scalar(
        f"SELECT count(*) FROM (SELECT 1 FROM post p WHERE {base} AND {NOT_MUTED} "
        "LIMIT :cap) AS capped", params)
    return Counts(int(mentions), int(private), min(int(total), cap), int(total) > cap)


def counts(ws: Workspace, *, cap: int = 999) -> Counts:
    """:func:`count_unread` in its own unit of work."""
    return ws.read(lambda session: count_unread(session, cap=cap))


class Latest(Record):
    """What the live stream shows on each refresh."""

    posts: list[PostView]
    counts: Counts
    alerts: list[PostView]  # the newest unread mentions of me and private messages to me
    names: list[str]  # members, for @completion


def newest(ws: Workspace, *, view: str, group: str | None, limit: int, alerts: int = 10
           ) -> Latest:
    """What a live view needs on every refresh, in ONE unit of work (one lock, one
    connection — each costs round trips on a share): the newest page, the unread counts,
    the alerts (for toasts) and the member names."""
    def body(session: Session) -> Latest:
        page = select_posts(session, view=view, group=group, limit=limit)
        loud = [p for p in select_posts(session, view="mentions", limit=alerts)
                + select_posts(session, view="private", limit=alerts)
                if p.author != session.actor and p.unread]
        return Latest(page, count_unread(session), loud, sorted(usernames(session)))

    return ws.read(body)


def history(ws: Workspace, post_id: int) -> list[dict[str, Any]]:
    """Every change to a post, oldest first: who, when, what, text before/after."""
    def body(session: Session) -> list[dict[str, Any]]:
        fetch_visible(session, post_id, include_deleted=True)
        rows = session.all(
            "SELECT at, actor, action, changes FROM activity WHERE item_type = 'post' AND "
            "item_id = :id ORDER BY id", {"id": post_id})
        import json

        return [{"at": str(r["at"]), "actor": r["actor"], "action": r["action"],
                 "changes": json.loads(r["changes"])} for r in rows]

    return ws.read(body)


def trash(ws: Workspace, *, limit: int = 100) -> list[PostView]:
    """My deleted posts, most recently deleted first."""
    def body(session: Session) -> list[PostView]:
        rows = session.all(
            "SELECT p.* FROM post p WHERE p.author = :me AND p.deleted_at IS NOT NULL "
            "ORDER BY p.deleted_at DESC LIMIT :limit", {"me": session.actor, "limit": limit})
        return _views(session, rows, read_upto(session, session.actor))

    return ws.read(body)


def known_tags(ws: Workspace, *, prefix: str = "", limit: int = 20) -> list[str]:
    """Tags of the posts this user may read, most used first (for completion): a tag
    written only in a closed group or in others' private messages is never suggested."""
    return ws.read(lambda s: [r["tag"] for r in s.all(
        "SELECT t.tag, count(*) AS n FROM post_tag t JOIN post p ON p.id = t.post_id "
        f"WHERE substr(t.tag, 1, :n) = :p AND p.deleted_at IS NULL AND {VISIBLE} "
        "GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT :limit",
        {"p": prefix.lower(), "n": len(prefix), "limit": limit, "me": s.actor})])


def mutes(ws: Workspace) -> list[dict[str, str]]:
    """What I muted: kind, stored value, and a label (group names instead of ids)."""
    def body(session: Session) -> list[dict[str, str]]:
        rows = session.all(
            "SELECT m.kind, m.value, g.name AS group_name FROM mute m LEFT JOIN team_group g "
            "ON m.kind = 'group' AND CAST(g.id AS TEXT) = m.value WHERE m.author = :me "
            "ORDER BY m.kind, m.value", {"me": session.actor})
        labels = {"user": "@{}", "tag": "#{}", "thread": "thread {}", "group": "{}"}
        return [{"kind": r["kind"], "value": r["value"],
                 "label": labels[r["kind"]].format(r["group_name"] or r["value"])}
                for r in rows]

    return ws.read(body)
