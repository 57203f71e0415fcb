"""The key bar at the bottom, which tightens its spacing on terminals under 160 columns
so that more keys (and the palette's ^p) fit on the line."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

ROOMY = 160


class FitFooter(Footer):
    """Textual's footer, compact below :data:`ROOMY` columns."""

    # Compact keys have a one-cell margin on their right; on the palette's key, docked
    # at the right edge, that cell showed a letter of the keys scrolled under it.
    DEFAULT_CSS = """
    FitFooter.-compact FooterKey.-command-palette {
        margin-right: 0;
        padding-right: 1;
    }
    """

    def on_mount(self) -> None:
        """Start in the style the terminal's width asks for."""
        self.compact = self.app.size.width < ROOMY

    def on_resize(self, event: Resize) -> None:
        """Follow the terminal's width."""
        self.compact = self.app.size.width < ROOMY
