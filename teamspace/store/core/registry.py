"""What the store core learns from the panes, by the conventions of ``teamspace.panes``.

Core never imports a pane by name: it walks ``teamspace.panes.PANES`` and imports the
pane's conventional modules (``store/<key>/migrations.py``, ``demo.py``, ``people.py``,
``provides.py``).  This is how something that crosses panes (the people overview's
per-person facts, the demo, the schema, one pane's use of another's items) reaches every
pane without one pane importing another.

``provides.py`` holds ``PROVIDES = {"<capability>": function}``: what a pane offers the
others (the Tasks pane: ``tasks.create``, ``tasks.states``).  A pane asks with
:func:`provided` by capability name, never by pane, and copes with None (no pane
offers it in this version).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from teamspace.panes import built

if TYPE_CHECKING:
    from teamspace.store.core.session import Session

PeopleFacts = Callable[["Session", list[str]], dict[str, dict[str, Any]]]


def pane_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    """(pane key, module) for every built pane that has ``store/<key>/<name>.py``."""
    for info in built():
        module = f"teamspace.store.{info.key}.{name}"
        if importlib.util.find_spec(module) is not None:
            yield info.key, importlib.import_module(module)


def people_facts() -> list[PeopleFacts]:
    """Every pane's ``people.facts(session, usernames) -> {username: {key: value}}``."""
    return [module.facts for _key, module in pane_modules("people")]


def demo_seeders() -> list[Callable[[dict[str, Any]], None]]:
    """Every pane's ``demo.seed(as_user)``, in tab order."""
    return [module.seed for _key, module in pane_modules("demo")]


def provided(capability: str) -> Callable[..., Any] | None:
    """The function some built pane offers as ``capability`` (its ``store/<key>/
    provides.py`` ``PROVIDES``), or None if no pane offers it."""
    for _key, module in pane_modules("provides"):
        found = module.PROVIDES.get(capability)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None
