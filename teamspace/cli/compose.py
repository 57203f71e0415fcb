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


MAX_STDIN = 64 * 1024 * 1024  # bytes read from a pipe at most (the store's limits are lower)
MAX_DRAFT = 16 * 1024 * 1024  # characters kept as a draft at most


def read_stdin(what: str = "the text") -> str:
    """Standard input as UTF-8 text; a clear error (never a traceback) if it is not."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream given by a test harness or an embedding program
        return str(sys.stdin.read())
    try:
        data: bytes = stream.read(MAX_STDIN + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} from standard input: {exc}") from None
    if len(data) > MAX_STDIN:
        raise InvalidInput(f"{what} on standard input is longer than "
                           f"{MAX_STDIN // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{what} on standard input is not UTF-8 (byte {exc.start + 1} "
                           f"is {data[exc.start]:#04x}); convert it, e.g. with iconv") from None


def get_text(text: str | None, *, initial: str = "") -> tuple[str, bool]:
    """The text to send and whether it would be lost on failure (editor or stdin)."""
    if text is None:
        if not sys.stdin.isatty():  # a script or a pipe: no terminal for an editor
            piped = read_stdin()
            if piped.strip() or not initial:
                return piped, True
            raise InvalidInput("there is no terminal to open an editor in: give the text "
                               "as an argument, or pipe it in")
        return from_editor(initial), True
    if text == "-":
        return read_stdin(), True
    return text, False


def save_draft(text: str) -> str:
    """Keep ``text`` in the data directory, readable by you alone; return the file's path."""
    import time

    from teamspace.config import data_dir

    if len(text) > MAX_DRAFT:
        raise InvalidInput(f"the text is too long to keep as a draft (over {MAX_DRAFT} "
                           "characters)")
    folder = data_dir() / "drafts"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"draft-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return str(path)


def keeping_draft(text: str, precious: bool, send: Callable[[], T]) -> T:
    """Run ``send``; if it fails and the text exists nowhere else, save it as a draft."""
    try:
        return send()
    except Queued:
        raise  # the outbox has the text
    except TeamspaceError as exc:
        if precious and text.strip():
            try:
                exc.message += f" (your text is saved in {save_draft(text)})"
            except (OSError, InvalidInput) as why:  # a full disk here too: say so
                exc.message += f" (and your text could not be saved as a draft: {why})"
        raise
