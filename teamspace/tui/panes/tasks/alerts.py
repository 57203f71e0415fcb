"""Telling the reader about task assignments and @mentions in task comments, the way
the Microblog pane tells about mentions: a toast each, the tab's badge counting what
came while the pane was not in view, and the bell if the settings ask for it.

A mixin for TasksPane: the alerts come with every read of the board (one unit of work)
and, while the pane is hidden, from a small read of the activity log on each change
(hidden panes do not read their view; the news must still reach the reader).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from teamspace.errors import TeamspaceError
from teamspace.store.tasks.alerts import TaskAlert
from teamspace.text import one_line

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.config import Settings
    from teamspace.store.core.connection import Workspace


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

    @work(thread=True, exclusive=True, group="task-alerts", exit_on_error=False)
    def check_alerts(self) -> None:
        """Read the alerts since the mark (the pane is hidden: its view is not read)."""
        from teamspace.store.tasks.alerts import alerts

        if self.alert_mark is None:
            return  # the first read of the board sets the mark
        try:
            mark, found = alerts(self.workspace, after=self.alert_mark)
        except TeamspaceError:
            return  # the header already says when the share is away
        self.post_message(AlertsRead(mark, found))

    def on_alerts_read(self, event: AlertsRead) -> None:
        """Announce what the hidden check found."""
        self.announce(event.mark, event.alerts)
