"""The key bar at the bottom, which tightens its spacing on terminals under 160 columns
so that more keys (and the palette's ^p) fit on the line."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

ROOMY = 160


class FitFooter(Footer):
    """Textual's footer, compact below :data:`ROOMY` columns."""

    def on_mount(self) -> None:
        """Start in the style the terminal's width asks for."""
        self.compact = self.app.size.width < ROOMY

    def on_resize(self, event: Resize) -> None:
        """Follow the terminal's width."""
        self.compact = self.app.size.width < ROOMY
