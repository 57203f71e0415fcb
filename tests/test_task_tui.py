"""The Tasks pane driven with Pilot: add with the inline form, tick off with undo, edit,
assign, due date, comment, delete, filter, mine-only, projects, calendar, people, live
updates that keep the cursor, hostile text shown literally."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from teamspace.store.core import projects
from teamspace.store.core.connection import Workspace
from teamspace.store.tasks import query as taskquery
from teamspace.store.tasks import tasks
from teamspace.tui.app import build_app
from teamspace.tui.panes.tasks.calendar import CalendarScreen
from teamspace.tui.panes.tasks.form import TaskForm
from teamspace.tui.panes.tasks.pane import TasksPane
from teamspace.tui.panes.tasks.people import PeopleScreen
from teamspace.tui.panes.tasks.tasklist import TaskList

from support import run_cli
from tui_support import settle, team, until

BACKENDS = ("sqlite", "postgres")  # the TUI on a server too

SIZE = (130, 36)


def shown(app: object) -> list[int]:
    return [t.id for t in app.query_one("#task-list", TaskList).tasks]  # type: ignore[attr-defined]


def task_list(app: object) -> TaskList:
    return app.query_one("#task-list", TaskList)  # type: ignore[attr-defined, no-any-return]


async def open_tasks(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def test_add_with_the_form_then_done_and_undo(workspace: Workspace) -> None:
    ws = team(workspace)
    projects.create_project(ws["anna"], name="Website")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        assert app.focused is task_list(app)
        await pilot.press("a", *"Fix login", "tab", *"Web", "right", "tab", "tab", *"bo",
                          "right", "tab", *"2099-01-05", "tab", "h", "tab", *"web bug",
                          "ctrl+s")
        await settle(pilot)
        [task] = taskquery.list_tasks(ws["bob"])
        assert (task.title, task.project, task.assignee, task.priority, task.tags) == (
            "Fix login", "Website", "bob", "H", ["web", "bug"])
        assert task.due is not None and task.due.startswith("2099-01-05")
        assert not app.query_one(TaskForm).display and shown(app) == [task.id]
        await pilot.press("space")
        await settle(pilot)
        assert taskquery.get_task(ws["bob"], task.id).done and shown(app) == []
        assert any("u undoes" in n.message for n in app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert not taskquery.get_task(ws["bob"], task.id).done and shown(app) == [task.id]


async def test_a_failed_save_keeps_the_form(workspace: Workspace) -> None:
    ws = team(workspace)
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("a", *"Call the bank", "tab", *"Nowhere", "ctrl+s")
        await settle(pilot)
        form = app.query_one(TaskForm)
        assert form.display and form.values["title"] == "Call the bank"
        assert "no project 'Nowhere'" in str(app.query_one("#taskform-hint", Static).content)
        await pilot.press("tab", "tab", "tab", *"someday", "ctrl+s")  # project → due
        await settle(pilot)
        assert "cannot read the date" in str(app.query_one("#taskform-hint", Static).content)
        assert taskquery.list_tasks(ws["anna"]) == []


async def test_edit_assign_due_comment_delete(workspace: Workspace) -> None:
    ws = team(workspace)
    task_id = tasks.add_task(ws["anna"], title="Draft plan")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("e")
        app.query_one(TaskForm).input("title").value = "Final plan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert taskquery.get_task(ws["bob"], task_id).title == "Final plan"
        await pilot.press("A")
        await settle(pilot)
        options = app.screen.query_one("#assign-list", OptionList)
        options.highlighted = options.get_option_index("chen")
        await pilot.press("enter")
        await settle(pilot)
        assert taskquery.get_task(ws["bob"], task_id).assignee == "chen"
        await pilot.press("D", *"2099-03-04", "enter")
        await settle(pilot)
        assert str(taskquery.get_task(ws["bob"], task_id).due).startswith("2099-03-04")
        await pilot.press("C", *"[bold]not markup[/]")
        app.screen.query_one("#comment-text").insert(" \x1b[2J")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = taskquery.task_detail(ws["bob"], task_id)
        assert detail.comments[0]["text"].startswith("[bold]not markup[/]")
        shown_detail = app.query_one("#task-detail", Static).content
        plain = getattr(shown_detail, "plain", str(shown_detail))
        assert "[bold]not markup[/]" in plain and "\x1b" not in plain
        await pilot.press("d")
        await settle(pilot)
        assert shown(app) == [] and taskquery.trash(ws["bob"])[0].id == task_id
        await pilot.press("u")
        await settle(pilot)
        assert shown(app) == [task_id]


async def test_projects_filter_and_mine(workspace: Workspace) -> None:
    ws = team(workspace)
    projects.create_project(ws["anna"], name="Website")
    site = tasks.add_task(ws["anna"], title="site work", project="Website", assignee="bob")
    mine = tasks.add_task(ws["anna"], title="my errand", assignee="anna")
    other = tasks.add_task(ws["anna"], title="chen's thing", assignee="chen")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        assert sorted(shown(app)) == sorted([site, mine, other])
        sidebar = app.query_one("#task-projects", OptionList)
        sidebar.highlighted = sidebar.get_option_index("p:Website")
        await settle(pilot)
        assert shown(app) == [site]
        sidebar.highlighted = 0
        await settle(pilot)
        task_list(app).focus()
        await pilot.press("m")
        await settle(pilot)
        assert shown(app) == [mine]
        await pilot.press("m", "slash", *"THING", "enter")
        await settle(pilot)
        assert shown(app) == [other] and app.focused is task_list(app)


async def test_calendar_and_people_views(workspace: Workspace) -> None:
    from datetime import date

    ws = team(workspace)
    today = date.today()
    first = tasks.add_task(ws["anna"], title="due today", due=today.isoformat(),
                           assignee="bob")
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        screen = app.screen
        assert list(screen.days) == [today.isoformat()]
        week = next(i for i, w in enumerate(screen.weeks) if today.day in w)
        screen.query_one("#calendar-grid").cursor_coordinate = (  # type: ignore[attr-defined]
            week, screen.weeks[week].index(today.day))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CalendarScreen)
        assert task_list(app).current_task is not None
        assert task_list(app).current_task.id == first  # type: ignore[union-attr]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        options = app.screen.query_one("#people-list", OptionList)
        plain = "\n".join(str(getattr(options.get_option_at_index(i).prompt, "plain", ""))
                          for i in range(options.option_count))
        assert "bob   1 open" in plain and "due today" in plain
        await pilot.press("escape")


async def test_a_colleagues_change_appears_live_and_keeps_the_cursor(
        workspace: Workspace) -> None:
    ws = team(workspace)
    ids = [tasks.add_task(ws["anna"], title=f"task {n}", due=f"2099-01-{n + 1:02d}")
           for n in range(8)]
    app = build_app(ws["anna"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: len(shown(app)) == 8)
        task_list(app).select(ids[5])
        result = run_cli("task", "add", "from bob", "--due", "2000-01-01",
                         env={"TEAMSPACE_DB": workspace.path, "TEAMSPACE_USER": "bob"})
        assert result.returncode == 0, result.stderr
        new_id = int(result.stdout)
        assert await until(pilot, lambda: shown(app)[:1] == [new_id])
        assert task_list(app).current_task is not None
        assert task_list(app).current_task.id == ids[5]  # type: ignore[union-attr]


async def test_palette_and_help_offer_the_task_actions(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in TasksPane.BINDINGS:
            assert binding.description in titles  # type: ignore[union-attr]
