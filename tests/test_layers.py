"""The layers are import contracts (pyproject.toml, [tool.importlinter]); these tests
show the contracts hold, cover every built pane, and do catch a violation."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from teamspace.panes import PANES, built
from teamspace.tui.pane import Pane

from support import ROOT

LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
        "--no-cache"]


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(LINT, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_the_contracts_name_every_built_pane() -> None:
    keys = [info.key for info in built()]
    found = contracts()
    assert found["layers"]["layers"][2] == " | ".join(f"teamspace.store.{k}" for k in keys)
    assert found["cli-panes"]["modules"] == [f"teamspace.cli.{k}" for k in keys]
    assert found["tui-panes"]["modules"] == [f"teamspace.tui.panes.{k}" for k in keys]


def test_every_ignored_import_says_why() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if "->" in line and line.strip().startswith('"'):
            above = lines[number - 1].strip()
            assert above.startswith("#") or "->" in above, line


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("store/microblog/posts.py", "from teamspace.store.tasks import tasks", "UI above"),
    ("store/core/items.py", "from teamspace.store.microblog import feed", "UI above"),
    ("store/core/items.py", "import rich", "never imports a UI toolkit"),
    ("tui/panes/tasks/detail.py", "import teamspace.tui.panes.microblog.render",
     "TUI panes never import each other"),
    ("cli/microblog/render.py", "import teamspace.cli.tasks.render",
     "CLI panes never import each other"),
    ("cli/tasks/core.py", "import teamspace.store.tasks.schema", "never import the ORM"),
    ("store/microblog/feed.py", "import psycopg", "never import the PostgreSQL driver"),
])
def test_a_violation_is_caught(tmp_path: Path, module: str, line: str, contract: str) -> None:
    """Negative controls: the same contracts fail on a copy with one bad import."""
    shutil.copytree(ROOT / "teamspace", tmp_path / "teamspace",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "teamspace" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert contract in result.stdout.split("Broken contracts")[-1]


@pytest.mark.parametrize("info", PANES, ids=[info.key for info in PANES])
def test_each_pane_follows_the_pattern(info: object) -> None:
    """A built pane has its folder in every layer with the conventional parts; a pane
    that is only declared has none (its tab says what it will hold)."""
    key = info.key  # type: ignore[attr-defined]
    package = ROOT / "teamspace"
    folders = [package / "store" / key, package / "cli" / key, package / "tui" / "panes" / key]
    if not info.built:  # type: ignore[attr-defined]
        assert not any(folder.exists() for folder in folders)
        return
    assert all((folder / "__init__.py").exists() for folder in folders)
    steps = importlib.import_module(f"teamspace.store.{key}.migrations").MIGRATIONS
    assert steps and all(isinstance(name, str) and callable(step) for name, step in steps)
    tables = importlib.import_module(f"teamspace.cli.{key}")
    assert isinstance(tables.COMMANDS, dict) and isinstance(tables.GROUPS, dict)
    assert tables.COMMANDS or tables.GROUPS
    pane = importlib.import_module(f"teamspace.tui.panes.{key}.pane").PANE
    assert issubclass(pane, Pane) and pane.KEY == key
