"""Workspace location and identity resolution (config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamspace import config
from teamspace.errors import InvalidInput, WorkspaceError


def write_config(home: Path, text: str) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_default_location_is_the_data_dir(isolated_env: Path) -> None:
    location = config.resolve_location(None)
    assert location.source == "default"
    assert location.value == str(isolated_env / "data" / "team.db")


def test_resolution_order(isolated_env: Path, monkeypatch: pytest.MonkeyPatch,
                          tmp_path: Path) -> None:
    write_config(isolated_env, 'workspace = "~/from-config.db"\n')
    assert config.resolve_location(None) == config.Location(
        str(isolated_env / "from-config.db"), "config")
    monkeypatch.setenv("TEAMSPACE_DB", str(tmp_path / "env.db"))
    assert config.resolve_location(None) == config.Location(str(tmp_path / "env.db"),
                                                            "TEAMSPACE_DB")
    assert config.resolve_location("cli.db").source == "--db"
    assert config.resolve_location("cli.db").value.endswith("/cli.db")


def test_urls_are_kept_verbatim() -> None:
    location = config.resolve_location("postgresql://db.example/team")
    assert location.is_url and location.value == "postgresql://db.example/team"


def test_user_from_env_config_and_os(isolated_env: Path, monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    assert config.current_user() == "anna"
    monkeypatch.delenv("TEAMSPACE_USER")
    write_config(isolated_env, 'user = "Bob"\n')
    assert config.current_user() == "bob"
    (isolated_env / "config" / "config.toml").unlink()
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    assert config.current_user() == "carol"


def test_bad_user_name_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAMSPACE_USER", "not allowed!")
    with pytest.raises(InvalidInput, match="not a valid user name"):
        config.current_user()


def test_broken_config_is_a_clear_error(isolated_env: Path) -> None:
    write_config(isolated_env, "workspace = [unclosed\n")
    with pytest.raises(WorkspaceError, match="not valid TOML"):
        config.load_settings()
    write_config(isolated_env, "bell = 3\n")
    with pytest.raises(WorkspaceError, match="'bell' must be true or false"):
        config.load_settings()


def test_settings_read_known_keys(isolated_env: Path) -> None:
    write_config(isolated_env, 'display_name = "Anna A."\nbell = false\nfuture = 1\n')
    settings = config.load_settings()
    assert settings.display_name == "Anna A." and settings.bell is False
    assert settings.extra == {"future": 1}
