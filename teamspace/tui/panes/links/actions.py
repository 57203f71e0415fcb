"""What the keys of the Links pane do: add (from the clipboard), edit, tags, delete with
undo, open in the browser, copy the URL (OSC 52, only when enabled), check, search.

A mixin for LinksPane (kept apart so each file stays readable).  Network work (the
page's title, a check) and the clipboard run in thread workers; the writes go through
the pane's ``run_write``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from teamspace.errors import InvalidInput
from teamspace.store.links import links

if TYPE_CHECKING:
    from textual.app import App

    from teamspace.config import Settings
    from teamspace.store.core.connection import Workspace
    from teamspace.store.links.query import LinkView

# Tried in order to read the system clipboard (each bounded to half a second).
CLIPBOARD_TOOLS = (["wl-paste", "--no-newline"], ["xclip", "-selection", "clipboard", "-o"],
                   ["xsel", "--clipboard", "--output"], ["pbpaste"])


def clipboard_url(app_clipboard: str) -> str:
    """The URL the clipboard holds (system clipboard first, then what the app copied),
    normalised, or '' when it holds none."""
    from teamspace.store.links.urls import normalise

    candidates = []
    for command in CLIPBOARD_TOOLS:
        if shutil.which(command[0]):
            try:
                found = subprocess.run(command, capture_output=True, text=True, timeout=0.5)
            except (OSError, subprocess.SubprocessError):
                continue
            candidates.append(found.stdout.strip())
            break
    candidates.append(app_clipboard.strip())
    for text in candidates:
        if "://" in text and "\n" not in text:
            try:
                return normalise(text)
            except InvalidInput:
                continue
    return ""


def osc52_enabled(settings: Settings) -> bool:
    """``osc52 = true`` under ``[links]`` in the config file."""
    section = settings.extra.get("links")
    return isinstance(section, dict) and section.get("osc52") is True


@dataclass
class PageFetched(Message):
    """A page's title came back (or why not)."""

    link_id: int
    title: str
    description: str
    error: str | None


@dataclass
class Checked(Message):
    """A link was checked."""

    result: dict[str, Any]


class LinkActions:
    """Mixin: the pane's actions (the pane provides the attributes below)."""

    workspace: Workspace
    settings: Settings
    undo_stack: list[int]
    app: App[None]
    notify: Callable[..., None]
    run_write: Callable[..., Any]
    post_message: Callable[[Message], bool]
    # The pane's own (tui/pane.Pane): declared, not defined, so they are not shadowed.
    reload: Callable[[], None]
    changed: Callable[..., None]

    def _current(self) -> LinkView | None:
        raise NotImplementedError

    def _mine(self, link: LinkView) -> Any:
        raise NotImplementedError

    def search_box(self) -> Any:
        """Provided by the pane."""
        raise NotImplementedError

    # ------------------------------------------------------------------ add and edit
    def action_add(self) -> None:
        """Save a link: the form opens at once, with the clipboard's URL filled in when
        it holds one (read in a worker; what is typed meanwhile is never overwritten)."""
        from teamspace.tui.panes.links.form import LinkForm

        self.app.push_screen(LinkForm(self.workspace, from_clipboard=self.app.clipboard),
                             self._saved)

    def _saved(self, result: dict[str, Any] | None) -> None:
        if not result:
            return
        # The form wrote: read it once, even if the watcher's read races this one.
        mark = result.get("mark")
        if mark is None:
            self.reload()
        else:
            self.changed(mark, visible=True)
        if result.get("id") is None:  # queued for the share: nothing to show yet
            return
        self.select_link(int(result["id"]))
        if result.get("also"):
            self.notify(f"Also saved by {', '.join(result['also'])}", markup=False)
        if not result.get("typed_title") and result.get("url"):
            self.fetch_title(int(result["id"]), str(result["url"]))

    def select_link(self, link_id: int) -> None:
        """Provided by the pane."""
        raise NotImplementedError

    @work(thread=True, group="fetch", exit_on_error=False)
    def fetch_title(self, link_id: int, url: str) -> None:
        """The page's title and description, fetched within bounds, after the save."""
        from teamspace.store.links.fetch import fetch_page
        from teamspace.store.links.urls import is_web
        from teamspace.store.links.web import WebError, offline

        if not is_web(url) or offline():
            return
        try:
            page = fetch_page(url)
        except WebError as exc:
            self.post_message(PageFetched(link_id, "", "", exc.message))
            return
        self.post_message(PageFetched(link_id, page.title, page.description, None))

    def on_page_fetched(self, event: PageFetched) -> None:
        """Store the page's title (the link was saved already)."""
        if event.error:
            self.notify(f"No title for #{event.link_id}: {event.error}", severity="warning",
                        markup=False)
            return
        self.run_write(links.set_page_info, {"link_id": event.link_id, "title": event.title,
                                             "description": event.description},
                       f"Title of #{event.link_id} filled in")

    def action_edit(self) -> None:
        """Edit your save of the link under the cursor."""
        from teamspace.tui.panes.links.form import LinkForm

        link = self._current()
        save = self._mine(link) if link else None
        if link is None or save is None:
            return
        audience = save.group if save.visibility == "group" else save.visibility
        values = {"title": "" if save.title == link.page_title else save.title,
                  "tags": " ".join(save.tags), "note": save.note, "audience": audience}
        self.app.push_screen(LinkForm(self.workspace, values=values, link_id=link.id,
                                      version=save.version), self._saved)

    def action_tags(self) -> None:
        """Edit the tags of your save of the link under the cursor."""
        from teamspace.tui.panes.links.form import TagPrompt

        link = self._current()
        save = self._mine(link) if link else None
        if link is None or save is None:
            return

        def chosen(tags: list[str] | None) -> None:
            if tags is not None and tags != save.tags:
                self.run_write(links.edit_link, {"link_id": link.id, "changes": {"tags": tags},
                                                 "version": save.version},
                               f"Tags of #{link.id} saved")

        self.app.push_screen(TagPrompt(f"Tags of #{link.id}:", save.tags), chosen)

    # ------------------------------------------------------------------ delete, undo
    def action_delete(self) -> None:
        """Move your save to the trash; u brings it back."""
        link = self._current()
        if link is not None and self._mine(link) is not None:
            self.run_write(links.delete_link, {"link_id": link.id},
                           f"Deleted #{link.id} — u undoes", extra={"undo": link.id})

    def action_undo(self) -> None:
        """Restore the link deleted last here."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        link_id = self.undo_stack.pop()
        self.run_write(links.restore_link, {"link_id": link_id}, f"Restored #{link_id}")

    # ------------------------------------------------------------------ the outside
    def action_open(self) -> None:
        """Open the link in the browser ($BROWSER, else the system's)."""
        link = self._current()
        if link is not None:
            self.open_in_browser(link.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        """Hand the URL to the browser (off the UI thread: it may start a program)."""
        import webbrowser

        opened = webbrowser.open(url)
        self.app.call_from_thread(
            self.notify, f"Opened {url}" if opened else "No browser found: set $BROWSER",
            severity="information" if opened else "error", markup=False)

    def action_copy(self) -> None:
        """Copy the URL to the terminal's clipboard (OSC 52), if enabled in the config."""
        link = self._current()
        if link is None:
            return
        if not osc52_enabled(self.settings):
            self.notify(f"{link.url}\nCopying is off: put 'osc52 = true' under [links] in "
                        "config.toml to let teamspace set your clipboard.", timeout=8,
                        markup=False)
            return
        self.app.copy_to_clipboard(link.url)
        self.notify(f"Copied {link.url}", markup=False)

    def action_check(self) -> None:
        """Check the link under the cursor now."""
        link = self._current()
        if link is not None:
            self.notify(f"Checking #{link.id}…", markup=False)
            self.check_one(link.id, link.url)

    @work(thread=True, group="check", exit_on_error=False)
    def check_one(self, link_id: int, url: str) -> None:
        """Check one link off the UI thread."""
        from teamspace.store.links.check import check_url
        from teamspace.store.links.urls import is_web
        from teamspace.store.links.web import offline

        if not is_web(url) or offline():
            self.app.call_from_thread(self.notify, "Only web links can be checked (and not "
                                      "with TEAMSPACE_OFFLINE set).", markup=False)
            return
        self.post_message(Checked({**check_url(url), "link_id": link_id}))

    def on_checked(self, event: Checked) -> None:
        """Store the result."""
        result = event.result
        why = result["status_code"] or result["error"] or ""
        self.run_write(links.record_checks, {"results": [result]},
                       f"#{result['link_id']}: {result['state']} {why}".strip())

    def action_search(self) -> None:
        """Search as you type; enter goes back to the list, an empty search shows all."""
        box = self.search_box()
        box.display = True
        box.focus()
