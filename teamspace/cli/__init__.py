"""The ``teamspace`` command line (Typer).  ``main`` is the console-script entry point.

Only light modules load at startup; each command imports what it needs when it runs.
"""

from __future__ import annotations


def main() -> None:
    """Run the CLI with ``sys.argv`` and exit with its status."""
    import gc
    import os
    import sys

    # A one-shot command does not need the cyclic garbage collector: its collections
    # during start-up (imports allocate heavily) cost ~4 ms per call, and what little
    # cyclic garbage a command makes goes away when it exits.  The TUI, which runs for
    # hours, turns it back on (cli/common.launch_tui).
    gc.disable()
    from teamspace.cli.app import run

    code = run()
    # Everything a command writes is committed (fsync'd) and closed before run()
    # returns; tearing the interpreter down (module by module, with a full collection)
    # took ~10 ms per call, longer than the command itself (strace, docs/performance.md).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `teamspace feed | head`: the reader left
        code = code or 1
    os._exit(code)
