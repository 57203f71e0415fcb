"""Noticing other clients' writes: the SQLite header's change counter, read afresh.

A fresh ``open()`` and a 4-byte read at offset 24 sees another machine's commit within
milliseconds on every network filesystem we measured (docs/storage.md, rule 8), and it
costs microseconds locally, so the TUI polls it every 250 ms.
"""

from __future__ import annotations


def change_counter(path: str) -> int | None:
    """The database header's file change counter, or None if the file can't be read."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(28)
    except OSError:
        return None
    if len(header) < 28:
        return None
    return int.from_bytes(header[24:28], "big")
