"""Getting text from the user (argument, stdin, $EDITOR) and never losing it.

If a write fails after the user typed text in an editor or piped it in, the text is
saved as a draft in the local data directory and the error says where.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

from teamspace.errors import InvalidInput, Queued, TeamspaceError

T = TypeVar("T")


def from_editor(initial: str = "") -> str:
    """Open $VISUAL/$EDITOR (vi by default) on ``initial``; return what was saved."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, path = tempfile.mkstemp(prefix="teamspace-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(initial)
        try:
            code = subprocess.call([*shlex.split(editor), path])
        except OSError as exc:
            raise InvalidInput(f"cannot run the editor '{editor}': {exc.strerror}; set "
                               "$EDITOR or pass the text as an argument") from exc
        if code != 0:
            raise InvalidInput(f"the editor exited with status {code}; nothing was sent")
        with open(path, encoding="utf-8") as saved:
            return saved.read()
    finally:
        os.unlink(path)


def get_text(text: str | None, *, initial: str = "") -> tuple[str, bool]:
    """The text to send and whether it would be lost on failure (editor or stdin)."""
    if text is None:
        if not sys.stdin.isatty() and not initial:
            return sys.stdin.read(), True
        return from_editor(initial), True
    if text == "-":
        return sys.stdin.read(), True
    return text, False


def save_draft(text: str) -> str:
    """Keep ``text`` in the data directory; return the file's path."""
    import time

    from teamspace.config import data_dir

    folder = data_dir() / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"draft-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def keeping_draft(text: str, precious: bool, send: Callable[[], T]) -> T:
    """Run ``send``; if it fails and the text exists nowhere else, save it as a draft."""
    try:
        return send()
    except Queued:
        raise  # the outbox has the text
    except TeamspaceError as exc:
        if precious and text.strip():
            exc.message += f" (your text is saved in {save_draft(text)})"
        raise
