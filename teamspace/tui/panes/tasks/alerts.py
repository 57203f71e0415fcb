"""Telling the reader about task assignments and @mentions in task comments, the way
the Microblog pane tells about mentions: a toast each, the tab's badge counting what
came while the pane was not in view, and the bell if the settings ask for it.

A mixin for TasksPane: the alerts come with every read of the board (one unit of work)
and, while the pane is hidden, from a small query of the activity log that rides along
in the visible pane's read (hidden panes read nothing of their own; the news must
still reach the reader).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from teamspace.store.tasks.alerts import TaskAlert
from teamspace.text import one_line

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.config import Settings
    from teamspace.store.core.connection import Workspace
    from teamspace.store.core.session import Session


@dataclass
class AlertsRead(Message):
    """Alerts read while the pane was hidden."""

    mark: int
    alerts: list[TaskAlert]


def toast(alert: TaskAlert) -> tuple[str, str]:
    """(title, message) of an alert's toast (plain text: shown with markup off)."""
    if alert.kind == "assigned":
        return (f"{alert.actor} assigned you #{alert.task_id}", one_line(alert.title, 70))
    return (f"{alert.actor} mentioned you on #{alert.task_id}", one_line(alert.text, 70))


class TaskAlerts:
    """Mixin: announce alerts; count the unseen ones on the tab."""

    workspace: Workspace
    settings: Settings
    app: App[None]
    notify: Callable[..., None]
    post_message: Callable[[Message], bool]
    is_shown: Callable[[], bool]
    alert_mark: int | None = None  # the newest activity id already looked at
    unseen_alerts: int = 0

    def announce(self, mark: int, alerts: list[TaskAlert]) -> None:
        """Toast the alerts not told yet; badge them if the pane is not in view."""
        fresh = [a for a in alerts if self.alert_mark is None or a.activity_id > self.alert_mark]
        self.alert_mark = max(mark, self.alert_mark or 0)
        for alert in fresh:
            title, message = toast(alert)
            self.notify(message, title=title, markup=False)
        if fresh and self.settings.bell:
            self.app.bell()
        if fresh and not self.is_shown():
            self.unseen_alerts += len(fresh)
            self.badge()

    def badge(self) -> None:
        """Show the count of unseen alerts on the tab."""
        from teamspace.tui.pane import Pane

        if isinstance(self, Pane):
            self.post_message(Pane.Badge(self, self.unseen_alerts))

    def alerts_seen(self) -> None:
        """The pane is in view: the alerts are seen."""
        if self.unseen_alerts:
            self.unseen_alerts = 0
            self.badge()

    def ride_along(self) -> None:
        """While the pane is hidden, look for alerts inside whatever the visible pane
        reads on a change (the same unit of work: a hidden pane costs no read)."""
        from teamspace.store.tasks.alerts import select_alerts

        def rider(session: Session) -> None:
            mark = self.alert_mark
            if mark is None:
                return  # the first read of the board sets the mark
            newest, found = select_alerts(session, after=mark)
            if newest != mark:  # announce() drops what the board's own read told
                self.post_message(AlertsRead(newest, found))

        self._rider = rider
        self.workspace.ride_along(rider)

    def ride_off(self) -> None:
        """The pane is gone: its rider leaves the workspace's reads."""
        rider = getattr(self, "_rider", None)
        self.workspace.riders = tuple(r for r in self.workspace.riders if r is not rider)

    def on_alerts_read(self, event: AlertsRead) -> None:
        """Announce what the hidden check found."""
        self.announce(event.mark, event.alerts)
