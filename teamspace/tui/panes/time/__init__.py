"""The Time pane of the TUI: the ticking timer, entries, the week grid, charts, and the
suggestion review screen."""
