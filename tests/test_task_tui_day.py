"""Issue 12 in the Tasks pane, with bursts of keys as a laggy link delivers them: the
due-date dialog keeps an unreadable date, the form's notes/repeat/waits-for, multi-line
comments, the people view with unassigned work that jumps to a task, and notifications
of assignments and @mentions."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.tui.app import build_app
from teamspace.tui.panes.tasks.form import TaskForm
from teamspace.tui.panes.tasks.pickers import CommentScreen, TextPrompt
from teamspace.tui.panes.tasks.tasklist import TaskList

from tui_support import burst, settle, team, until

SIZE = (130, 36)


def plain(widget: Static) -> str:
    content = widget.content
    return getattr(content, "plain", str(content))


def current_id(app: object) -> int | None:
    task = app.query_one("#task-list", TaskList).current_task  # type: ignore[attr-defined]
    return None if task is None else task.id  # type: ignore[no-any-return]


async def open_tasks(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def test_the_due_dialog_keeps_an_unreadable_date(workspace: Workspace) -> None:
    ws = team(workspace)
    task_id = tasks.add_task(ws["anna"], title="Plan")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("D")
        await settle(pilot)
        await burst(pilot, *"someday soon", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#prompt-input").value == "someday soon"  # type: ignore[attr-defined]
        assert "cannot read" in plain(app.screen.query_one("#prompt-hint", Static))
        assert taskquery.get_task(ws["bob"], task_id).due is None
        app.screen.query_one("#prompt-input").value = ""  # type: ignore[attr-defined]
        await burst(pilot, *"2099-03-04", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TextPrompt)
        assert str(taskquery.get_task(ws["bob"], task_id).due).startswith("2099-03-04")


async def test_the_form_has_notes_repeat_and_waits_for(workspace: Workspace) -> None:
    ws = team(workspace)
    first = tasks.add_task(ws["anna"], title="Order parts")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.query_one(TaskForm)
        await burst(pilot, *"Build it")
        await pilot.press(*["tab"] * 7)
        await burst(pilot, *"week")
        await pilot.press("tab")
        await burst(pilot, *f"#{first}")
        await pilot.press("tab")
        assert form.notes().has_focus
        await burst(pilot, *"line one", "enter", *"line two", "ctrl+s")
        await settle(pilot)
        assert not form.display, plain(form.query_one("#taskform-hint", Static))
        [new] = [t for t in taskquery.list_tasks(ws["bob"]) if t.id != first]
        assert (new.title, new.recur, new.waits_for, new.notes) == (
            "Build it", "week", [first], "line one\nline two")
        # Editing shows them, and a wrong id is said under the form, nothing lost.
        app.query_one(TaskList).select(new.id)
        await pilot.press("e")
        await settle(pilot)
        assert form.values["after"] == f"#{first}" and form.values["recur"] == "week"
        assert form.values["notes"] == "line one\nline two"
        form.input("after").focus()
        await burst(pilot, *" x9", "ctrl+s")
        await settle(pilot)
        assert form.display and "not a task id" in plain(form.query_one("#taskform-hint",
                                                                           Static))
        form.input("recur").value = ""
        form.input("after").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = taskquery.get_task(ws["bob"], new.id)
        assert (again.recur, again.waits_for, again.notes) == (None, [], "line one\nline two")


async def test_a_burst_of_text_and_ctrl_s_saves_all_of_it(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("a")
        await settle(pilot)
        await burst(pilot, *"Call the bank today", "ctrl+s")
        await settle(pilot)
        assert [t.title for t in taskquery.list_tasks(ws["bob"])] == ["Call the bank today"]


async def test_comments_have_several_lines_and_ctrl_s_sends(workspace: Workspace) -> None:
    ws = team(workspace)
    task_id = tasks.add_task(ws["anna"], title="Plan")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CommentScreen)
        await burst(pilot, *"first line", "enter", *"[bold]second", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CommentScreen)
        [comment] = taskquery.task_detail(ws["bob"], task_id).comments
        assert comment["text"] == "first line\n[bold]second"
        assert "[bold]second" in plain(app.query_one("#task-detail", Static))
        # Esc keeps what was typed for the next C on this task.
        await pilot.press("C")
        await settle(pilot)
        await burst(pilot, *"half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CommentScreen)
        await pilot.press("C")
        await settle(pilot)
        assert app.screen.text_area().text == "half a thought"  # type: ignore[attr-defined]
        app.screen.text_area().load_text("")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        # A failed write keeps the text in the dialog.
        tasks.delete_task(ws["bob"], task_id=task_id)
        await pilot.press("C")
        await settle(pilot)
        await burst(pilot, *"still here", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommentScreen)
        assert app.screen.text_area().text == "still here"
        assert "does not exist" in plain(app.screen.query_one("#comment-hint", Static))


async def test_people_shows_unassigned_work_and_enter_goes_to_the_task(
        workspace: Workspace) -> None:
    from textual.widgets import OptionList

    from teamspace.tui.panes.tasks.people import PeopleScreen

    ws = team(workspace)
    tasks.add_task(ws["anna"], title="mine", assignee="anna")
    nobodys = tasks.add_task(ws["anna"], title="nobody's job")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("m")  # mine only: the unassigned task is not in the list
        await settle(pilot)
        assert current_id(app) != nobodys
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        options = app.screen.query_one("#people-list", OptionList)
        lines = [str(getattr(options.get_option_at_index(i).prompt, "plain", ""))
                 for i in range(options.option_count)]
        assert any(line.startswith("Unassigned   1 open") for line in lines)
        options.highlighted = options.get_option_index(f"task-{nobodys}")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleScreen)
        assert current_id(app) == nobodys and app.focused is app.query_one(TaskList)
        assert not app.query_one("#tasks-pane").mine  # type: ignore[attr-defined]


async def test_assignments_and_mentions_notify_with_toast_badge_and_bell(
        workspace: Workspace) -> None:
    from teamspace.config import Settings

    ws = team(workspace)
    task_id = tasks.add_task(ws["bob"], title="Review the budget")
    app = build_app(ws["anna"], settings=Settings(bell=True))
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        # On the Microblog tab: the Tasks pane is hidden (it read once on mounting).
        pane = app.query_one("#tasks-pane")
        assert await until(pilot, lambda: pane.alert_mark is not None)  # type: ignore[attr-defined]
        tabs = app.query_one("#tabs")

        def label() -> str:
            return str(tabs.get_tab("tasks").label)  # type: ignore[attr-defined]

        # Writes from other people, off the app's loop (as another process would).
        await asyncio.to_thread(tasks.edit_task, ws["bob"], task_id=task_id,
                                changes={"assignee": "anna"})
        assert await until(pilot, lambda: "(1)" in label())
        titles = [n.title for n in app._notifications]
        assert "bob assigned you #" + str(task_id) in titles and rings
        await asyncio.to_thread(tasks.add_comment, ws["chen"], task_id=task_id,
                                text="@anna can you look?\nthanks")
        await asyncio.to_thread(tasks.add_comment, ws["chen"], task_id=task_id,
                                text="no mention of anyone")
        await asyncio.to_thread(tasks.add_task, ws["anna"], title="my own",
                                assignee="anna")  # mine: no alert
        assert await until(pilot, lambda: "(2)" in label())
        messages = [n.message for n in app._notifications]
        assert "@anna can you look? thanks" in " ".join(messages)
        assert sum("mentioned you" in n.title for n in app._notifications) == 1
        assert not any("my own" in m for m in messages)
        await pilot.press("2")  # seen
        assert await until(pilot, lambda: label() == "Tasks")
