"""jrnl's JSON export (``jrnl --export json``) as notes to import.

The file holds ``entries``: ``date`` and ``time`` (local), ``title`` (jrnl's first
sentence), ``body``, ``tags`` (``@work``) and ``starred``.  An entry is known by its
date, time and title, so importing an updated export again updates entries instead
of adding them twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from teamspace.errors import InvalidInput
from teamspace.store.notes.interop import stored_time, title_from


def read_jrnl(data: bytes) -> Iterator[dict[str, Any]]:
    """The entries of a jrnl JSON export as notes to import."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"this is not jrnl's JSON export: {exc}") from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput("this is not jrnl's JSON export (no 'entries' list); make one "
                           "with 'jrnl --export json'")
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        day, clock = str(entry.get("date", "")), str(entry.get("time", "00:00"))
        title, body = str(entry.get("title") or ""), str(entry.get("body") or "")
        identity = f"{day} {clock}\x00{title}".encode()
        when = stored_time(f"{day}T{clock}") if day else None
        text = body.strip("\n")
        if len(" ".join(title.split())) > 300:  # never cut an entry's words off
            text = title + ("\n\n" + text if text else "")
        yield {"uid": "jrnl-" + hashlib.sha256(identity).hexdigest()[:32],
               "title": title_from(title, text, f"jrnl {day} {clock}"),
               "body": (text + "\n") if text else "",
               "tags": entry.get("tags") or [], "pinned": bool(entry.get("starred")),
               "created_at": when, "updated_at": when, "source": "jrnl", "files": []}
