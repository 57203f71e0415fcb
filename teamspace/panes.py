"""The panes, declared once.  Adding a pane is one line in ``PANES`` plus one folder per
layer with the pane's key as its name (docs/architecture.md, "Adding a pane"):

- ``teamspace/store/<key>/``  ``migrations.py`` (``MIGRATIONS``: its own ordered, named
  steps), optionally ``demo.py`` (``seed``) and ``people.py`` (``facts``: per-person facts
  for the people overview);
- ``teamspace/cli/<key>/``    ``__init__.py`` holds the pane's command tables (``COMMANDS``,
  ``GROUPS``) as literals: the root command imports them, never the command modules;
- ``teamspace/tui/panes/<key>/``  ``pane.py`` defines ``PANE``, a ``tui.pane.Pane``
  subclass.

A pane that is declared but not built yet (``built=False``) has a tab that says what it
will hold and nothing else.  This module imports nothing: every layer reads it.
"""

from __future__ import annotations


class PaneInfo:
    """One pane: its key (folder and tab id), its tab title, what it is for."""

    __slots__ = ("built", "key", "purpose", "title")

    def __init__(self, key: str, title: str, purpose: str, *, built: bool = True) -> None:
        self.key = key
        self.title = title
        self.purpose = purpose
        self.built = built

    def __repr__(self) -> str:
        return f"PaneInfo({self.key!r})"


PANES: tuple[PaneInfo, ...] = (
    PaneInfo("microblog", "Microblog",
             "Posts to everyone, @mentions, private messages and groups."),
    PaneInfo("tasks", "Tasks",
             "Projects, to-dos with owners and due dates, a calendar, who does what."),
    PaneInfo("notes", "Notes", "Shared and private notebooks in Markdown, with history."),
    PaneInfo("links", "Links", "Saved links with titles, notes and tags; who else saved them.",
             built=False),
    PaneInfo("time", "Time", "Timers and timesheets per project.", built=True),
)


def built() -> list[PaneInfo]:
    """The panes that exist in this version, in tab order."""
    return [pane for pane in PANES if pane.built]


def pane(key: str) -> PaneInfo:
    """The pane called ``key`` (KeyError for an unknown key)."""
    for info in PANES:
        if info.key == key:
            return info
    raise KeyError(key)
