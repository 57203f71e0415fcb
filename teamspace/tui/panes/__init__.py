"""One package per pane (``microblog``, ``tasks``, …; the names of ``store/`` and ``cli/``),
each with ``pane.py`` defining ``PANE`` (a ``tui.pane.Pane``) and the pane's own widgets
and screens; ``pending.py`` is the tab of a pane declared but not built yet.  Panes never
import each other."""
