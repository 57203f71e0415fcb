"""The suggestion review screen: draft entries for a day, built from what you did (the
activity log), each saying what it came from.  a accepts, e adjusts (project and times)
then accepts, r rejects (never suggested again); [ and ] change the day.  Nothing is
written until you choose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from teamspace.dates import to_text
from teamspace.errors import InvalidInput, TeamspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.time import clock, suggest
from teamspace.store.time.entries import parse_stored
from teamspace.store.time.suggest import Block
from teamspace.text import clean, one_line
from teamspace.tui.pane import Writes
from teamspace.tui.panes.time.prompts import TimePrompt


@dataclass
class BlocksLoaded(Message):
    """The day's suggested blocks (or an error)."""

    day: date
    blocks: list[Block]
    error: str | None = None


def block_text(block: Block) -> Text:
    """A block: times, length, project (or a call to pick one), what it came from."""
    start = parse_stored(block.started_at).astimezone()
    end = parse_stored(block.ended_at).astimezone()
    text = Text(f"{start:%H:%M}–{end:%H:%M}  ", style="bold")
    text.append(f"{clock.format_duration(block.seconds):>6}  ")
    if block.project:
        text.append(clean(block.project, newlines=False), style="bold cyan")
    else:
        text.append("no project — e to pick one", style="bold yellow")
    for source in block.sources[:6]:
        text.append(f"\n      {one_line(source, 70)}", style="dim")
    if len(block.sources) > 6:
        text.append(f"\n      … and {len(block.sources) - 6} more", style="dim")
    return text


class SuggestScreen(Writes, ModalScreen[None]):
    """Review a day's suggested entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", id="time.suggest.accept"),
        Binding("e", "adjust", "Adjust", id="time.suggest.adjust"),
        Binding("r", "reject", "Reject", id="time.suggest.reject"),
        Binding("left_square_bracket", "day(-1)", "Day before", key_display="[",
                id="time.suggest.previous"),
        Binding("right_square_bracket", "day(1)", "Day after", key_display="]",
                id="time.suggest.next"),
        Binding("escape", "dismiss(None)", "Close", id="time.suggest.close"),
    ]

    def __init__(self, workspace: Workspace, day: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.day = day
        self.blocks: list[Block] = []

    def compose(self) -> ComposeResult:
        """Title, the blocks, the keys."""
        with Vertical(id="time-suggest-box"):
            yield Label("", id="time-suggest-title")
            yield OptionList(id="time-suggest-list")
            yield Label("a accept · e adjust · r reject · [ ] day · esc close — nothing is "
                        "written until you choose", id="time-suggest-keys")

    def on_mount(self) -> None:
        """Load the day."""
        self.query_one("#time-suggest-list", OptionList).focus()
        self.reload()

    def reload(self) -> None:
        """Read the day's blocks again (after a review, or a live change)."""
        self.load(self.day)

    @work(thread=True, exclusive=True, group="time-suggest", exit_on_error=False)
    def load(self, day: date) -> None:
        """Build the blocks off the UI thread."""
        try:
            self.post_message(BlocksLoaded(day, suggest.suggestions(self.workspace, day)))
        except TeamspaceError as exc:
            self.post_message(BlocksLoaded(day, [], str(exc)))

    def on_blocks_loaded(self, event: BlocksLoaded) -> None:
        """Show the blocks, keeping the cursor's place."""
        if event.error:
            self.notify(event.error, severity="error", markup=False)
        if event.day != self.day:
            return
        self.blocks = event.blocks
        options = self.query_one("#time-suggest-list", OptionList)
        at = options.highlighted or 0
        options.set_options([Option(block_text(b), id=b.key) for b in self.blocks]
                            or [Option(Text("Nothing to suggest: what you did that day is "
                                            "covered by entries.", style="dim"),
                                       disabled=True)])
        if self.blocks:
            options.highlighted = min(at, len(self.blocks) - 1)
        self.query_one("#time-suggest-title", Label).update(
            f"Suggested entries for {self.day:%a %d %b %Y} ({len(self.blocks)})")

    def current(self) -> Block | None:
        """The block under the cursor."""
        index = self.query_one("#time-suggest-list", OptionList).highlighted
        if index is None or not self.blocks:
            return None
        return self.blocks[min(index, len(self.blocks) - 1)]

    def action_day(self, step: int) -> None:
        """Another day."""
        self.day += timedelta(days=step)
        self.reload()

    def _accept(self, block: Block, project: str, start: str, end: str) -> None:
        self.run_write(suggest.accept_block, {
            "key": block.key, "project": project, "started_at": start, "ended_at": end,
            "note": block.note()}, f"Accepted as an entry on {project}")

    def action_accept(self) -> None:
        """Make the block an entry as it is."""
        block = self.current()
        if block is None:
            return
        if not block.project:
            self.action_adjust()
            return
        self._accept(block, block.project, block.started_at, block.ended_at)

    def action_adjust(self) -> None:
        """Change the project and times, then accept: 'acme 9:00-10:30'."""
        block = self.current()
        if block is None:
            return
        start = parse_stored(block.started_at).astimezone()
        end = parse_stored(block.ended_at).astimezone()

        def chosen(value: str | None) -> None:
            if not value or not value.strip():
                return
            try:
                project, first, last = parse_adjusted(value, self.day)
            except InvalidInput as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._accept(block, project, first, last)

        self.app.push_screen(TimePrompt(
            "Accept as (project start-end):",
            value=f"{block.project or ''} {start:%H:%M}-{end:%H:%M}".strip(),
            hint="e.g. acme 9:00-10:30"), chosen)

    def action_reject(self) -> None:
        """Never suggest this block again."""
        block = self.current()
        if block is not None:
            self.run_write(suggest.reject_block, {"key": block.key}, "Rejected")


def parse_adjusted(value: str, day: date) -> tuple[str, str, str]:
    """'acme corp 9:00-10:30' → (project, start, end) as stored UTC text."""
    words = value.split()
    if len(words) < 2 or "-" not in words[-1]:
        raise InvalidInput("type the project, then start-end: acme 9:00-10:30")
    first, _, last = words[-1].partition("-")
    start = clock.parse_at(first, day=day)
    end = clock.parse_at(last, day=day)
    if end <= start:
        raise InvalidInput("the end must come after the start")
    return " ".join(words[:-1]), to_text(start), to_text(end)
