"""The Time pane's facts for the people overview (``teamspace people``, the TUI's people
view): who has a timer running, on what, for how long.  Found by the core registry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from teamspace.store.core.session import Session
from teamspace.store.time.clock import format_duration
from teamspace.store.time.query import select_timers
from teamspace.store.time.timers import flags


def facts(session: Session, usernames: list[str]) -> dict[str, dict[str, Any]]:
    """{username: {"timer": "acme +dev 1h05m"}} for those with a timer running."""
    now = datetime.now(UTC)
    out: dict[str, dict[str, Any]] = {}
    for entry in select_timers(session, usernames):
        label = " ".join([entry.project, *(f"+{t}" for t in entry.tags),
                          format_duration(entry.seconds(now))])
        marks = flags(entry.started_at, None, now)
        out[entry.person] = {"timer": label + (f" ({', '.join(marks)})" if marks else "")}
    return out
