"""Shared fixtures: every test runs with its own HOME, data and config dirs, and user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from teamspace.store.core.connection import Workspace


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every location teamspace reads at tmp_path (never the developer's files)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TEAMSPACE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("TEAMSPACE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("TEAMSPACE_USER", "anna")
    for name in ("TEAMSPACE_DB", "TEAMSPACE_DEBUG", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A path for a new workspace file."""
    return str(tmp_path / "share" / "team.db")


@pytest.fixture
def workspace(db_path: str) -> Workspace:
    """A freshly created workspace, opened as user anna."""
    ws = Workspace.open(db_path, user="anna")
    ws.create()
    return ws

