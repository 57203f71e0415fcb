"""Which store writers may be called by name (for the outbox replay).

A queued write is stored as ``("microblog.posts.create_post", {kwargs}, op_id)``; on replay it
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


# Writers queued by versions whose store was one flat folder: their outbox entries name
# the old module; they still replay.
OLD_MODULES = {"posts": "microblog.posts", "tasks": "tasks.tasks", "groups": "core.groups",
               "projects": "core.projects", "taskwarrior": "tasks.taskwarrior",
               "outbox": "core.outbox"}


def writer_name(fn: Callable[..., Any]) -> str:
    """'microblog.posts.create_post' for teamspace.store.microblog.posts.create_post."""
    module = fn.__module__.removeprefix("teamspace.store.")
    return f"{module}.{fn.__name__}"


def resolve(name: str) -> Callable[..., Any]:
    """The replayable writer called ``name`` (ValueError for anything else)."""
    module, _, function = name.rpartition(".")
    module = OLD_MODULES.get(module, module)
    if not module or not all(part.replace("_", "").isalnum() for part in module.split(".")):
        raise ValueError(f"not a writer name: {name!r}")
    try:
        found = importlib.import_module(f"teamspace.store.{module}")
    except ModuleNotFoundError:
        raise ValueError(f"{name!r} names no store module") from None
    target = getattr(found, function, None)
    if target is None or not getattr(target, MARK, False):
        raise ValueError(f"{name!r} is not a replayable writer")
    return target  # type: ignore[no-any-return]
