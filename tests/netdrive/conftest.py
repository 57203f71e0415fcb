"""The lab (servers + two mounts per flavour) for every netdrive test, once per session.

Skipped, with the reason, only where FUSE cannot work (not Linux, not root, no usable
/dev/fuse).  Anything else that goes wrong while bringing it up is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from harness import kill_leftovers, reported
from lab import Lab, unusable_reason


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """Servers on 127.0.0.1 and every flavour mounted twice; torn down at the end."""
    reason = unusable_reason()
    if reason:
        pytest.skip(reason)
    the_lab = Lab()
    the_lab.up()
    yield the_lab
    if not os.environ.get("TEAMSPACE_NETDRIVE_KEEP"):
        the_lab.down()


@pytest.fixture(autouse=True)
def no_leftover_clients() -> Iterator[None]:
    """Client processes never outlive their test (a failed test may leave some)."""
    yield
    kill_leftovers()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the measured numbers in every run's output, CI included."""
    if reported:
        terminalreporter.section("netdrive measurements")
        for line in reported:
            terminalreporter.write_line(line)
