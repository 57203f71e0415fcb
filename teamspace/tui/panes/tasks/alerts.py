"""Telling the reader about task assignments and @mentions in task comments, the way
the Microblog pane tells about mentions: a toast each, the tab's badge counting what
came while the pane was not in view, and the bell if the settings ask for it.

What came while the TUI was closed is told at start: the first read of the board
brings the alerts since the member's mark kept in the workspace (store/tasks/alerts.py),
a toast each when there are a few, one summary toast when more.  The mark moves (one
short, replayable write) only once the alerts have been in view: the Tasks pane
visible when they came, or opened since.

A mixin for TasksPane: the alerts come with every read of the board (one unit of work)
and, while the pane is hidden, from a small query of the activity log that rides along
in the visible pane's read (hidden panes read nothing of their own; the news must
still reach the reader).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from teamspace.store.tasks.alerts import TaskAlert
from teamspace.text import one_line

FEW = 3  # more alerts than this at once (at start, say) come as one summary toast
# Changes the stored mark may lag behind the newest one looked at, without alerts, before
# a look at the pane moves it anyway: each start walks the log from the mark.
MARK_LAG = 2000

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


def summary(alerts: list[TaskAlert], *, away: bool) -> tuple[str, str]:
    """(title, message) of the one toast for many alerts (``away``: those from while the
    TUI was closed): the first ones named."""
    named = []
    for alert in alerts[:FEW]:
        did = "assigned you" if alert.kind == "assigned" else "mentioned you on"
        named.append(f"{one_line(alert.actor, 32)} {did} #{alert.task_id} "
                     f"“{one_line(alert.title, 40)}”")
    more = len(alerts) - len(named)
    message = "; ".join(named) + (f"; and {more} more" if more else "")
    return (f"{len(alerts)} task alerts while you were away" if away else
            f"{len(alerts)} new task alerts", message)


class TaskAlerts:
    """Mixin: announce alerts; count the unseen ones on the tab."""

    workspace: Workspace
    settings: Settings
    app: App[None]
    notify: Callable[..., None]
    post_message: Callable[[Message], bool]
    is_shown: Callable[[], bool]
    run_worker: Callable[..., Any]
    alert_mark: int | None = None  # the newest activity id already looked at
    unseen_alerts: int = 0
    seen_sent: int = 0  # the mark last written as seen (each mark is written once)

    def announce(self, mark: int, alerts: list[TaskAlert], *, seen: int | None = None
                 ) -> None:
        """Toast the alerts not told yet (the first read's are from while the TUI was
        closed; many at once come in one summary); badge them if the pane is not in view, else
        they are seen.  ``seen``: the stored mark, with the first read."""
        starting = self.alert_mark is None
        if starting and seen is not None:
            self.seen_sent = seen
        fresh = [a for a in alerts if self.alert_mark is None or a.activity_id > self.alert_mark]
        self.alert_mark = max(mark, self.alert_mark or 0)
        if len(fresh) > FEW:  # at start, or a burst (an import): one toast, not a wall
            title, message = summary(fresh, away=starting)
            self.notify(message, title=title, markup=False, timeout=12)
        else:
            for alert in fresh:
                title, message = toast(alert)
                self.notify(message, title=title, markup=False)
        if fresh and self.settings.bell:
            self.app.bell()
        if not fresh:
            # (is_shown last: it looks at the screen, which a closing app has no more)
            if self.mark_lags() and self.is_shown():
                self.write_seen()
            return
        if self.is_shown():
            self.write_seen()
        else:
            self.unseen_alerts += len(fresh)
            self.badge()

    def write_seen(self) -> None:
        """Keep in the workspace that everything told so far was seen (off the UI thread;
        queued in the outbox if the share is away; if it fails, the next start tells
        those alerts again, which loses nothing)."""
        from teamspace.store.tasks.alerts import mark_seen
        from teamspace.tui.pane import attempt

        upto = self.alert_mark
        if upto is None or upto <= self.seen_sent:
            return
        self.seen_sent = upto
        self.run_worker(lambda: attempt(self.workspace, mark_seen, {"upto": upto}, False),
                        thread=True, group="alerts-seen", exit_on_error=False)

    def badge(self) -> None:
        """Show the count of unseen alerts on the tab."""
        from teamspace.tui.pane import Pane

        if isinstance(self, Pane):
            self.post_message(Pane.Badge(self, self.unseen_alerts))

    def alerts_seen(self) -> None:
        """The pane is in view: the alerts are seen (the tab's count goes, the mark in
        the workspace moves)."""
        if self.unseen_alerts:
            self.unseen_alerts = 0
            self.badge()
            self.write_seen()
        elif self.mark_lags():
            self.write_seen()

    def mark_lags(self) -> bool:
        """True if the stored mark is far behind what was looked at (nothing to tell,
        but moving it spares the next start a long walk of the log)."""
        return self.alert_mark is not None and self.alert_mark - self.seen_sent > MARK_LAG

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
