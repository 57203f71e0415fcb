"""The store's core: one workspace file on a share, and what every pane builds on.

Units of work (``connection``), the share lock (``lock``, ``lockfiles``), mount checks
(``fs``), parameterised SQL (``session``), the one write path (``submit``, ``outbox``,
``replay``), ordered migrations per pane (``migrations``), doctor and backup
(``health``), version-checked item updates (``items``), members and groups
(``people``, ``groups``), change detection (``live``) and the pane registry
(``registry``).  Core never imports a pane; panes import core.
"""
