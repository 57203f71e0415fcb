"""The Textual TUI: ``app.py`` (the shell, built from the pane registry), ``pane.py`` (the
pane contract), ``panes/`` (one package per pane), ``widgets/`` and ``screens/`` (what any
pane may use).  Only this package imports textual (import contracts in pyproject.toml).
"""
