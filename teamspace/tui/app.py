"""The teamspace TUI: one tab per registered pane, live, built from a workspace handle.

The app never names a pane: it walks ``teamspace.panes.PANES`` and mounts each built
pane's ``tui/panes/<key>/pane.py`` ``PANE`` class (or a tab that says what the pane will
hold).  On a change to the workspace only the visible pane reads again; hidden panes
are marked stale and catch up when shown (tui/pane.py).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane
from textual.worker import get_current_worker

from teamspace.config import Settings
from teamspace.errors import TeamspaceError
from teamspace.panes import PANES, PaneInfo
from teamspace.store.core.connection import Workspace
from teamspace.tui.guard import TerminalGuard
from teamspace.tui.pane import Pane, WriteDone, WriteFailed
from teamspace.tui.panes.pending import PendingPane
from teamspace.tui.screens.help import HelpScreen, Section, key_label
from teamspace.tui.typeahead import TypeAhead
from teamspace.tui.widgets.footer import FitFooter

if TYPE_CHECKING:
    from teamspace.store.core.live import ChangeWatcher

POLL_SECONDS = 0.25
OUTBOX_SECONDS = 10.0


class WorkspaceChanged(Message):
    """Someone (maybe another machine) committed to the workspace; its change counter is
    now ``mark``.  A burst of these waiting in the queue is merged into the newest."""

    def __init__(self, mark: int | None) -> None:
        super().__init__()
        self.mark = mark

    def can_replace(self, message: Message) -> bool:
        """A newer change makes an older, unhandled one redundant."""
        return isinstance(message, WorkspaceChanged)


class OutboxState(Message):
    """How many of my writes still wait in the local outbox."""

    def __init__(self, waiting: int) -> None:
        super().__init__()
        self.waiting = waiting


class MainScreen(Screen[None]):
    """The screen holding the tabs; tells the app when it is on top again."""

    def on_screen_resume(self) -> None:
        """A pushed screen (thread, calendar…) closed: the visible pane may be stale."""
        app = self.app
        if isinstance(app, TeamspaceApp):
            app.catch_up()


def style_sheets() -> list[str | PurePath]:
    """The shell's styles, then each built pane's ``panes/<key>/<key>.tcss``."""
    here = os.path.dirname(os.path.abspath(__file__))
    sheets = [f"panes/{info.key}/{info.key}.tcss" for info in PANES if info.built]
    found: list[str | PurePath] = ["app.tcss"]
    return found + [s for s in sheets if os.path.exists(os.path.join(here, s))]


def pane_class(info: PaneInfo) -> type[Pane]:
    """The pane's ``PANE`` class from ``teamspace.tui.panes.<key>.pane``."""
    module = importlib.import_module(f"teamspace.tui.panes.{info.key}.pane")
    cls: type[Pane] = module.PANE
    return cls


class TeamspaceApp(App[None]):
    """The whole TUI; :func:`build_app` is the one factory used by the CLI and tests."""

    CSS_PATH = style_sheets()
    TITLE = "teamspace"
    # Every screen gets one class for the terminal's width and one for its height; the
    # panes' .tcss files lay themselves out by them (sidebars narrow or go, detail moves
    # under the list, dialogs fit).  80x24 is "-compact -short", 200x60 "-wide -tall".
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"), (70, "-compact"), (110, "-normal"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [
        (0, "-short"), (30, "-high"), (50, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q,q", "quit", "Quit", key_display="q", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", id="app.theme"),
        Binding("f5", "refresh", "Refresh", id="app.refresh"),
        # ctrl+b, and f2 for tmux users (whose prefix ctrl+b is); no Input or TextArea
        # binds either, so it works while typing too.
        Binding("ctrl+b,f2", "side_panel", "Side panel", id="app.side"),
        *[Binding(str(n), f"show_tab('{info.key}')", info.title, show=False,
                  id=f"app.tab.{info.key}") for n, info in enumerate(PANES, start=1)],
    ]

    def __init__(self, workspace: Workspace, *, settings: Settings | None = None,
                 watch: bool = True) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings or Settings()
        self.watching = watch
        self.state = "ok"
        self._watcher: ChangeWatcher | None = None
        self._guard = TerminalGuard()
        self._typeahead = TypeAhead(self, super().on_event)

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal are routed one at a time (tui/typeahead.py), so a
        burst that opens an editor and types into it lands in the editor."""
        if not self._typeahead.take(event):
            await super().on_event(event)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard over everything drawn (tui/guard.py)."""
        return [*super().get_line_filters(), self._guard]

    def get_default_screen(self) -> Screen[None]:
        """The tabs live on a screen that reports when it is shown again."""
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        """Header, one tab per pane, footer."""
        yield Header()
        with TabbedContent(id="tabs"):
            for info in PANES:
                with TabPane(info.title, id=info.key):
                    if info.built:
                        yield pane_class(info)(self.workspace, self.settings)
                    else:
                        yield PendingPane(info)
        yield FitFooter()

    def on_mount(self) -> None:
        """Theme, keymap, title, and the live watcher."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._show_state()
        self.load_title()
        if self.watching:
            self.watch_workspace()
            self.set_interval(OUTBOX_SECONDS, self.flush_outbox)

    # ------------------------------------------------------------------ panes
    def panes(self) -> list[Pane]:
        """The mounted panes, in tab order."""
        return list(self.query(Pane).results(Pane))

    def visible_pane(self) -> Pane | None:
        """The pane the user sees: its tab is active and no screen is pushed over it
        (None while the app closes: a read may land after its screens are gone)."""
        from textual.app import ScreenStackError, UnknownModeError

        try:
            if self.screen is not self.screen_stack[0]:
                return None
        except (ScreenStackError, UnknownModeError, IndexError):
            return None
        found = self.query("#tabs").results(TabbedContent)
        tabs = next(found, None)
        if tabs is None:  # shutting down
            return None
        return next((p for p in self.panes() if p.KEY == tabs.active), None)

    def catch_up(self) -> None:
        """Reload the visible pane if a change came while it was covered or hidden."""
        pane = self.visible_pane()
        if pane is not None:
            pane.shown()

    # ------------------------------------------------------------------ header
    def _show_state(self) -> None:
        # A workspace in the platform's data folder is this machine's alone: say so.
        local = " · local (not shared)" if self.workspace.implicit else ""
        self.sub_title = f"{self.workspace.user} · {self.state}{local}"

    @work(thread=True, exit_on_error=False)
    def load_title(self) -> None:
        """The workspace's name (from `init --name`), else its file name."""
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

    def on_pane_loaded(self, event: Pane.Loaded) -> None:
        """A pane read its view: the share is reachable."""
        self._set_state("ok")

    def on_pane_read_failed(self, event: Pane.ReadFailed) -> None:
        """A pane could not read: say so in the header."""
        self._set_state("share unreachable" if event.unavailable else "cannot read")

    def on_write_done(self, event: WriteDone) -> None:
        """A write landed, or was queued."""
        self._set_state("writes queued" if event.queued else "ok")

    def on_write_failed(self, event: WriteFailed) -> None:
        """A write failed."""
        if event.unavailable:
            self._set_state("share unreachable")

    def on_pane_badge(self, event: Pane.Badge) -> None:
        """A pane's tab label shows what it counts (unread mentions, …)."""
        tabs = next(self.query("#tabs").results(TabbedContent), None)
        if tabs is None:  # the app is shutting down
            return
        title = next(info.title for info in PANES if info.key == event.pane.KEY)
        tabs.get_tab(event.pane.KEY).label = title + (f" ({event.count})" if event.count
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
        """Post WorkspaceChanged whenever another client (or we) commit
        (store/core/live.py: inotify on local disks, a fresh-open header poll on shares)."""
        from teamspace.store.core.live import ChangeWatcher

        worker = get_current_worker()
        self._watcher = ChangeWatcher(self.workspace.path, interval=POLL_SECONDS)
        for change in self._watcher:
            if worker.is_cancelled:
                break
            self.post_message(WorkspaceChanged(change.counter))

    def on_unmount(self) -> None:
        """Let the watcher thread finish; drop keys not yet routed."""
        self._typeahead.stop()
        if self._watcher is not None:
            self._watcher.stop()

    def on_workspace_changed(self, event: WorkspaceChanged) -> None:
        """The visible pane reads again (unless it already shows this change); hidden
        panes are marked stale; a pushed screen that shows data reads again."""
        self._changed(event.mark)

    def _changed(self, mark: int | None) -> None:
        visible = self.visible_pane()
        for pane in self.panes():
            pane.changed(mark, visible=pane is visible)
        reload = getattr(self.screen, "reload", None)
        if callable(reload) and self.screen is not self.screen_stack[0]:
            reload()

    def action_refresh(self) -> None:
        """Read the visible pane again (and any open screen); the others when shown."""
        self._changed(None)

    # ------------------------------------------------------------------ actions
    def action_show_tab(self, key: str) -> None:
        """Switch to the pane ``key``."""
        self.query_one("#tabs", TabbedContent).active = key

    def action_side_panel(self) -> None:
        """Go to the visible pane's side column (projects, notebooks, tags…), shown in
        the pane's place where the terminal is too narrow for it (tui/pane.py)."""
        pane = self.visible_pane()
        if pane is not None:
            pane.open_side()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The side-panel key is offered (footer, palette) only where there is one."""
        if action == "side_panel":
            pane = self.visible_pane()
            return pane is not None and pane.side_widget() is not None
        return True

    @on(TabbedContent.TabActivated, "#tabs")
    def tab_opened(self, event: TabbedContent.TabActivated) -> None:
        """Put the keyboard in the pane that was opened (not on the tab strip), and let
        it catch up with changes made while it was hidden."""
        pane = next((p for p in self.panes() if p.KEY == event.pane.id), None)
        if pane is not None:
            pane.main_widget().focus()
            pane.shown()

    def binding_sections(self) -> list[Section]:
        """(title, bindings) for the help screen: the app's, then each pane's own."""
        sections: list[Section] = [("Everywhere", [b for b in self.BINDINGS
                                                   if isinstance(b, Binding)])]
        for info in PANES:
            if info.built:
                sections.extend(pane_class(info).help_sections(info.title))
        sections.extend(HelpScreen.shared_sections())
        return sections

    def action_help(self) -> None:
        """Show every key binding."""
        self.push_screen(HelpScreen(self.binding_sections()))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette offers every bound action of the app and of what is shown
        (the visible pane, or the screen pushed over it), with keys as users press them."""
        yield from super().get_system_commands(screen)
        nodes: list[tuple[object, list[BindingType]]] = [(self, self.BINDINGS)]
        if screen is self.screen_stack[0]:
            pane = self.visible_pane()
            if pane is not None:
                nodes.append((pane, pane.BINDINGS))
        else:
            nodes.append((screen, screen.BINDINGS))
        for node, bindings in nodes:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.action != "quit":
                    yield SystemCommand(binding.description, f"key: {key_label(binding)}",
                                        partial(node.run_action, binding.action))  # type: ignore[attr-defined]


def build_app(workspace: Workspace, *, settings: Settings | None = None,
              watch: bool = True) -> TeamspaceApp:
    """Make the app for ``workspace`` (nothing is read until it mounts)."""
    return TeamspaceApp(workspace, settings=settings, watch=watch)


def run_tui(workspace: Workspace, *, app: TeamspaceApp | None = None,
            headless: bool = False) -> int:
    """Run the TUI in the terminal until the user quits; return its exit status (non-zero
    after a crash: Textual prints the error, and a script must not see success)."""
    from teamspace.config import load_settings

    app = app or build_app(workspace, settings=load_settings())
    app.run(headless=headless)
    return int(app.return_code or 0)
