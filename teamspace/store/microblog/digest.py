"""``teamspace digest``: what happened since a moment, most important first.

Mentions of me and private messages to me come first, then per-group and per-thread
counts and the busiest threads, so a day away costs a minute, not an hour.
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session
from teamspace.store.microblog.feed import NOT_MUTED, VISIBLE, _views, read_upto


def digest(ws: Workspace, *, since: str, top: int = 5) -> dict[str, Any]:
    """A summary of visible, unmuted activity since ``since`` (stored-format UTC text)."""
    def body(session: Session) -> dict[str, Any]:
        me = session.actor
        params = {"me": me, "since": since, "top": top}
        base = f"p.deleted_at IS NULL AND p.created_at >= :since AND {VISIBLE}"
        upto = read_upto(session, me)
        mentions = session.all(
            f"SELECT p.* FROM post p WHERE {base} AND p.author <> :me AND p.id IN "
            "(SELECT post_id FROM post_mention WHERE username = :me) ORDER BY p.id", params)
        private = session.all(
            f"SELECT p.* FROM post p WHERE {base} AND p.author <> :me AND "
            "p.visibility = 'private' ORDER BY p.id", params)
        total = session.scalar(f"SELECT count(*) FROM post p WHERE {base} AND {NOT_MUTED}",
                               params)
        groups = session.all(
            f"SELECT g.name, count(*) AS n FROM post p JOIN team_group g ON g.id = p.group_id "
            f"WHERE {base} AND {NOT_MUTED} GROUP BY g.name ORDER BY n DESC, g.name", params)
        threads = session.all(
            f"SELECT COALESCE(p.thread_id, p.id) AS root, count(*) AS n FROM post p "
            f"WHERE {base} AND {NOT_MUTED} GROUP BY COALESCE(p.thread_id, p.id) "
            "HAVING count(*) > 1 ORDER BY n DESC, root DESC LIMIT :top", params)
        tags = session.all(
            f"SELECT t.tag, count(*) AS n FROM post_tag t JOIN post p ON p.id = t.post_id "
            f"WHERE {base} AND {NOT_MUTED} GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT :top",
            params)
        roots = {}
        if threads:
            marks = ", ".join(f":r{n}" for n in range(len(threads)))
            root_rows = session.all(
                f"SELECT p.* FROM post p WHERE p.id IN ({marks}) AND {VISIBLE}",
                {**{f"r{n}": int(t["root"]) for n, t in enumerate(threads)}, "me": me})
            roots = {v.id: v for v in _views(session, root_rows, upto)}
        return {
            "since": since,
            "posts": int(total),
            "mentions": [v.to_json() for v in _views(session, mentions, upto)],
            "private": [v.to_json() for v in _views(session, private, upto)],
            "groups": {r["name"]: int(r["n"]) for r in groups},
            "threads": [{"id": int(t["root"]), "posts": int(t["n"]),
                         "first_post": roots[int(t["root"])].to_json()}
                        for t in threads if int(t["root"]) in roots],
            "tags": {r["tag"]: int(r["n"]) for r in tags},
        }

    return ws.read(body)
