"""Make untrusted text (anything another user wrote) safe to show in a terminal.

Other people's text may carry escape sequences (to recolour, retitle or clear the
terminal, or worse) and bidi overrides (to make text read differently than it is).
:func:`clean` replaces every such character with a visible stand-in, so a hostile
post is shown, harmlessly, for what it is.  Rich/Textual markup is a separate
concern: the UIs render user text as plain ``Text`` objects, never as markup.
"""

from __future__ import annotations

# C0 controls except tab and newline, DEL, C1 controls, zero-width and bidi controls.
# A translation table, not a regex: compiling this class costs ~1 ms per CLI call.
_REPLACEMENT = 0xFFFD
_UNSAFE_CODES = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                 *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2028, 0x2029,
                 *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]
_TABLE = dict.fromkeys(_UNSAFE_CODES, _REPLACEMENT)
_FLAT = {**_TABLE, ord("\n"): ord(" "), ord("\t"): ord(" ")}


def clean(text: str, *, newlines: bool = True) -> str:
    """Return ``text`` with control and bidi characters replaced by U+FFFD.

    With ``newlines=False`` line breaks and tabs become spaces (for one-line views).
    """
    if not newlines:
        return text.replace("\r\n", " ").translate(_FLAT)
    return text.translate(_TABLE)


def one_line(text: str, width: int = 80) -> str:
    """A cleaned single-line excerpt of at most ``width`` characters."""
    flat = " ".join(clean(text, newlines=False).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
