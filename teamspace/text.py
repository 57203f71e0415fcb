"""Make untrusted text (anything another user wrote) safe to show in a terminal.

Other people's text may carry escape sequences (to recolour, retitle or clear the
terminal, or worse) and bidi overrides (to make text read differently than it is).
:func:`clean` replaces every such character with a visible stand-in, so a hostile
post is shown, harmlessly, for what it is.  Rich/Textual markup is a separate
concern: the UIs render user text as plain ``Text`` objects, never as markup.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, zero-width and bidi controls.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
_REPLACEMENT = "\ufffd"


def clean(text: str, *, newlines: bool = True) -> str:
    """Return ``text`` with control and bidi characters replaced by U+FFFD.

    With ``newlines=False`` line breaks and tabs become spaces (for one-line views).
    """
    text = _UNSAFE.sub(_REPLACEMENT, text)
    if not newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return text


def one_line(text: str, width: int = 80) -> str:
    """A cleaned single-line excerpt of at most ``width`` characters."""
    flat = " ".join(clean(text, newlines=False).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
