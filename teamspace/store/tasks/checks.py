"""What a task's fields may hold: titles, priorities, tags, free text, project names
as other tools write them.  Shared by the writers (store/tasks/tasks.py), the
Taskwarrior import and the views; no database access here."""

from __future__ import annotations

from collections.abc import Sequence

from teamspace.errors import InvalidInput
from teamspace.store.core.projects import MAX_NAME

PRIORITIES = {"h": 1, "high": 1, "m": 2, "medium": 2, "l": 3, "low": 3}
PRIORITY_NAMES = {1: "H", 2: "M", 3: "L"}
NO_PRIORITY = 4
MAX_TITLE = 500
MAX_TEXT = 10_000
# Taskwarrior's rule: a tag is one word; '@home', 'v1.2', 'a:b' and 'Über' are tags.
MAX_TAG = 50


def check_title(title: str) -> str:
    """Trim and validate a task's title (one line)."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("a task needs a title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"a task title can have at most {MAX_TITLE} characters")
    return title


def project_name_for(spelling: str) -> str | None:
    """The project name here for a name as another tool wrote it (blanks collapsed, no
    leading '-', at most MAX_NAME characters), or None if nothing is left."""
    name = " ".join(spelling.split()).lstrip("-").strip()[:MAX_NAME].strip()
    return name or None


def same_project(spelling: str, name: str) -> bool:
    """True if ``spelling`` names project ``name`` (names match in any case)."""
    found = project_name_for(spelling)
    return found is not None and found.lower() == name.lower()


def check_priority(value: str | None) -> int:
    """H/M/L (or high/medium/low) as the stored rank; empty or 'none' is no priority."""
    if value is None or value.strip().lower() in ("", "none", "-"):
        return NO_PRIORITY
    rank = PRIORITIES.get(value.strip().lower())
    if rank is None:
        raise InvalidInput(f"priority '{value}' is not H, M or L")
    return rank


def tag_key(tag: str) -> str:
    """What a tag filter matches: its lowercase form (the tag is shown as written)."""
    return tag.lower()


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` cannot be stored as a tag here, or None if it can."""
    if not tag or len(tag) > MAX_TAG:
        return f"a tag has 1 to {MAX_TAG} characters"
    if any(char.isspace() or char == "," or not char.isprintable() for char in tag):
        return "a tag has no blanks, commas or control characters"
    if tag[0] == "-":
        return "a tag cannot start with '-'"
    return None


def check_tags(tags: Sequence[str]) -> list[str]:
    """Tags as written, without a leading '#' or '+', each once (in any case)."""
    found: list[str] = []
    for raw in tags:
        for tag in raw.replace(",", " ").split():
            tag = tag.lstrip("#+")
            problem = tag_problem(tag)
            if problem:
                raise InvalidInput(f"'{raw}' is not a tag: {problem}")
            if tag_key(tag) not in map(tag_key, found):
                found.append(tag)
    return found


def check_text(text: str, what: str = "a comment") -> str:
    """Trim and validate free text (notes, comments)."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{what} can have at most {MAX_TEXT} characters")
    return text
