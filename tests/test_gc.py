"""The CLI runs without the cyclic GC (start-up speed); the TUI gets it back."""

from __future__ import annotations

import gc

import pytest

from teamspace.cli import common


def test_launch_tui_turns_the_collector_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr("teamspace.tui.app.run_tui", lambda ws: seen.append(gc.isenabled()))
    gc.disable()
    try:
        common.launch_tui(object())  # type: ignore[arg-type]
    finally:
        gc.enable()
    assert seen == [True]


def test_main_runs_commands_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from teamspace import cli

    seen = []
    exits = []
    monkeypatch.setattr("teamspace.cli.app.run", lambda: seen.append(gc.isenabled()) or 3)
    monkeypatch.setattr("os._exit", exits.append)
    try:
        cli.main()
    finally:
        gc.enable()
    assert seen == [False] and exits == [3]
