"""Sample data for ``teamspace demo``: a small team with some history to explore.

Every write uses a fixed operation id, so seeding again adds nothing twice.
"""

from __future__ import annotations

from teamspace.store import people
from teamspace.store.connection import Workspace

TEAM = [
    ("anna", "Anna Berg"),
    ("bob", "Bob Okafor"),
    ("chen", "Chen Wei"),
    ("dana", "Dana Ruiz"),
]


def seed(ws: Workspace) -> None:
    """Create the demo workspace if needed and fill it (idempotent)."""
    ws.create()
    if ws.get_meta("name") is None:
        ws.set_meta("name", "Demo team")
    for username, name in TEAM:
        people.add_person(ws, username, name, op_id=f"demo-person-{username}")
