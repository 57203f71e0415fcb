"""Which store writers may be called by name (for the outbox replay).

A queued write is stored as ``("posts.create_post", {kwargs}, op_id)``; on replay it
must reach exactly that function, and only functions marked :func:`replayable` — never
an arbitrary attribute named by a file on disk.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
MARK = "__teamspace_replayable__"


def replayable(fn: F) -> F:
    """Mark a store writer ``fn(ws, *, ..., op_id=None)`` as callable by name."""
    setattr(fn, MARK, True)
    return fn


def writer_name(fn: Callable[..., Any]) -> str:
    """'posts.create_post' for teamspace.store.posts.create_post."""
    module = fn.__module__.removeprefix("teamspace.store.")
    return f"{module}.{fn.__name__}"


def resolve(name: str) -> Callable[..., Any]:
    """The replayable writer called ``name`` (ValueError for anything else)."""
    module, _, function = name.rpartition(".")
    if not module or not module.replace("_", "").isalnum():
        raise ValueError(f"not a writer name: {name!r}")
    target = getattr(importlib.import_module(f"teamspace.store.{module}"), function, None)
    if target is None or not getattr(target, MARK, False):
        raise ValueError(f"{name!r} is not a replayable writer")
    return target  # type: ignore[no-any-return]
