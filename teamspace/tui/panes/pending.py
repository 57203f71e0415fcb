"""The body of a tab whose pane is declared (teamspace/panes.py) but not built yet: it
says what the pane will hold, and nothing else."""

from __future__ import annotations

from textual.widgets import Static

from teamspace.panes import PaneInfo


class PendingPane(Static):
    """A plain explanation shown in a tab until its pane lands."""

    def __init__(self, info: PaneInfo) -> None:
        super().__init__(f"{info.purpose}\n\nThis pane is not available in this version yet.",
                         markup=False, classes="pending")
