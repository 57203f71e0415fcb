"""The ``teamspace`` command line (Typer).  ``main`` is the console-script entry point.

Only light modules load at startup; each command imports what it needs when it runs.
"""

from __future__ import annotations


def main() -> None:
    """Run the CLI with ``sys.argv`` and exit with its status."""
    from teamspace.cli.app import run

    raise SystemExit(run())
