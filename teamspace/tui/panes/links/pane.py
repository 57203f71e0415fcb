"""The Links pane: tag facets (left), the links with who saved them (middle), the link
under the cursor with its notes and last check (right).

Everything shown is read in one unit of work (:meth:`LinksPane.read`) in a thread
worker; a live change reloads it in place, keeping the cursor and scroll position
(tui/pane.py).  Typing after ``/`` searches URLs, titles, notes and tags.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from teamspace.errors import InvalidInput
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session
from teamspace.store.links import query
from teamspace.store.links.query import LinkView, SaveView
from teamspace.text import clean
from teamspace.tui.pane import Pane, WriteDone
from teamspace.tui.panes.links.actions import LinkActions
from teamspace.tui.panes.links.linklist import LinkList, preview_text
from teamspace.tui.widgets.itemlist import ItemList

LIMIT = 500
ALL = "\x00all"  # an option id no tag can have


class LinksData(Record):
    """What the pane shows: the links of the view and the tag facets."""

    links: list[LinkView]
    tags: list[tuple[str, int]]
    error: str | None = None


class LinksPane(LinkActions, Pane):
    """Saved links, shared or private, with who else saved them — live."""

    KEY = "links"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add link", id="links.add"),
        Binding("o", "open", "Open", id="links.open"),
        Binding("y", "copy", "Copy URL", id="links.copy"),
        Binding("slash", "search", "Search", key_display="/", id="links.search"),
        Binding("t", "tags", "Tags", id="links.tags"),
        Binding("e", "edit", "Edit", id="links.edit"),
        Binding("d", "delete", "Delete", id="links.delete"),
        Binding("u", "undo", "Undo", id="links.undo"),
        Binding("c", "check", "Check", id="links.check"),
        Binding("m", "mine", "Mine only", id="links.mine"),
        Binding("D", "dead", "Dead only", id="links.dead"),
        Binding("escape", "clear_filters", "All links, no filter", show=False,
                id="links.clear"),
    ]
    tag: reactive[str] = reactive(ALL, init=False)
    mine: reactive[bool] = reactive(False, init=False)
    dead: reactive[bool] = reactive(False, init=False)
    text: reactive[str] = reactive("", init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.undo_stack: list[int] = []
        self.pending_select: int | None = None

    def compose(self) -> ComposeResult:
        """Tags | filter bar, search, links | preview."""
        with Vertical(id="link-side"):
            yield Static(Text("Tags", style="bold"), id="link-side-title")
            yield OptionList(id="link-tags")
        with Vertical(id="link-main"):
            yield Static(id="link-filters")
            yield Input(placeholder='search: words, "a phrase", word*, -word', id="link-search")
            yield LinkList(me=self.workspace.user, id="link-list")
        with VerticalScroll(id="link-preview-box"):
            yield Static(Text("No link selected.", style="dim"), id="link-preview")

    def on_mount(self) -> None:
        """Hide the search box; load."""
        self.search_box().display = False
        self._show_filters()
        self.reload()

    @classmethod
    def help_sections(cls, title: str) -> list[tuple[str, list[Binding]]]:
        """The list's keys, then the form's and the tag editor's."""
        from teamspace.tui.panes.links.form import LinkForm, TagPrompt
        from teamspace.tui.screens.help import bindings_of

        return [*super().help_sections(title), ("Link form", bindings_of(LinkForm)),
                ("Link tags", bindings_of(TagPrompt))]

    # ------------------------------------------------------------------ plumbing
    def main_widget(self) -> Widget:
        """The list takes the keyboard."""
        return self.link_list()

    def side_widget(self) -> Widget:
        """The tags (ctrl+b)."""
        return self.query_one("#link-tags", OptionList)

    def link_list(self) -> LinkList:
        """The middle list."""
        return self.query_one("#link-list", LinkList)

    def search_box(self) -> Input:
        """The search input."""
        return self.query_one("#link-search", Input)

    def _current(self) -> LinkView | None:
        link = self.link_list().current
        if link is None:
            self.notify("No link selected.", severity="warning", markup=False)
        return link

    def _mine(self, link: LinkView) -> SaveView | None:
        save = link.mine(self.workspace.user)
        if save is None:
            self.notify(f"You have not saved #{link.id}: 'a' saves it for you too.",
                        severity="warning", markup=False)
        return save

    def select_link(self, link_id: int) -> None:
        """Put the cursor on a link (now, or once the next read shows it)."""
        if not self.link_list().select(link_id):
            self.pending_select = link_id

    def _show_filters(self) -> None:
        line = Text()
        for key, label, active in (("m", "mine only", self.mine), ("D", "dead only", self.dead)):
            line.append(f" {key} ", style="reverse" if active else "bold")
            line.append(f" {label}  ", style="bold" if active else "dim")
        line.append(" / ", style="reverse" if self.text else "bold")
        line.append(f" {clean(self.text, newlines=False) or 'search'}  ",
                    style="bold" if self.text else "dim")
        if self.tag != ALL:
            line.append(f" +{clean(self.tag, newlines=False)} ", style="reverse magenta")
        self.query_one("#link-filters", Static).update(line)

    def action_clear_filters(self) -> None:
        """Back to every link: no search, tag, mine-only or dead-only."""
        search = self.search_box()
        search.value = ""
        search.display = False
        self.mine = self.dead = False
        self.tag = ALL
        self.link_list().focus()

    def _view_changed(self) -> None:
        self._show_filters()
        self.reload()

    watch_tag = watch_mine = watch_dead = watch_text = _view_changed

    # ------------------------------------------------------------------ the view
    def read(self) -> LinksData:
        """The links of the view (or the search's) and the tag counts: one unit of work."""
        tag = None if self.tag == ALL else self.tag
        text, mine, dead = self.text, self.mine, self.dead

        def body(session: Session) -> LinksData:
            counts = query.select_tag_counts(session, mine=mine)
            if text:
                try:
                    found = query.select_search(session, text, limit=200)
                except InvalidInput as exc:  # e.g. only "-word": say so, keep the list
                    return LinksData([], counts, str(exc))
                found = [link for link in found if (not tag or tag in link.tags) and
                         (not dead or link.dead) and
                         (not mine or link.mine(session.actor) is not None)]
                return LinksData(found, counts)
            return LinksData(query.select_links(session, tag=tag, mine=mine, dead=dead,
                                                limit=LIMIT), counts)

        return self.workspace.read(body)

    def show(self, data: LinksData) -> None:
        """Fill the facets, the list and the preview."""
        facets = self.query_one("#link-tags", OptionList)
        options = [Option(Text("All links", style="bold"), id=ALL)]
        for name, count in data.tags:
            label = Text("+" + clean(name, newlines=False) + "  ", style="magenta")
            label.append(str(count), style="dim")
            options.append(Option(label, id=f"t:{name}"))
        facets.set_options(options)
        try:
            facets.highlighted = facets.get_option_index(
                ALL if self.tag == ALL else f"t:{self.tag}")
        except Exception:  # the tag is gone (renamed, last link deleted)
            self.set_reactive(LinksPane.tag, ALL)
            facets.highlighted = 0
        filtered = self.mine or self.dead or self.text or self.tag != ALL
        self.link_list().empty_text = (
            "No links match: Esc clears the filters." if filtered else
            "No links yet. Press a to save one (or: teamspace link import bookmarks.html).")
        self.link_list().show(data.links)
        if self.pending_select is not None and self.link_list().select(self.pending_select):
            self.pending_select = None
        if data.error:
            self.query_one("#link-preview", Static).update(Text(data.error, style="yellow"))
        else:
            self._preview(self.link_list().current)
        self.post_message(self.Badge(self, sum(1 for link in data.links if link.dead)))

    def _preview(self, link: LinkView | None) -> None:
        preview = self.query_one("#link-preview", Static)
        if link is None:
            preview.update(Text("No link selected.", style="dim"))
        else:
            preview.update(preview_text(link, self.workspace.user))

    @on(ItemList.Looked, "#link-list")
    def looked(self, event: ItemList.Looked) -> None:
        """The cursor moved: preview that link (it was read with the list)."""
        self._preview(event.item)

    @on(Input.Changed, "#link-search")
    def search_typed(self, event: Input.Changed) -> None:
        """Search while typing."""
        self.text = event.value.strip()

    @on(Input.Submitted, "#link-search")
    def search_done(self, event: Input.Submitted) -> None:
        """Enter: back to the list (an empty search hides the box)."""
        event.stop()
        event.input.display = bool(event.value.strip())
        self.link_list().focus()

    @on(OptionList.OptionHighlighted, "#link-tags")
    def tag_chosen(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the tag list shows that tag's links."""
        if event.option.id is not None:
            self.tag = event.option.id if event.option.id == ALL else \
                event.option.id.removeprefix("t:")

    def action_mine(self) -> None:
        """Only links I saved, or everyone's."""
        self.mine = not self.mine

    def action_dead(self) -> None:
        """Only links the last check found dead or failing."""
        self.dead = not self.dead

    # ------------------------------------------------------------------ writes
    def written(self, event: WriteDone) -> None:
        """Remember how to undo a delete."""
        undo = event.extra.get("undo")
        if undo is not None and not event.queued:
            self.undo_stack.append(int(undo))


PANE = LinksPane
