"""Action items in a note's Markdown: ``- [ ] @anna write the offer due:fri``.

An item names its owner with ``@name`` and its due date with ``due:WHEN``; once it
has become a task (``note promote``) the line ends with ``(task #57)``, which is how
promoting again finds it and creates no duplicate.  When the task is done, the item
is shown ticked (:func:`ticked`) — the stored text is not rewritten for that.
"""

from __future__ import annotations

import re
from typing import Any

from teamspace.store.core.record import Record

ITEM = re.compile(r"^(\s*[-*+]\s+\[)([ xX])(\]\s+)(.*?)\s*$")
OWNER = re.compile(r"(?<![\w.])@([a-z0-9][a-z0-9._-]{0,31})", re.IGNORECASE)
DUE = re.compile(r"(?<!\S)due:(\S+(?:\s+\d{1,2}:\d{2})?)", re.IGNORECASE)
LINK = re.compile(r"\s*\(task #(\d+)\)$")


class ActionItem(Record):
    """One checkbox line of a note."""

    line: int  # 0-based line number in the body
    text: str  # what to do, without owner, due and link
    checked: bool
    assignee: str | None
    due: str | None  # as written (resolved when promoted)
    task_id: int | None


def parse(body: str) -> list[ActionItem]:
    """Every checkbox line of ``body`` (outside fenced code blocks), in order."""
    found: list[ActionItem] = []
    fenced = False
    for number, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = None if fenced else ITEM.match(line)
        if match is None:
            continue
        rest = match.group(4)
        link = LINK.search(rest)
        task_id = int(link.group(1)) if link else None
        if link:
            rest = rest[:link.start()]
        owner = OWNER.search(rest)
        due = DUE.search(rest)
        text = rest
        if owner is not None:  # a leading @name goes; one inside a sentence stays a word
            lead = not rest[:owner.start()].strip()
            text = rest[owner.end():] if lead else \
                rest[:owner.start()] + owner.group(1) + rest[owner.end():]
        text = DUE.sub("", text)
        text = " ".join(text.split())
        if not text:
            continue
        found.append(ActionItem(number, text, match.group(2) != " ",
                                owner.group(1).lower() if owner else None,
                                due.group(1) if due else None, task_id))
    return found


def link(body: str, links: dict[int, int]) -> str:
    """``body`` with ``(task #N)`` added to the item on each line in ``links``."""
    lines = body.split("\n")
    for number, task_id in links.items():
        lines[number] = lines[number].rstrip() + f" (task #{task_id})"
    return "\n".join(lines)


def ticked(body: str, states: dict[int, dict[str, Any]]) -> str:
    """``body`` as shown: items whose task is done are ticked, reopened ones unticked."""
    lines = body.split("\n")
    for item in parse(body):
        state = states.get(item.task_id or -1)
        if state is None:
            continue
        match = ITEM.match(lines[item.line])
        if match is None:  # pragma: no cover - parse found it
            continue
        done = state.get("status") == "done"
        if done != item.checked:
            lines[item.line] = (match.group(1) + ("x" if done else " ") + match.group(3)
                                + lines[item.line][match.end(3):])
    return "\n".join(lines)
