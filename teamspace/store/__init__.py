"""The data layer: workspace files, the shared-drive rules, and one module per pane.

Nothing here imports typer, textual or rich (checked by tests/test_imports.py), and
the modules used by everyday reads and writes import no SQLAlchemy/SQLModel either.
Import submodules directly (``from teamspace.store.core.connection import Workspace``);
this ``__init__`` stays empty so importing one part never loads the rest.
"""
