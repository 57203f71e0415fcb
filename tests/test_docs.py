"""docs/ stays true: the CLI reference is generated from --help and must not drift."""

from __future__ import annotations

from teamspace.cli import reference

from support import ROOT


def test_cli_reference_matches_the_code() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text()
    assert committed == reference.render(), (
        "docs/cli.md is out of date: run 'make docs' (python -m teamspace.cli.reference "
        "> docs/cli.md) and commit it")


def test_every_command_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    for command in ("init", "whoami", "doctor", "backup", "version"):
        assert f"## `teamspace {command}`" in text
