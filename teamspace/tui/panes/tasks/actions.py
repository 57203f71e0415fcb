"""What the keys of the Tasks pane do: add/edit in the inline form, tick off with undo,
assign, due date, comment, delete, filter, mine-only, calendar and people views.

A mixin for TasksPane (kept apart so each file stays readable).  Writes go through the
pane's ``run_write`` worker; due dates typed here ("fri") are resolved to absolute
dates before the write, so a queued write still means the same day.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from teamspace.errors import InvalidInput
from teamspace.store.tasks import tasks
from teamspace.store.tasks.checks import check_tags
from teamspace.store.tasks.dates import check_recur
from teamspace.tui.panes.tasks.form import TaskDraft, TaskForm

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.store.core.connection import Workspace
    from teamspace.store.tasks.query import TaskView
    from teamspace.tui.panes.tasks.tasklist import TaskList


def _due(value: str) -> str | None:
    from teamspace.store.tasks.dates import resolve_due

    value = value.strip()
    return None if not value or value.lower() in ("none", "-") else resolve_due(value)


def form_values(task: TaskView) -> dict[str, str]:
    """A task's fields as the form shows them."""
    from teamspace.store.tasks.dates import due_input_text

    due = due_input_text(task.due, task.due_time)
    return {"title": task.title, "project": task.project or "", "list": task.list_name or "",
            "assignee": task.assignee or "", "due": due, "priority": task.priority or "",
            "tags": " ".join(task.tags), "notes": task.notes, "recur": task.recur or "",
            "after": " ".join(f"#{other}" for other in task.waits_for)}


def task_ids(text: str) -> list[int]:
    """The ids of "#3 #7", "3, 7" or "3 7" (InvalidInput names what is not an id)."""
    found = []
    for word in text.replace(",", " ").split():
        if not word.lstrip("#").isdigit():
            raise InvalidInput(f"waits for: '{word}' is not a task id (write #3 #7)")
        found.append(int(word.lstrip("#")))
    return found


class TaskActions:
    """Mixin: the pane's actions (the pane provides the attributes below)."""

    workspace: Workspace
    project: str
    mine: bool
    show_all: bool
    text: str
    undo_stack: list[tuple[str, int]]
    people: list[tuple[str, str | None]]
    jump_target: int | None
    comment_drafts: dict[int, str]
    app: App[None]
    notify: Callable[..., None]
    run_write: Callable[..., Any]
    changed: Callable[..., None]

    def task_list(self) -> TaskList:
        """Provided by the pane."""
        raise NotImplementedError

    def form(self) -> TaskForm:
        """Provided by the pane."""
        raise NotImplementedError

    def search_box(self) -> Input:
        """Provided by the pane."""
        raise NotImplementedError

    def _current(self) -> TaskView | None:
        raise NotImplementedError

    def _show_filters(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ the form
    def action_add(self) -> None:
        """Open the form for a new task in the project being viewed."""
        project = "" if self.project.startswith("\x00") else self.project
        values = {"project": project, "assignee": self.workspace.user if self.mine else ""}
        if self.form().display and self.form().draft.mode == "add":
            self.form().input("title").focus()  # keep what was typed
            return
        self.form().start(TaskDraft("add", values=values))

    def action_edit(self) -> None:
        """Edit the task under the cursor in the form."""
        task = self._current()
        if task is not None:
            self.form().start(TaskDraft("edit", task.id, task.version, form_values(task)))

    def on_task_form_left(self, event: TaskForm.Left) -> None:
        """Escape: close the form, back to the list."""
        event.stop()
        self.form().close()
        self.task_list().focus()

    def on_task_form_submitted(self, event: TaskForm.Submitted) -> None:
        """Save the form: add, or send the fields that changed with the version seen."""
        event.stop()
        values = {key: value.strip() for key, value in event.values.items()}
        try:
            fields: dict[str, Any] = {
                "title": values["title"], "project": values["project"] or None,
                "list": values["list"] or None, "assignee": values["assignee"] or None,
                "due": _due(values["due"]), "priority": values["priority"] or None,
                "tags": check_tags([values["tags"]]) if values["tags"] else [],
                "notes": values["notes"], "recur": check_recur(values["recur"]),
                "after": task_ids(values["after"])}
        except InvalidInput as exc:
            self.form().hint(str(exc), error=True)
            return
        draft = event.draft
        if draft.mode == "add":
            kwargs = dict(fields, list_name=fields.pop("list"))
            self.run_write(tasks.add_task, kwargs, "Added #{result}", clear=True)
            return
        before = {key: value.strip() for key, value in draft.values.items()}
        changes = {key: fields[key] for key in fields if values[key] != before.get(key, "")}
        if not changes:
            self.form().close()
            self.task_list().focus()
            return
        seen = task_ids(before.get("after", "")) if "after" in changes else None
        self.run_write(tasks.edit_task, {"task_id": draft.target, "changes": changes,
                                         "version": draft.version, "after_seen": seen},
                       f"Saved #{draft.target}", clear=True)

    # ------------------------------------------------------------------ quick changes
    def action_toggle_done(self) -> None:
        """Tick the task off (or reopen a done one); u undoes."""
        task = self._current()
        if task is None:
            return
        if task.done:
            self.run_write(tasks.reopen_task, {"task_id": task.id},
                           f"Reopened #{task.id} — u undoes", extra={"undo": ("done", task.id)})
        else:
            self.run_write(tasks.complete_tasks, {"task_ids": [task.id]},
                           f"Done #{task.id} — u undoes", extra={"undo": ("reopen", task.id)})

    def action_undo(self) -> None:
        """Undo the last done / reopen / delete made here."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        kind, task_id = self.undo_stack.pop()
        if kind == "reopen":
            self.run_write(tasks.reopen_task, {"task_id": task_id}, f"Reopened #{task_id}")
        elif kind == "done":
            self.run_write(tasks.complete_tasks, {"task_ids": [task_id]}, f"Done #{task_id}")
        else:
            self.run_write(tasks.restore_task, {"task_id": task_id}, f"Restored #{task_id}")

    def action_delete(self) -> None:
        """Move the task to the trash; u brings it back."""
        task = self._current()
        if task is not None:
            self.run_write(tasks.delete_task, {"task_id": task.id},
                           f"Deleted #{task.id} — u undoes", extra={"undo": ("restore", task.id)})

    def action_assign(self) -> None:
        """Pick who is responsible."""
        from teamspace.tui.panes.tasks.pickers import NOBODY, AssignPicker

        task = self._current()
        if task is None:
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                who = None if name == NOBODY else name
                self.run_write(tasks.edit_task, {"task_id": task.id,
                                                 "changes": {"assignee": who}},
                               f"#{task.id} " + (f"assigned to {who}" if who else "unassigned"))

        self.app.push_screen(AssignPicker(self.people, task.assignee), chosen)

    def action_due(self) -> None:
        """Type a due date (fri, +3d, 2026-12-24 15:00; empty clears)."""
        from teamspace.tui.panes.tasks.pickers import TextPrompt

        task = self._current()
        if task is None:
            return

        def chosen(value: str | None) -> None:
            if value is None:
                return
            try:
                due = _due(value)
            except InvalidInput as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.run_write(tasks.edit_task, {"task_id": task.id, "changes": {"due": due}},
                           f"#{task.id} due date set" if due else f"#{task.id} has no due date")

        current = form_values(task)["due"]
        self.app.push_screen(TextPrompt(f"Due date of #{task.id}:", value=current,
                                        placeholder="today, fri, +3d, 2026-12-24 15:00",
                                        kind="due"), chosen)

    def action_comment(self) -> None:
        """Write a comment on the task (several lines; ctrl+s sends)."""
        from teamspace.tui.panes.tasks.pickers import CommentScreen

        task = self._current()
        if task is None:
            return

        def closed(unsent: str | None) -> None:
            if unsent is None:  # sent: show it (one read, even if the watcher started one)
                self.comment_drafts.pop(task.id, None)
                self.changed(None, visible=True)
            elif unsent.strip():
                self.comment_drafts[task.id] = unsent
            else:
                self.comment_drafts.pop(task.id, None)

        self.app.push_screen(CommentScreen(self.workspace, task.id,
                                           self.comment_drafts.get(task.id, "")), closed)

    # ------------------------------------------------------------------ views
    def action_mine(self) -> None:
        """Only my tasks, or everyone's."""
        self.mine = not self.mine

    def action_show_done(self) -> None:
        """Open tasks only, or done ones too."""
        self.show_all = not self.show_all

    def action_filter(self) -> None:
        """Filter titles as you type; enter keeps the filter, escape clears it."""
        search = self.search_box()
        search.display = True
        search.focus()

    def action_calendar(self) -> None:
        """The month grid of due dates; choosing a task there selects it here."""
        from teamspace.tui.panes.tasks.calendar import CalendarScreen

        filters: dict[str, Any] = {"status": "all" if self.show_all else "open"}
        if self.mine:
            filters["assignee"] = self.workspace.user
        if not self.project.startswith("\x00"):
            filters["project"] = self.project

        def chosen(task_id: int | None) -> None:
            if task_id is not None:
                self.task_list().select(task_id)
                self.task_list().focus()

        self.app.push_screen(CalendarScreen(self.workspace, filters=filters), chosen)

    def action_people(self) -> None:
        """Who has what on the go (and what nobody has); enter there goes to a task."""
        from teamspace.tui.panes.tasks.people import PeopleScreen

        def chosen(task_id: int | None) -> None:
            if task_id is not None:
                self.jump_to(task_id)

        self.app.push_screen(PeopleScreen(self.workspace), chosen)

    def jump_to(self, task_id: int) -> None:
        """Put the cursor on a task: at once if the list shows it, else after showing
        every open task of every project (the filters that hid it are cleared)."""
        if self.task_list().select(task_id):
            self.task_list().focus()
            return
        self.jump_target = task_id
        self.action_clear_filters()
        self.changed(None, visible=True)  # the filters may have been clear already

    def action_clear_filters(self) -> None:
        """Provided by the pane."""
        raise NotImplementedError
