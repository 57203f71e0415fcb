"""Three-way merge of a note's text, line by line (what co-editing rests on).

An edit is based on the revision its author started from (``base``).  If someone saved
in between (``theirs``), the two sets of changes are compared with the base: changes
to different parts of the text are both kept; the same change made twice is kept
once; different changes to the same lines (or to lines that touch) are a conflict,
shown with markers so a person decides — never resolved by dropping one side.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from teamspace.store.core.record import Record

MINE_MARK = "<<<<<<< yours"
SPLIT_MARK = "======="
THEIRS_MARK = ">>>>>>>"

Hunk = tuple[int, int, list[str]]  # base lines [start, end) replaced by these lines


class Merged(Record):
    """The merged text and how many places conflict (0: a clean merge)."""

    text: str
    conflicts: int


def _hunks(base: list[str], other: list[str]) -> list[Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"]


def _apply(base: list[str], start: int, end: int, hunks: list[Hunk]) -> list[str]:
    """Base lines [start, end) with ``hunks`` (all inside that range) applied."""
    out: list[str] = []
    at = start
    for hunk_start, hunk_end, lines in hunks:
        out += base[at:hunk_start] + lines
        at = hunk_end
    return out + base[at:end]


def _ended(lines: list[str]) -> list[str]:
    """Lines where the last one ends with a newline (so a marker starts a line)."""
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def merge3(base: str, mine: str, theirs: str, *, theirs_label: str = "theirs") -> Merged:
    """Merge ``mine`` and ``theirs``, both edited from ``base``."""
    if mine == theirs or theirs == base:
        return Merged(mine, 0)
    if mine == base:
        return Merged(theirs, 0)
    lines = base.splitlines(keepends=True)
    ours, others = _hunks(lines, mine.splitlines(keepends=True)), \
        _hunks(lines, theirs.splitlines(keepends=True))
    out: list[str] = []
    conflicts = 0
    at = i = j = 0
    while i < len(ours) or j < len(others):
        # The next group: the earliest hunk, and every hunk of either side that
        # overlaps or touches what the group covers so far.
        if j >= len(others) or (i < len(ours) and ours[i][0] <= others[j][0]):
            low, high = ours[i][0], ours[i][1]
        else:
            low, high = others[j][0], others[j][1]
        mine_group: list[Hunk] = []
        theirs_group: list[Hunk] = []
        grew = True
        while grew:
            grew = False
            while i < len(ours) and ours[i][0] <= high:
                mine_group.append(ours[i])
                high = max(high, ours[i][1])
                i += 1
                grew = True
            while j < len(others) and others[j][0] <= high:
                theirs_group.append(others[j])
                high = max(high, others[j][1])
                j += 1
                grew = True
        out += lines[at:low]
        mine_side = _apply(lines, low, high, mine_group)
        theirs_side = _apply(lines, low, high, theirs_group)
        if not theirs_group or mine_side == theirs_side:
            out += mine_side
        elif not mine_group:
            out += theirs_side
        else:
            conflicts += 1
            out += [MINE_MARK + "\n", *_ended(mine_side), SPLIT_MARK + "\n",
                    *_ended(theirs_side), f"{THEIRS_MARK} {theirs_label}\n"]
        at = high
    out += lines[at:]
    return Merged("".join(out), conflicts)


def has_markers(text: str) -> bool:
    """True if ``text`` still holds conflict markers (a resolution not finished)."""
    lines = text.splitlines()
    return any(line == MINE_MARK for line in lines) and any(
        line.startswith(THEIRS_MARK) for line in lines)
