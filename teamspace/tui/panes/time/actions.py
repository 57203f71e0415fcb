"""What the keys of the Time pane do: start, stop, continue, cancel the timer; add,
change, split, delete and restore entries; move between weeks; submit the week; open
the suggestion review.  A mixin for TimePane (kept apart so each file stays readable).

Times typed here are resolved to UTC before the write (store/time/clock.py), so a write
queued in the outbox keeps its meaning; a failed write leaves nothing half done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from teamspace.dates import to_text
from teamspace.errors import InvalidInput
from teamspace.store.time import clock, entries, sheets, timers
from teamspace.tui.panes.time.prompts import TimePrompt

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.store.core.connection import Workspace
    from teamspace.store.time.entries import Entry


def parse_words(line: str) -> tuple[str, list[str], str | None]:
    """'acme corp +dev at 9:15' → ("acme corp", ["dev"], "9:15")."""
    words = line.split()
    at = None
    if len(words) >= 2 and words[-2].lower() == "at":
        at, words = words[-1], words[:-2]
    project = " ".join(w for w in words if not w.startswith("+"))
    tags = [w[1:] for w in words if w.startswith("+") and len(w) > 1]
    if not project:
        raise InvalidInput("type a project first, then +tags")
    return project, tags, at


class TimeActions:
    """Mixin: the pane's actions (the pane provides the attributes below)."""

    workspace: Workspace
    week: date
    mine_only: bool
    project_names: list[str]
    undo_stack: list[int]
    app: App[None]
    notify: Callable[..., None]
    run_write: Callable[..., Any]
    reload: Callable[[], None]

    def current_entry(self) -> Entry | None:
        """Provided by the pane."""
        raise NotImplementedError

    def _ask(self, question: str, done: Callable[[str], None], **kwargs: Any) -> None:
        def chosen(value: str | None) -> None:
            if value is None or not value.strip():
                return
            try:
                done(value.strip())
            except InvalidInput as exc:
                self.notify(str(exc), severity="error", markup=False)

        self.app.push_screen(TimePrompt(question, **kwargs), chosen)

    # ------------------------------------------------------------------ the timer
    def action_start(self) -> None:
        """Start a timer: 'project +tag' (a running one is stopped first)."""
        def start(line: str) -> None:
            project, tags, at = parse_words(line)
            when = to_text(clock.parse_at(at)) if at else None
            self.run_write(timers.start_timer, {"project": project, "tags": tags, "at": when},
                           f"Started {project}")

        self._ask("Start a timer on (project +tags, 'at 9:15' to start earlier):", start,
                  placeholder="acme +review", projects=self.project_names)

    def action_stop(self) -> None:
        """Stop the running timer."""
        self.run_write(timers.stop_timer, {}, "Stopped the timer")

    def action_continue(self) -> None:
        """Start again what you did last."""
        self.run_write(timers.continue_timer, {}, "Continued {result[project]}")

    def action_cancel(self) -> None:
        """Throw the running timer away (u brings it back)."""
        self.run_write(timers.cancel_timer, {}, "Cancelled the timer — u brings it back",
                       extra={"undo": True})

    # ------------------------------------------------------------------ entries
    def action_add(self) -> None:
        """Log time today: '1h30m acme +tag' (ends now) or '… at 9:00'."""
        def add(line: str) -> None:
            duration, _, rest = line.partition(" ")
            seconds = clock.parse_duration(duration)
            project, tags, at = parse_words(rest)
            now = clock.local_now()
            start = clock.parse_at(at, now) if at else now - timedelta(seconds=seconds)
            self.run_write(entries.add_entry, {
                "project": project, "tags": tags, "started_at": to_text(start),
                "ended_at": to_text(start + timedelta(seconds=seconds))},
                f"Added {clock.format_duration(seconds)} on {project}")

        self._ask("Log time (duration project +tags, 'at 9:00' for its start):", add,
                  placeholder="1h30m acme +review at 9:00")

    def action_edit(self) -> None:
        """Change the entry's times: '9:00-10:30' on its day."""
        entry = self.current_entry()
        if entry is None or entry.running:
            self.notify("Pick a stopped entry.", severity="warning", markup=False)
            return
        day = clock.local_day(entry.start())

        def edit(line: str) -> None:
            first, sep, last = line.replace("–", "-").partition("-")
            if not sep:
                raise InvalidInput("type start-end, e.g. 9:00-10:30")
            start = clock.parse_at(first.strip(), day=day)
            end = clock.parse_at(last.strip(), day=day)
            if end <= start:
                end += timedelta(days=1)  # 22:00-01:00 runs over midnight
            self.run_write(entries.edit_entry, {
                "entry_id": entry.id, "version": entry.version,
                "changes": {"started_at": to_text(start), "ended_at": to_text(end)}},
                f"Changed #{entry.id}")

        start, end = entry.start().astimezone(), entry.end(entry.start()).astimezone()
        current = f"{start:%H:%M}-{end:%H:%M}"
        self._ask(f"Times of #{entry.id} (start-end):", edit, value=current)

    def action_move(self) -> None:
        """Move the entry to another project."""
        entry = self.current_entry()
        if entry is None:
            return
        self._ask(f"Move #{entry.id} to project:", lambda name: self.run_write(
            entries.edit_entry, {"entry_id": entry.id, "version": entry.version,
                                 "changes": {"project": name}}, f"Moved #{entry.id} to {name}"),
            value=entry.project, projects=self.project_names)

    def action_note(self) -> None:
        """Write the entry's note."""
        entry = self.current_entry()
        if entry is None:
            return
        self._ask(f"Note of #{entry.id}:", lambda note: self.run_write(
            entries.edit_entry, {"entry_id": entry.id, "version": entry.version,
                                 "changes": {"note": note}}, f"Noted #{entry.id}"),
            value=entry.note)

    def action_split(self) -> None:
        """Cut the entry in two at a time of day."""
        entry = self.current_entry()
        if entry is None or entry.running:
            self.notify("Pick a stopped entry.", severity="warning", markup=False)
            return
        day = clock.local_day(entry.start())
        self._ask(f"Split #{entry.id} at (time of day):", lambda at: self.run_write(
            entries.split_entry, {"entry_id": entry.id,
                                  "at": to_text(clock.parse_at(at, day=day))},
            f"Split #{entry.id}"), placeholder="12:00")

    def action_delete(self) -> None:
        """Move the entry to the trash (u brings it back)."""
        entry = self.current_entry()
        if entry is not None:
            self.run_write(entries.delete_entries, {"entry_ids": [entry.id]},
                           f"Deleted #{entry.id} — u brings it back",
                           extra={"undo": entry.id})

    def action_undo(self) -> None:
        """Bring back the last entry deleted or timer cancelled here."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        entry_id = self.undo_stack.pop()
        self.run_write(entries.restore_entries, {"entry_ids": [entry_id]},
                       f"Restored #{entry_id}")

    # ------------------------------------------------------------------ the week
    def action_week(self, step: int) -> None:
        """Show another week (0: this one)."""
        self.week = clock.week_start(clock.local_now().date()) if step == 0 else \
            self.week + timedelta(days=7 * step)

    def action_mine(self) -> None:
        """Charts of my time only, or everyone's."""
        self.mine_only = not self.mine_only

    def action_submit(self) -> None:
        """Submit the week shown for review."""
        start, end = query_range(self.week)
        self.run_write(sheets.submit_week, {"week": self.week.isoformat(), "starts_at": start,
                                            "ends_at": end},
                       f"Submitted the week of {self.week.isoformat()}")

    def action_suggest(self) -> None:
        """Review suggested entries for a day, built from what you did."""
        from teamspace.tui.panes.time.suggest import SuggestScreen

        # Accepted blocks are entries of this pane: read again when the screen closes.
        self.app.push_screen(SuggestScreen(self.workspace, clock.local_now().date()),
                             lambda _: self.reload())


def query_range(week: date) -> tuple[str, str]:
    """The UTC bounds of a local week."""
    from teamspace.store.time.query import utc_range

    return utc_range(week, week + timedelta(days=6))
