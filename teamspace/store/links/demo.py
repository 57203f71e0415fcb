"""The Links pane's sample links for ``teamspace demo`` (fixed op ids: idempotent; no
page is fetched)."""

from __future__ import annotations

from teamspace.store.core.connection import Workspace
from teamspace.store.links import links

# (key, author, url, title, tags, note, extra arguments)
LINKS: list[tuple[str, str, str, str, list[str], str, dict[str, object]]] = [
    ("sqlite", "bob", "https://sqlite.org/lockingv3.html", "File Locking And Concurrency "
     "In SQLite Version 3", ["sqlite", "storage"], "Why one file on a share needs care.", {}),
    ("sqlite-2", "chen", "https://sqlite.org/lockingv3.html", "", ["reading"],
     "Section 6 is the part that matters for us.", {}),
    ("textual", "anna", "https://textual.textualize.io/guide/workers/", "Textual: workers",
     ["tui", "python"], "", {"group": "dev"}),
    ("ramen", "dana", "https://example.org/ramen-menu", "The new ramen place", ["lunch"],
     "Opens at 11:30.", {}),
    ("offsite", "dana", "https://example.org/venues?utm_source=newsletter", "Venues for the "
     "offsite", ["offsite"], "Shortlist: the first three.", {"visibility": "private"}),
]


def seed(as_user: dict[str, Workspace]) -> None:
    """A few links: one saved by two people, one in a group, one private."""
    for key, author, url, title, tags, note, extra in LINKS:
        links.add_link(as_user[author], url=url, title=title or None, tags=tags, note=note,
                       op_id=f"demo-link-{key}", **extra)  # type: ignore[arg-type]
