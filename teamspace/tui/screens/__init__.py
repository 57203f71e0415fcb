"""Screens any pane may push over the tabs: ``help`` (every binding) and ``pickers`` (a
group to read or post into).  A pane's own screens live in its package."""
