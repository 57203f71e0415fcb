"""The data layer: ``core`` (one workspace file on a share, the shared-drive rules, and
what every pane builds on) and one package per pane (``microblog``, ``tasks``, …) with
the same names as in ``cli/`` and ``tui/panes/``.

Nothing here imports typer, textual or rich, a pane never imports another pane, and
the modules used by everyday reads and writes import no SQLAlchemy/SQLModel (import
contracts in pyproject.toml).  Import submodules directly
(``from teamspace.store.core.connection import Workspace``); this ``__init__`` stays
empty so importing one part never loads the rest.
"""
