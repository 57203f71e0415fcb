"""teamspace: a terminal-first team workspace on one shared SQLite file.

This package's ``__init__`` imports nothing: the CLI's startup time is a budget
(docs/performance.md) and every submodule is loaded only by the command that needs it.
"""

__version__ = "0.2.0"
