"""The ``teamspace`` command line (Typer).  ``main`` is the console-script entry point.

Only light modules load at startup; each command imports what it needs when it runs.
"""

from __future__ import annotations


def main() -> None:
    """Run the CLI with ``sys.argv`` and exit with its status."""
    import gc

    # A one-shot command does not need the cyclic garbage collector: its collections
    # during start-up (imports allocate heavily) cost ~4 ms per call, and what little
    # cyclic garbage a command makes goes away when it exits.  The TUI, which runs for
    # hours, turns it back on (cli/common.launch_tui).
    gc.disable()
    from teamspace.cli.app import run

    raise SystemExit(run())
