"""The real `task` binary (Taskwarrior 2.6.2 from Debian) on a private data directory,
and the per-uuid comparison of two exports, for the interop tests.

CI installs `taskwarrior` and `calcurse` from .ci/apt-packages; there (CI=true) a
missing binary fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

COMPUTED = ("id", "urgency")  # Taskwarrior computes them on every export
AS_SETS = ("tags", "depends")


def need(binary: str) -> str:
    """The path of ``binary``, or skip (fail on CI) when it is not installed."""
    found = shutil.which(binary)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is not installed (it is listed in .ci/apt-packages)")
        pytest.skip(f"{binary} is not installed")
    return found


class Taskwarrior:
    """The real `task` binary with its own TASKRC and TASKDATA under ``folder``."""

    def __init__(self, folder: Path, rc_lines: str = "") -> None:
        self.binary = need("task")
        folder.mkdir(parents=True, exist_ok=True)
        rc = folder / "taskrc"
        rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\n"
                      f"json.array=on\nhooks=off\n{rc_lines}")
        self.env = dict(os.environ, TASKRC=str(rc), TASKDATA=str(folder / "data"))

    def __call__(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run([self.binary, *args], capture_output=True, text=True,
                                errors="replace", env=self.env, input=input, timeout=60)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def export(self) -> dict[str, dict[str, Any]]:
        """{uuid: record} of everything Taskwarrior holds."""
        return {t["uuid"]: t for t in json.loads(self("export"))}


def differences(want: dict[str, dict[str, Any]], got: dict[str, dict[str, Any]],
                *, skip: tuple[str, ...] = COMPUTED,
                also: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Per uuid, each field whose value differs (tags and depends as sets; ``skip``
    left out; a value equal to the one in ``also`` — the file itself — counts as equal).
    A record of ``want`` missing from ``got`` is one line too."""
    lines = []
    for uuid, record in sorted(want.items()):
        other = got.get(uuid)
        if other is None:
            lines.append(f"{uuid}: missing")
            continue
        for key in sorted((set(record) | set(other)) - set(skip)):
            mine, theirs = record.get(key), other.get(key)
            if key in AS_SETS and isinstance(mine, list) and isinstance(theirs, list):
                mine, theirs = sorted(mine), sorted(theirs)
            if mine != theirs and (also or {}).get(uuid, {}).get(key, mine) != theirs:
                lines.append(f"{uuid} {key}: {mine!r} != {theirs!r}")
    return lines


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """This process's local time zone is ``name`` (TZ + tzset) inside the block."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()
