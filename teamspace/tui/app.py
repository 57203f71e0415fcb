"""The teamspace TUI: one tab per pane, live, built from a workspace handle."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane
from textual.worker import get_current_worker

from teamspace.config import Settings
from teamspace.errors import TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.tui.panes.microblog.actions import WriteDone, WriteFailed
from teamspace.tui.panes.microblog.pane import FeedFailed, FeedLoaded, MicroblogPane, UnreadChanged
from teamspace.tui.panes.pending import PendingPane
from teamspace.tui.panes.tasks.pane import TasksPane

PANES = [
    ("microblog", "Microblog"),
    ("tasks", "Tasks"),
    ("notes", "Notes"),
    ("links", "Links"),
    ("time", "Time"),
]
POLL_SECONDS = 0.25

if TYPE_CHECKING:
    from teamspace.store.core.live import ChangeWatcher
OUTBOX_SECONDS = 10.0


class WorkspaceChanged(Message):
    """Someone (maybe another machine) committed to the workspace."""


class OutboxState(Message):
    """How many of my writes still wait in the local outbox."""

    def __init__(self, waiting: int) -> None:
        super().__init__()
        self.waiting = waiting


class TeamspaceApp(App[None]):
    """The whole TUI; :func:`build_app` is the one factory used by the CLI and tests."""

    CSS_PATH = "app.tcss"
    TITLE = "teamspace"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", id="app.theme"),
        Binding("f5", "refresh", "Refresh", id="app.refresh"),
        *[Binding(str(n), f"show_tab('{key}')", label, show=False, id=f"app.tab.{key}")
          for n, (key, label) in enumerate(PANES, start=1)],
    ]

    def __init__(self, workspace: Workspace, *, settings: Settings | None = None,
                 watch: bool = True) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings or Settings()
        self.watching = watch
        self.state = "ok"
        self._watcher: ChangeWatcher | None = None

    def compose(self) -> ComposeResult:
        """Header, the tabs, footer."""
        yield Header()
        with TabbedContent(id="tabs"):
            for key, label in PANES:
                with TabPane(label, id=key):
                    if key == "microblog":
                        yield MicroblogPane(self.workspace, bell=self.settings.bell)
                    elif key == "tasks":
                        yield TasksPane(self.workspace)
                    else:
                        yield PendingPane(key)
        yield Footer()

    def on_mount(self) -> None:
        """Theme, title, and the live watcher."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._show_state()
        self.load_title()
        if self.watching:
            self.watch_workspace()
            self.set_interval(OUTBOX_SECONDS, self.flush_outbox)

    # ------------------------------------------------------------------ header
    def _show_state(self) -> None:
        self.sub_title = f"{self.workspace.user} · {self.state}"

    @work(thread=True, exit_on_error=False)
    def load_title(self) -> None:
        """The workspace's name (from `init --name`), else its file name."""
        import os

        try:
            name = self.workspace.get_meta("name")
        except TeamspaceError:
            name = None
        title = name or os.path.basename(self.workspace.path)
        self.call_from_thread(setattr, self, "title", title)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self._show_state()

    def on_feed_loaded(self, event: FeedLoaded) -> None:
        """Reads work: the share is reachable."""
        self._set_state("ok")

    def on_feed_failed(self, event: FeedFailed) -> None:
        """Reads fail: say so in the header."""
        self._set_state("share unreachable")

    def on_write_done(self, event: WriteDone) -> None:
        """A write landed, or was queued."""
        self._set_state("writes queued" if event.queued else "ok")

    def on_write_failed(self, event: WriteFailed) -> None:
        """A write failed."""
        if event.unavailable:
            self._set_state("share unreachable")

    def on_unread_changed(self, event: UnreadChanged) -> None:
        """Tab label shows unread mentions + private messages only (not every post)."""
        found = self.query("#tabs").results(TabbedContent)
        tabs = next(found, None)
        if tabs is None:  # the app is shutting down
            return
        tabs.get_tab("microblog").label = "Microblog" + (f" ({event.count})" if event.count
                                                         else "")

    @work(thread=True, exclusive=True, group="outbox", exit_on_error=False)
    def flush_outbox(self) -> None:
        """Send writes that were queued while the share was unreachable."""
        from teamspace.store.core import outbox

        if not outbox.pending(self.workspace.path, include_failed=False):
            return
        try:
            outbox.replay(self.workspace)
        except TeamspaceError:
            pass  # still unreachable: the entries keep waiting, in order
        waiting = len(outbox.pending(self.workspace.path, include_failed=False))
        self.post_message(OutboxState(waiting))

    def on_outbox_state(self, event: OutboxState) -> None:
        """Show queued writes in the header; refresh once they have landed."""
        self._set_state(f"{event.waiting} writes queued" if event.waiting else "ok")
        if not event.waiting:
            self.action_refresh()

    # ------------------------------------------------------------------ live
    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_workspace(self) -> None:
        """Post WorkspaceChanged whenever another client (or we) commit (store/core/live.py:
        inotify on local disks, a fresh-open header poll on network shares)."""
        from teamspace.store.core.live import ChangeWatcher

        worker = get_current_worker()
        self._watcher = ChangeWatcher(self.workspace.path, interval=POLL_SECONDS)
        for _change in self._watcher:
            if worker.is_cancelled:
                break
            self.post_message(WorkspaceChanged())

    def on_unmount(self) -> None:
        """Let the watcher thread finish."""
        if self._watcher is not None:
            self._watcher.stop()

    def on_workspace_changed(self, event: WorkspaceChanged) -> None:
        """Refresh what is on screen (cursor, scroll and drafts are kept)."""
        self.action_refresh()

    def action_refresh(self) -> None:
        """Reload the visible pane and any open thread."""
        pane = self.query_one(MicroblogPane)
        pane.reload()
        pane.refresh_directory()
        self.query_one(TasksPane).reload()
        reload = getattr(self.screen, "reload", None)
        if callable(reload) and self.screen is not self.screen_stack[0]:
            reload()

    # ------------------------------------------------------------------ actions
    def action_show_tab(self, key: str) -> None:
        """Switch to the pane ``key``."""
        self.query_one("#tabs", TabbedContent).active = key

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Put the keyboard in the pane that was opened, not on the tab strip."""
        if event.pane.id == "microblog":
            self.query_one(MicroblogPane).post_list().focus()
        elif event.pane.id == "tasks":
            self.query_one(TasksPane).task_list().focus()

    def action_help(self) -> None:
        """Show every key binding."""
        from teamspace.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette offers every bound action of the app and the active pane."""
        yield from super().get_system_commands(screen)
        nodes: list[tuple[object, list[BindingType]]] = [(self, self.BINDINGS)]
        active = self.query_one("#tabs", TabbedContent).active
        if active in ("microblog", "tasks") and screen is self.screen_stack[0]:
            pane = self.query_one(MicroblogPane if active == "microblog" else TasksPane)
            nodes.append((pane, pane.BINDINGS))
        elif screen is not self.screen_stack[0]:
            nodes.append((screen, screen.BINDINGS))
        for node, bindings in nodes:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.action != "quit":
                    yield SystemCommand(binding.description, f"key: {binding.key}",
                                        partial(node.run_action, binding.action))  # type: ignore[attr-defined]


def build_app(workspace: Workspace, *, settings: Settings | None = None,
              watch: bool = True) -> TeamspaceApp:
    """Make the app for ``workspace`` (nothing is read until it mounts)."""
    return TeamspaceApp(workspace, settings=settings, watch=watch)


def run_tui(workspace: Workspace) -> None:
    """Run the TUI in the terminal until the user quits."""
    from teamspace.config import load_settings

    build_app(workspace, settings=load_settings()).run()
