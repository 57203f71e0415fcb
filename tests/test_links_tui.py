"""The Links pane driven with Pilot: the list with tag facets and who saved each link,
the preview with the check state, add from the clipboard (the title fetched after the
save, from a local server), a failed save keeping the form, search, tags, delete with
undo, open, copy only when OSC 52 is enabled, a check, live updates keeping the cursor,
hostile titles shown literally."""

from __future__ import annotations

import webbrowser

import pytest
from hypothesis import HealthCheck, example, given, settings
from links_web import serving
from test_hostile_tui import drawn
from textual.widgets import Input, OptionList, Static

from teamspace.config import Settings
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links, query
from teamspace.tui.app import build_app
from teamspace.tui.panes.links.form import LinkForm, TagPrompt
from teamspace.tui.panes.links.linklist import LinkList

from hostile import EVERYTHING, hostile_text, leaks
from tui_support import burst, settle, team, until

BACKENDS = ("sqlite", "postgres")  # the TUI on a server too

SIZE = (140, 36)


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here asks the internet for a page (the local-server tests allow it)."""
    monkeypatch.setenv("TEAMSPACE_OFFLINE", "1")


def shown(app: object) -> list[int]:
    return [link.id for link in app.query_one("#link-list", LinkList).items]  # type: ignore[attr-defined]


def preview(app: object) -> str:
    return str(app.query_one("#link-preview", Static).content)  # type: ignore[attr-defined]


async def open_links(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)


async def test_list_facets_preview_and_savers(workspace: Workspace) -> None:
    ws = team(workspace)
    first = links.add_link(ws["anna"], url="https://a.example/", title="Alpha", tags=["py"],
                           note="anna's note")["id"]
    links.add_link(ws["bob"], url="https://a.example/", tags=["web"], note="bob's note")
    second = links.add_link(ws["bob"], url="https://b.example/", title="Beta",
                            tags=["web"])["id"]
    links.record_checks(ws["anna"], results=[{"link_id": second, "state": "dead",
                                              "status_code": 404}])
    app = build_app(ws["anna"], watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        assert shown(app) == [second, first]
        assert "dead 404" in preview(app) and "bob" in preview(app)
        await pilot.press("down")
        assert "anna's note" in preview(app) and "bob's note" in preview(app)
        assert "you" in preview(app) and "never checked" in preview(app)
        facets = app.query_one("#link-tags", OptionList)
        labels = [str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)]
        assert labels == ["All links", "+web  2", "+py  1"]
        facets.highlighted = 2  # +py
        await settle(pilot)
        assert shown(app) == [first]
        facets.highlighted = 0
        await settle(pilot)
        app.query_one("#link-list", LinkList).focus()
        await pilot.press("D")
        await settle(pilot)
        assert shown(app) == [second]
        await pilot.press("D", "m")
        await settle(pilot)
        assert shown(app) == [first]
        await pilot.press("D")
        await settle(pilot)
        assert shown(app) == []
        assert "Esc clears the filters" in str(
            app.query_one("#link-list", LinkList).get_option_at_index(0).prompt)
        await pilot.press("escape")
        await settle(pilot)
        assert shown(app) == [second, first]


async def test_add_from_the_clipboard_then_the_title_is_fetched(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAMSPACE_OFFLINE")  # the page is on a local server
    with serving() as server:
        app = build_app(workspace, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await open_links(pilot)
            app.copy_to_clipboard(server.base + "/page?utm_source=chat")
            await pilot.press("a")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, LinkForm)
            assert form.field("url") == server.base + "/page"
            await pilot.press("tab", *"py web", "tab", *"read later", "ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, LinkForm)
            assert await until(pilot, lambda: "A & B page" in preview(app))
            [link] = query.list_links(workspace)
            assert (link.title, link.tags, link.saves[0].note) == ("A & B page",
                                                                   ["py", "web"], "read later")
            assert shown(app) == [link.id]


async def test_a_burst_of_keys_fills_every_field_in_order(workspace: Workspace) -> None:
    """A laggy link delivers the whole form at once: each key lands in the field it was
    typed into (tab included), and ctrl+s saves all of it."""
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("a")
        await settle(pilot)
        await burst(pilot, *"example.org", "tab", "tab", *"t1 t2", "tab", *"a note",
                    "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LinkForm)
        [link] = query.list_links(workspace)
        assert (link.url, link.tags, link.saves[0].note) == ("https://example.org/",
                                                             ["t1", "t2"], "a note")
        await pilot.press("t")
        await settle(pilot)
        await burst(pilot, *" t3", "enter")
        await settle(pilot)
        assert query.get_link(workspace, link.id).tags == ["t1", "t2", "t3"]


async def test_the_clipboard_never_overwrites_what_was_typed(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("a", *"typed.example/x", "tab", "tab", *"t1")
        form = app.screen
        assert isinstance(form, LinkForm)
        form.post_message(LinkForm.ClipboardRead("https://clipboard.example/"))  # came late
        await settle(pilot)
        assert form.field("url") == "typed.example/x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [link] = query.list_links(workspace)
        assert (link.url, link.tags) == ("https://typed.example/x", ["t1"])


async def test_a_failed_save_keeps_the_form(workspace: Workspace) -> None:
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("a", *"javascript:alert(1)", "tab", *"My title", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LinkForm)
        assert form.field("title") == "My title"
        assert "refused" in str(form.query_one("#linkform-hint", Static).content)
        assert query.list_links(workspace) == []
        await pilot.press("escape")
        assert not isinstance(app.screen, LinkForm)


async def test_search_tags_delete_and_undo(workspace: Workspace) -> None:
    db = links.add_link(workspace, url="https://db.example/", title="Postgres",
                        note="vacuum settings")["id"]
    other = links.add_link(workspace, url="https://other.example/", title="Other")["id"]
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("slash", *"vacuum")
        await settle(pilot)
        assert shown(app) == [db]
        await pilot.press("enter")
        assert app.focused is app.query_one("#link-list", LinkList)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)
        await pilot.press(*"db ops", "enter")
        await settle(pilot)
        assert query.get_link(workspace, db).tags == ["db", "ops"]
        await pilot.press("slash", "ctrl+u", "enter")
        await settle(pilot)
        assert shown(app) == [other, db]  # the cursor stayed on db
        await pilot.press("d")
        await settle(pilot)
        assert shown(app) == [other]
        await pilot.press("u")
        await settle(pilot)
        assert shown(app) == [other, db]


async def test_edit_keeps_what_was_not_touched(workspace: Workspace) -> None:
    link_id = links.add_link(workspace, url="https://e.example/", tags=["a"], note="old")["id"]
    links.set_page_info(workspace, link_id=link_id, title="Page title")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LinkForm) and form.field("tags") == "a"
        form.query_one("#linkform-note", Input).value = "new note"
        await pilot.press("ctrl+s")
        await settle(pilot)
        link = query.get_link(workspace, link_id)
        assert (link.title, link.tags, link.saves[0].note) == ("Page title", ["a"], "new note")


async def test_open_and_copy(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    links.add_link(workspace, url="https://copy.example/")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://copy.example/"]
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == ""  # OSC 52 is off unless the config says so
        assert any("Copying is off" in n.message for n in app._notifications)
    app = build_app(workspace, watch=False,
                    settings=Settings(extra={"links": {"osc52": True}}))
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "https://copy.example/"


async def test_check_from_the_pane(workspace: Workspace,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAMSPACE_OFFLINE")  # the page is on a local server
    with serving() as server:
        links.add_link(workspace, url=server.base + "/404")
        app = build_app(workspace, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await open_links(pilot)
            await pilot.press("c")
            assert await until(pilot, lambda: "dead 404" in preview(app))


async def test_live_updates_keep_the_cursor(workspace: Workspace) -> None:
    ws = team(workspace)
    ids = [links.add_link(ws["anna"], url=f"https://{n}.example/")["id"] for n in range(3)]
    app = build_app(ws["anna"])  # watching: settle() would wait for the watcher for ever
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert await until(pilot, lambda: shown(app) == ids[::-1])
        await pilot.press("down")
        assert app.query_one("#link-list", LinkList).current.id == ids[1]
        new = links.add_link(ws["bob"], url="https://new.example/")["id"]
        assert await until(pilot, lambda: new in shown(app))
        assert app.query_one("#link-list", LinkList).current.id == ids[1]


async def test_hostile_titles_are_shown_literally(workspace: Workspace) -> None:
    link_id = links.add_link(workspace, url="https://evil.example/")["id"]
    links.set_page_info(workspace, link_id=link_id,
                        title="\x1b]0;pwned\x07[bold red]boo[/] \u202eevil")
    links.add_link(workspace, url="https://evil.example/", note="[link=x]click[/link]\x1b[2J")
    app = build_app(workspace, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_links(pilot)
        text = preview(app)
        assert "[bold red]boo[/]" in text and "[link=x]click[/link]" in text
        assert "\x1b" not in text and "\u202e" not in text


async def test_every_binding_has_an_id_and_a_description() -> None:
    from teamspace.tui.panes.links.pane import LinksPane

    for _title, bindings in LinksPane.help_sections("Links"):
        for binding in bindings:
            assert binding.id and binding.description, binding
            assert binding.id.split(".")[0] in ("links", "linkform", "linktags")


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text(max_size=4))
@example(text=EVERYTHING)
def test_no_links_widget_draws_what_a_terminal_would_obey(
        tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """The list, the preview, the edit form and the tag editor, with hostile titles,
    notes, page descriptions and check errors: nothing a terminal would obey is drawn."""
    import asyncio

    folder = tmp_path_factory.mktemp("hostile-links")
    ws = Workspace.open(str(folder / "team.db"), user="anna")
    ws.create()
    link_id = links.add_link(ws, url="https://h.example/", title=text, note=text)["id"]
    links.set_page_info(ws, link_id=link_id, title=text, description=text)
    links.record_checks(ws, results=[{"link_id": link_id, "state": "failing", "error": text}])

    async def tour() -> list[tuple[str, str]]:
        app = build_app(ws, watch=False)
        seen = []
        async with app.run_test(size=SIZE) as pilot:
            await open_links(pilot)
            seen.append(("links", drawn(app)))
            await pilot.press("e")
            await settle(pilot)
            seen.append(("form", drawn(app)))
            await pilot.press("escape", "t")
            await settle(pilot)
            seen.append(("tags", drawn(app)))
            await pilot.press("escape", "slash", *"h")
            await settle(pilot)
            seen.append(("search", drawn(app)))
        return seen

    for where, screen in asyncio.run(tour()):
        assert not leaks(screen), (where, leaks(screen))
    assert "[bold red]fake[/]" not in text or "[bold red]fake[/]" in screen
