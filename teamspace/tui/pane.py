"""The pane contract: what every tab of the TUI is built on.

A pane reads everything it shows in ONE unit of work (:meth:`Pane.read`, run in a
thread worker) and shows it on the UI thread (:meth:`Pane.show`).  The app decides
when: only the visible pane reloads on a change; hidden panes are marked stale and
reload when shown.  Each load remembers the workspace's change mark taken just before
it read, so a change the pane has already shown (its own write, for one) is not read
twice.  Writes go through :meth:`Pane.run_write` (the one write path, with the
outbox behind it); a failed write keeps whatever the user typed.

A pane with a side column (projects, notebooks, tags…) names the widget in it that
takes the keyboard (:meth:`Pane.side_widget`); the app's one side-panel key calls
:meth:`Pane.open_side`.  Where the layout shows the column the key only moves the
focus there; where it hides it (narrow terminals) the column takes the pane's place
(the ``-side-open`` rules in app.tcss) until a choice (enter) or esc.

Messages are nested in the class that sends them; thread workers never touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.worker import get_current_worker

from teamspace.errors import Queued, TeamspaceError, Unavailable

if TYPE_CHECKING:
    from teamspace.config import Settings
    from teamspace.store.core.connection import Workspace


@dataclass
class WriteDone(Message):
    """A write landed (or was queued); ``message`` is for a toast."""

    message: str
    clear: bool
    queued: bool = False
    result: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    mark: int | None = None  # the workspace's change mark just after the write


@dataclass
class WriteFailed(Message):
    """A write failed; nothing changed and the user's text is kept."""

    error: str
    unavailable: bool


def attempt(workspace: Workspace, writer: Callable[..., Any], kwargs: dict[str, Any],
            clear: bool) -> WriteDone | WriteFailed:
    """Run one write (in a worker thread) and return the message saying how it went.

    A successful WriteDone has an empty ``message``: the caller words it.
    """
    try:
        from teamspace.store.core.submit import submit

        result = submit(workspace, writer, **kwargs)
    except Queued as exc:
        return WriteDone(str(exc), clear, queued=True)
    except TeamspaceError as exc:
        return WriteFailed(str(exc), isinstance(exc, Unavailable))
    except Exception as exc:  # a bug: say so, and keep whatever the user typed
        return WriteFailed(f"internal error: {type(exc).__name__}: {exc}", False)
    return WriteDone("", clear, result=result)


def change_mark(workspace: Workspace) -> int | None:
    """The workspace's change counter now (None if unreadable): taken BEFORE a read, so
    a commit racing the read can only cause one read too many, never one too few."""
    from teamspace.store.core.live import read_counter

    return read_counter(workspace.path)


class Writes:
    """Mixin for a pane or a screen that writes through the one write path.

    The host provides ``workspace`` and ``reload``; it may override ``written`` and
    ``write_failed`` to react (close a form, show the error beside the text).
    """

    workspace: Workspace
    post_message: Callable[[Message], bool]
    notify: Callable[..., None]

    def reload(self) -> None:
        """Read again after a write (the host's)."""
        raise NotImplementedError

    def written(self, event: WriteDone) -> None:
        """A write made here landed (UI thread): close forms, pick the new item..."""

    def write_failed(self, event: WriteFailed) -> None:
        """A write made here failed (UI thread): show the error beside the user's text."""

    @work(thread=True, group="write", exit_on_error=False)
    def run_write(self, writer: Callable[..., Any], kwargs: dict[str, Any], done: str,
                  *, clear: bool = False, extra: dict[str, Any] | None = None) -> None:
        """Run one write off the UI thread; ``done`` is the toast (``{result}`` is the
        writer's return value), ``clear`` says the write sends what the user typed."""
        outcome = attempt(self.workspace, writer, kwargs, clear)
        if isinstance(outcome, WriteDone):
            outcome.extra = dict(extra or {})
            if not outcome.queued:
                outcome.message = done.format(result=outcome.result)
                outcome.mark = change_mark(self.workspace)
        self.post_message(outcome)

    def on_write_done(self, event: WriteDone) -> None:
        """Toast, let the host react, read again."""
        self.notify(event.message, severity="warning" if event.queued else "information",
                    markup=False)
        self.written(event)
        self.after_write(event)

    def after_write(self, event: WriteDone) -> None:
        """Show the write's effect (a pane reads once, however the watcher races it)."""
        self.reload()

    def on_write_failed(self, event: WriteFailed) -> None:
        """Keep what was typed; say why."""
        self.write_failed(event)
        self.notify(event.error, severity="error", timeout=8, markup=False)


class Pane(Container, Writes):
    """A tab's body.  Subclasses set ``KEY``, and implement ``read`` and ``show``."""

    KEY: ClassVar[str] = ""

    @dataclass
    class Loaded(Message):
        """A pane's view was read (the share is reachable)."""

        pane: Pane
        data: Any
        mark: int | None

    @dataclass
    class ReadFailed(Message):
        """Reading a pane's view failed (e.g. the share is unreachable)."""

        pane: Pane
        error: str
        unavailable: bool = False  # the share is away (not: no workspace, damaged...)

    @dataclass
    class Badge(Message):
        """What the pane's tab label should count (0: nothing)."""

        pane: Pane
        count: int

    def __init__(self, workspace: Workspace, settings: Settings) -> None:
        super().__init__(id=f"{self.KEY}-pane", classes="pane")
        self.workspace = workspace
        self.settings = settings
        self.stale = False
        self.seen: int | None = None  # the change mark of the view shown
        self._latest: int | None = None  # the newest change mark heard of
        self._loading = False
        self.loads = 0  # how many views were shown (tests count reads per change)
        self._side_from: Widget | None = None  # where the side-panel key was pressed

    # ------------------------------------------------------------------ to implement
    def read(self) -> Any:
        """Read everything the pane shows, in ONE unit of work (runs in a thread)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Show what :meth:`read` returned (UI thread); keep cursor, scroll and drafts."""
        raise NotImplementedError

    def main_widget(self) -> Widget:
        """The widget that takes the keyboard when the pane is opened."""
        return self

    def side_widget(self) -> Widget | None:
        """The widget of the pane's side column that takes the keyboard when the
        side-panel key is pressed (None: the pane has no side column)."""
        return None

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """(title, bindings) for the help screen: the pane's keys, then those of the
        screens and widgets it owns (a pane with more adds them here)."""
        return [(title, [b for b in cls.BINDINGS if isinstance(b, Binding)])]

    # ------------------------------------------------------------------ side panel
    def side_column(self) -> Widget | None:
        """The pane's child that holds :meth:`side_widget` (what is shown or hidden)."""
        widget = self.side_widget()
        while widget is not None and widget.parent is not self:
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return widget

    @property
    def side_open(self) -> bool:
        """The side column is shown in place of the pane's other parts."""
        return self.has_class("-side-open")

    def open_side(self) -> bool:
        """Put the keyboard in the side column; where the layout hides it, show it in
        the pane's place (full width) until a choice or esc.  False: no side column."""
        target, column = self.side_widget(), self.side_column()
        if target is None or column is None:
            return False
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors and not self._in_side(focused):
            self._side_from = focused  # a form or search being typed in: back there after
        if not column.display or column.size.width == 0:  # the layout hides it
            column.add_class("-side-shown")
            self.add_class("-side-open")
            # On the column's bottom border (drawn only while it takes the pane's place).
            column.border_subtitle = ("enter picks · esc back"
                                      if isinstance(target, OptionList) else "esc back")
        # Now, not a turn later: keys typed meanwhile belong to the side column.
        self.screen.set_focus(target)
        return True

    def close_side(self, *, focus: bool = True) -> None:
        """Back from the side column: hide it again if it was shown in the pane's place,
        and (``focus``) give the keyboard back to where the key was pressed (a form, a
        search box), else to the pane's list."""
        self.remove_class("-side-open")
        for column in self.query(".-side-shown"):
            column.remove_class("-side-shown")
        back, self._side_from = self._side_from, None
        if focus:
            usable = back is not None and back.is_attached and back.display
            self.screen.set_focus(back if usable and back is not None else self.main_widget())
            if usable and isinstance(back, Input):
                # After its Focus (queued before this), which selects all: the next key
                # would replace what was typed.
                back.call_later(setattr, back, "cursor_position", len(back.value))

    def _in_side(self, widget: Widget | None) -> bool:
        column = self.side_column()
        return widget is not None and column is not None and (
            widget is column or column in widget.ancestors)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an entry of the side column: it is chosen, back to the list."""
        if self._in_side(event.option_list):
            event.stop()
            self.close_side()

    def on_key(self, event: events.Key) -> None:
        """Esc in the side column: back to the list (what is highlighted stays chosen).
        Heard before the pane's own esc binding (bindings come after the key bubbled)."""
        if event.key == "escape" and self._in_side(self.screen.focused):
            event.stop()
            event.prevent_default()
            self.close_side()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The focus left the side column another way (tab, a click, another tab):
        the pane's parts come back (checked once the focus has settled)."""
        if self.side_open:
            self.call_after_refresh(self._side_left)

    def _side_left(self) -> None:
        if self.side_open and not self._in_side(self.screen.focused):
            self.close_side(focus=False)

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        """Read the view again now (cursor, scroll and half-written text are kept)."""
        self.stale = False
        self._loading = True
        self._load()

    def changed(self, mark: int | None, *, visible: bool) -> None:
        """The workspace changed (its counter is now ``mark``).

        Visible: read again, unless the view already shows ``mark`` or a read is under
        way (then one more follows it if it turns out older than ``mark``).  Hidden:
        remember to read when shown.  So a burst of changes costs at most two reads,
        and a write's own change is read once.
        """
        self._latest = mark
        if mark is not None and mark == self.seen:
            return
        if not visible:
            self.stale = True
        elif not self._loading:
            self.reload()

    def is_shown(self) -> bool:
        """True if the user sees this pane (its tab is active, nothing pushed over it)."""
        finder = getattr(self.app, "visible_pane", None)
        return finder() is self if callable(finder) else True

    def after_write(self, event: WriteDone) -> None:
        """Read the change the write made, unless the watcher's read already shows it
        (a queued write changed nothing here: read anyway, the header says queued)."""
        if event.queued or event.mark is None:
            self.reload()
        else:
            self.changed(event.mark, visible=True)

    def shown(self) -> None:
        """The pane became visible: catch up if a change came while it was hidden."""
        if self.stale:
            self.reload()

    @work(thread=True, exclusive=True, group="pane-read", exit_on_error=False)
    def _load(self) -> None:
        worker = get_current_worker()
        mark = change_mark(self.workspace)
        try:
            data = self.read()
        except TeamspaceError as exc:
            self.post_message(self.ReadFailed(self, str(exc), isinstance(exc, Unavailable)))
            return
        # A newer load (filters changed meanwhile) replaced this one: its view wins.
        if not worker.is_cancelled:
            self.post_message(self.Loaded(self, data, mark))

    def on_pane_loaded(self, event: Pane.Loaded) -> None:
        """Show what was read (events from panes nested in this one are theirs)."""
        if event.pane is not self:
            return
        self.loads += 1
        self.seen = event.mark
        self._loading = False
        self.show(event.data)
        if self._latest is not None and event.mark is not None and self._latest != event.mark:
            self.changed(self._latest, visible=self.is_shown())

    def on_pane_read_failed(self, event: Pane.ReadFailed) -> None:
        """Say the view could not be read (the last content stays)."""
        if event.pane is self:
            self._loading = False
            self.notify(event.error, severity="error", timeout=8, markup=False)
