"""Make untrusted text (anything another user wrote) safe to show in a terminal.

Other people's text may carry escape sequences (to recolour, retitle or clear the
terminal, or worse) and bidi overrides (to make text read differently than it is).
:func:`clean` replaces every such character with a visible stand-in, so a hostile
post is shown, harmlessly, for what it is.  Rich/Textual markup is a separate
concern: the UIs render user text as plain ``Text`` objects, never as markup.

This is the one cleaning path: call sites clean what they show, and every sink guards
what it writes — :func:`guard` for the CLI's streams, the same table as a line filter
over everything the TUI draws, :func:`json_text` for JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re

# C0 controls except tab and newline, DEL, C1 controls, zero-width and bidi controls.
# A translation table, not a regex: compiling this class costs ~1 ms per CLI call.
_REPLACEMENT = 0xFFFD
_UNSAFE_CODES = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                 *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2028, 0x2029,
                 *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF, 0x061C]
_TABLE = dict.fromkeys(_UNSAFE_CODES, _REPLACEMENT)
_FLAT = {**_TABLE, ord("\n"): ord(" "), ord("\t"): ord(" ")}


def clean(text: str, *, newlines: bool = True) -> str:
    """Return ``text`` with control and bidi characters replaced by U+FFFD.

    With ``newlines=False`` line breaks and tabs become spaces (for one-line views).
    """
    if not newlines:
        return text.replace("\r\n", " ").translate(_FLAT)
    return text.translate(_TABLE)


MAX_DESCRIPTION = 2000  # characters in a group's or project's description


def check_description(text: str, what: str) -> str:
    """A description (of a group, a project…): trimmed, at most MAX_DESCRIPTION
    characters, or InvalidInput saying so."""
    from teamspace.errors import InvalidInput

    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidInput(f"a {what} description can have at most {MAX_DESCRIPTION} "
                           f"characters (this one has {len(text)})")
    return text


def one_line(text: str, width: int = 80) -> str:
    """A cleaned single-line excerpt of at most ``width`` characters."""
    flat = " ".join(clean(text, newlines=False).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


# ---------------------------------------------------------------------- the sinks
# The CLI writes every byte for the terminal through guard() (cli.app.run wraps stdout
# and stderr), so a call site that forgets clean() still cannot set the title, write
# the clipboard (OSC 52), query the terminal or switch modes: only colours (SGR) and the
# few cursor moves a progress bar needs survive; every other escape sequence, C0/C1
# control, bidi and zero-width character becomes U+FFFD.  The TUI has the same guard
# as a line filter over everything it draws (tui/app.py).
_GUARD_TABLE = {code: _REPLACEMENT for code in _UNSAFE_CODES if code != ord("\r")}
_KEEP: re.Pattern[str] | None = None  # compiled on first use: most output has no escapes


def _kept_sequences() -> re.Pattern[str]:
    global _KEEP
    if _KEEP is None:
        import re

        # SGR colours, erase line, cursor up/column, cursor show/hide (Rich progress bars).
        _KEEP = re.compile(r"(\x1b\[[0-9;]{0,32}[mKAG]|\x1b\[\?25[hl])")
    return _KEEP


def guard(text: str) -> str:
    """``text`` as it may reach a terminal: only our own colours and progress-bar moves
    survive; anything else that a terminal would obey is replaced by U+FFFD."""
    if "\x1b" not in text:
        return text.translate(_GUARD_TABLE)
    parts = _kept_sequences().split(text)
    # split() with a group keeps the kept sequences at odd positions.
    return "".join(part if index % 2 else part.translate(_GUARD_TABLE)
                   for index, part in enumerate(parts))


def json_text(data: object, *, indent: int | None = 2) -> str:
    """JSON for ``--json`` and exports: non-ASCII text stays readable, but C1 controls,
    bidi and zero-width characters are written as ``\\u`` escapes (JSON already escapes
    C0), so piping it to a terminal cannot attack the reader."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    return text.translate(_JSON_TABLE)


_JSON_TABLE = {code: f"\\u{code:04x}" for code in _UNSAFE_CODES if code >= 0x7F}
