"""The benchmarks' data workspaces: made once under a cache path, made again from
nothing when the cached one holds other data."""

from __future__ import annotations

import os
from collections.abc import Sequence

from teamspace.store.core import people
from teamspace.store.core.connection import Workspace


def start_over(ws: Workspace, members: Sequence[str] = ()) -> None:
    """Remove ``ws``'s file and journal, create it afresh, add ``members``."""
    for suffix in ("", "-journal"):
        if os.path.exists(ws.path + suffix):
            os.unlink(ws.path + suffix)
    ws.create()
    for name in members:
        people.add_person(ws, name)
