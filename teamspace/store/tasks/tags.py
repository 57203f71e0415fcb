"""The tags in use on tasks, for completion: as first written, most used first.  Tasks
are visible to every member, so every live task's tags are offered."""

from __future__ import annotations

from teamspace.store.core.connection import Workspace


def known_tags(ws: Workspace, *, prefix: str = "", limit: int = 60) -> list[tuple[str, int]]:
    """(tag, how many live tasks carry it) for tags starting with ``prefix`` (any case)."""
    key = prefix.strip().lower()
    return ws.read(lambda session: [(str(r["tag"]), int(r["n"])) for r in session.all(
        "SELECT min(t.tag) AS tag, count(*) AS n FROM task_tag t JOIN task k ON "
        "k.id = t.task_id WHERE k.deleted_at IS NULL AND substr(t.key, 1, :n) = :p "
        "GROUP BY t.key ORDER BY n DESC, t.key LIMIT :limit",
        {"p": key, "n": len(key), "limit": limit})])
