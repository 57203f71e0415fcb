"""Sample data for ``teamspace demo``: a small team with some history to explore.

The core makes the team and its groups; each pane adds its own sample items through
its ``store/<key>/demo.py`` (``seed(as_user)``, found by the registry).  Every write uses
a fixed operation id, so seeding again adds nothing twice.
"""

from __future__ import annotations

from teamspace.errors import InvalidInput
from teamspace.store.core import groups, people, registry
from teamspace.store.core.connection import Workspace

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
    as_user = {name: ws.as_user(name) for name, _ in TEAM}
    for name, closed in (("dev", False), ("random", False)):
        try:
            groups.create_group(as_user["dana"], name=name, closed=closed,
                                op_id=f"demo-group-{name}")
        except InvalidInput:
            pass  # made by an earlier seeding under another op id
    for username, _ in TEAM:
        groups.join_group(as_user[username], name="dev", op_id=f"demo-join-dev-{username}")
    for seed_pane in registry.demo_seeders():
        seed_pane(as_user)
