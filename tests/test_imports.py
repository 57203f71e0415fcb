"""Import hygiene: layers stay apart and the everyday CLI stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import ROOT

# psycopg: only a postgresql:// workspace loads it (~0.15 s).
HEAVY = ["sqlalchemy", "sqlmodel", "pydantic", "textual", "psycopg"]
UI = ["typer", "textual", "rich", "click"]
PACKAGE = ROOT / "teamspace"


def modules_after(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the top-level modules it loaded."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in " \
        "sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("argv", [
    ["--help"], ["whoami"], ["version"], ["whoami", "--json"],
    ["post", "hello @anna #tag"], ["feed"], ["feed", "--unread", "--json"],
    ["dm", "anna", "psst"], ["reply", "1", "re"], ["read", "--all"],
])
def test_common_commands_import_nothing_heavy(argv: list[str], workspace: object,
                                              db_path: str) -> None:
    """Run the command for real (it must succeed) and check what it loaded."""
    code = ("import sys\nfrom teamspace.cli.app import run\n"
            f"sys.argv = ['teamspace', *{argv!r}, *(['--db', {db_path!r}] if "
            f"{argv!r} != ['--help'] else [])]\n"
            "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = run()\n"
            "assert code == 0, code")
    if argv[0] == "reply":
        modules_after(code.replace(repr(argv), repr(["post", "first"])))
    loaded = modules_after(code)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


STORE_RUNTIME = ["core.connection", "core.lock", "core.fs", "core.session", "core.health",
                 "core.migrations", "core.registry", "microblog.migrations",
                 "tasks.migrations"]


def test_store_runtime_modules_import_no_ui_and_no_orm() -> None:
    code = "\n".join(f"import teamspace.store.{name}" for name in STORE_RUNTIME)
    code += "\nfrom teamspace.store.core.migrations import schema_version\nschema_version()"
    loaded = modules_after(code)
    assert not loaded & set(UI + HEAVY)


# Which modules may import which is declared as import contracts (tests/test_layers.py);
# the tests here run real commands and look at what they loaded.


def test_package_init_files_are_light() -> None:
    loaded = modules_after("import teamspace, teamspace.store, teamspace.cli, teamspace.tui")
    assert not loaded & set(UI + HEAVY)


def test_everyday_store_reads_and_writes_load_no_orm(workspace: object, db_path: str) -> None:
    code = ("from teamspace.store.core.connection import Workspace\n"
            f"ws = Workspace.open({db_path!r}, user='bob')\n"
            "ws.write(lambda s: s.record('thing', 1, 'poke'), kind='t')\n"
            "ws.read(lambda s: s.scalar('SELECT count(*) FROM activity'))")
    loaded = modules_after(code)
    assert not loaded & set(UI + HEAVY)


@pytest.mark.parametrize("argv", [
    ["task", "add", "Fix", "login", "--due", "fri", "--priority", "H", "--tag", "web"],
    ["task", "list"], ["task", "list", "--mine", "--json"], ["task", "done", "1"]])
def test_everyday_task_commands_import_nothing_heavy(argv: list[str], workspace: object,
                                                     db_path: str) -> None:
    from teamspace.store.tasks import tasks

    tasks.add_task(workspace, title="to be done")  # type: ignore[arg-type]
    code = ("import sys\nfrom teamspace.cli.app import run\n"
            f"sys.argv = ['teamspace', *{argv!r}, '--db', {db_path!r}]\n"
            "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert run() == 0\n")
    loaded = modules_after(code)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
