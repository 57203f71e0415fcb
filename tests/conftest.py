"""Shared fixtures: every test runs with its own HOME, data and config dirs, and user.

Backends: a test module that sets ``BACKENDS = ("sqlite", "postgres")`` runs each of its
tests that use ``workspace``/``db_path``/``backend`` once on a file and once on a
throwaway PostgreSQL database (marked ``postgres``), unless the test is marked
``sqlite_only``.  The server is started once per session (tests/pgserver.py); each test
gets a fresh database cloned from an initialised template.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teamspace.store.core.connection import Workspace

BOTH = ("sqlite", "postgres")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every location teamspace reads at tmp_path (never the developer's files)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TEAMSPACE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("TEAMSPACE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("TEAMSPACE_USER", "anna")
    for name in ("TEAMSPACE_DB", "TEAMSPACE_DEBUG", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                 "PGPASSWORD", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE",
                 "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def utc_days(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Days are UTC days for the test (TZ=UTC, applied and undone with tzset); a module
    asks for it with ``pytestmark = pytest.mark.usefixtures("utc_days")``."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run opted-in modules' tests on both backends (see the module docstring)."""
    if "backend" not in metafunc.fixturenames:
        return
    wanted = getattr(metafunc.module, "BACKENDS", ("sqlite",))
    if metafunc.definition.get_closest_marker("sqlite_only"):
        wanted = ("sqlite",)
    if metafunc.definition.get_closest_marker("postgres_only"):
        wanted = ("postgres",)
    if wanted == ("sqlite",):
        return
    metafunc.parametrize("backend", [
        pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [])
        for name in wanted], indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked postgres_only is a server test (selected by -m postgres)."""
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgres" (see pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """One throwaway PostgreSQL cluster for the whole session (fails if it cannot start)."""
    from pgserver import Server

    server = Server()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_pool(pg_server: Any) -> Any:
    """Initialised, member-less workspace databases that tests borrow (pgserver.Pool)."""
    from pgserver import Pool

    name = pg_server.new_name("template")
    workspace = Workspace.open(pg_server.url(name), user="anna")
    workspace.create(join=False)
    workspace.close()
    return Pool(pg_server, name)


@pytest.fixture
def pg(backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
       ) -> Any:
    """The server for a postgres-backend test (None on SQLite); PGPASSWORD set, so URLs
    carry no password (as a team would use ~/.pgpass)."""
    if backend != "postgres":
        return None
    server = request.getfixturevalue("pg_server")
    from pgserver import PASSWORD

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return server


@pytest.fixture
def db_path(tmp_path: Path, backend: str, pg: Any, request: pytest.FixtureRequest
            ) -> Iterator[str]:
    """Where the workspace is: a file path (made by ``workspace``, if the test uses it),
    or a server URL — an initialised database for ``workspace``, else one not made yet."""
    if pg is None:
        yield str(tmp_path / "share" / "team.db")
        return
    if "workspace" not in request.fixturenames:
        yield str(pg.url(pg.new_name(), password=None))
        return
    pool = request.getfixturevalue("pg_pool")
    name = pool.take()
    yield str(pg.url(name, password=None))
    pool.give_back(name)


@pytest.fixture
def workspace(db_path: str, pg: Any) -> Iterator[Workspace]:
    """A freshly created workspace, opened as user anna."""
    ws = Workspace.open(db_path, user="anna")
    if pg is None:
        ws.create()
    else:
        ws.join()  # the pooled database is initialised, and empty
    yield ws
    ws.close()


_DRIVER_MODULES: list[frozenset[str]] = []


@pytest.fixture
def driver_modules(backend: str) -> frozenset[str]:
    """Top-level modules a command may load on this backend beyond the file's: none on
    a file; on a server the driver and what it brings (psycopg, ssl, json…), which a
    server command loads by design (docs/postgresql.md) — and nothing heavy besides."""
    if backend != "postgres":
        return frozenset()
    if not _DRIVER_MODULES:
        from test_imports import modules_after

        _DRIVER_MODULES.append(frozenset(
            modules_after("import teamspace.store.core.postgres.driver")))
    return _DRIVER_MODULES[0]
