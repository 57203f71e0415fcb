"""Front matter as Obsidian, nb and static-site tools keep it: a block of ``key: value``
lines between ``---`` lines at the top of a Markdown file.

This reads the part of YAML such blocks use — plain, single- and double-quoted
scalars, ``true``/``false``, flow lists ``[a, b]`` and block lists of ``- item`` lines —
without a YAML library; anything else is kept as its text.  :func:`dump` writes
titles double-quoted (JSON escapes, which YAML reads the same), so a title survives
an export and an import unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*?))?\s*$")


def _scalar(text: str) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    if text in ("", "~", "null"):
        return None
    return text


def _flow_list(text: str) -> list[Any]:
    inner = text.strip()[1:-1]
    items, current, quote = [], "", ""
    for ch in inner:
        if quote:
            current += ch
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        items.append(current)
    return [_scalar(item) for item in items if item.strip()]


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, the Markdown after it); no front matter gives ({}, text)."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, text
    rest = text.split("\n", 1)[1]
    lines = rest.split("\n")
    for number, line in enumerate(lines):
        if line.rstrip("\r") in ("---", "..."):
            head, body = lines[:number], "\n".join(lines[number + 1:])
            return _parse(head), body
    return {}, text  # no closing line: not front matter


def _parse(lines: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    key: str | None = None
    for raw in lines:
        line = raw.rstrip("\r")
        item = re.match(r"^\s*-\s+(.*)$", line)
        if item and key is not None and isinstance(data.get(key), list):
            data[key].append(_scalar(item.group(1)))
            continue
        match = _KEY.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2)
        if value is None or value == "":
            data[key] = []  # a block list follows (or the value is empty)
        elif value.startswith("[") and value.endswith("]"):
            data[key] = _flow_list(value)
        else:
            data[key] = _scalar(value)
    return {k: (None if v == [] else v) for k, v in data.items()}


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def dump(fields: dict[str, Any]) -> str:
    """A front matter block (with its ``---`` lines) for ``fields``."""
    out = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, list):
            out.append(f"{key}: [{', '.join(_quoted(str(v)) for v in value)}]")
        else:
            out.append(f"{key}: {_quoted(str(value))}")
    out.append("---")
    return "\n".join(out) + "\n"
