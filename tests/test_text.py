"""Untrusted text never carries control or bidi characters to a terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teamspace.text import _UNSAFE_CODES, clean, one_line

UNSAFE = {chr(code) for code in _UNSAFE_CODES}


@given(st.text())
def test_clean_output_is_safe_and_keeps_everything_else(text: str) -> None:
    out = clean(text)
    assert not set(out) & UNSAFE
    assert out == "".join("\ufffd" if ch in UNSAFE else ch for ch in text)


@given(st.text())
def test_one_line_has_no_line_breaks(text: str) -> None:
    out = one_line(text, 40)
    assert "\n" not in out and "\t" not in out and len(out) <= 40
    assert not set(out) & UNSAFE


def test_escape_sequences_are_defused() -> None:
    assert clean("\x1b]0;pwned\x07 hi\u202e") == "\ufffd]0;pwned\ufffd hi\ufffd"
    assert clean("line1\nline2\tx") == "line1\nline2\tx"
    assert clean("a\r\nb", newlines=False) == "a b"
