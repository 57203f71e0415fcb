"""Widgets any pane may use: ``itemlist`` (a list that keeps cursor and scroll across live
reloads) and ``composer`` (multi-line text with @/# completion)."""
