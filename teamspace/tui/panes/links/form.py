"""The Links pane's dialogs: the form to add or edit a link (it runs the write itself,
so a failed save keeps every field as typed), and the tag editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.tui.pane import WriteDone, WriteFailed, Writes

FIELDS = (("url", "URL"), ("title", "Title (empty: the page's own)"),
          ("tags", "Tags (space separated)"), ("note", "Note"),
          ("audience", "Who sees it: everyone, private, or a group's name"))


def audience_of(text: str) -> tuple[str | None, str | None]:
    """(visibility, group) for what was typed in the audience field."""
    value = text.strip().lower()
    if value in ("", "everyone", "all"):
        return "everyone", None
    if value in ("private", "me", "only me"):
        return "private", None
    return "group", value.removeprefix("group ").strip()


class FormInput(Input):
    """A field that keeps a burst of keys in typing order across tab.

    A laggy link delivers keys at once: Textual hands them all to the field focused when
    they arrive, and runs tab (move to the next field) only after they are queued here.
    So this field moves the focus itself when tab comes, in order, and hands the keys
    queued behind the tab to the field that has the focus now.
    """

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and isinstance(focused, FormInput):
            event.prevent_default()
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
        elif event.key in ("tab", "shift+tab"):
            event.prevent_default()
            event.stop()
            if event.key == "tab":
                self.screen.focus_next(FormInput)
            else:
                self.screen.focus_previous(FormInput)


class LinkForm(Writes, ModalScreen[dict[str, Any] | None]):
    """Add a link (``link_id`` None) or edit your save of one; returns the writer's
    result, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="linkform.save"),
        Binding("escape", "cancel", "Cancel", id="linkform.cancel"),
    ]

    @dataclass
    class ClipboardRead(Message):
        """The URL found on the clipboard ('' for none)."""

        url: str

    def __init__(self, workspace: Workspace, *, values: dict[str, str] | None = None,
                 link_id: int | None = None, version: int | None = None,
                 from_clipboard: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.from_clipboard = from_clipboard
        self.values = dict(values or {})
        self.link_id = link_id
        self.version = version

    def compose(self) -> ComposeResult:
        """One labelled input per field (no URL when editing)."""
        with Vertical(id="linkform-box"):
            yield Label("Edit link" if self.link_id else "Save a link", id="linkform-heading")
            for key, label in FIELDS:
                if key == "url" and self.link_id is not None:
                    continue
                yield Label(label, classes="linkform-label")
                yield FormInput(self.values.get(key, ""), id=f"linkform-{key}")
            yield Static(Text("ctrl+s saves · esc cancels", style="dim"), id="linkform-hint")

    def on_mount(self) -> None:
        """Start in the first empty field (the URL when adding); look at the clipboard."""
        if self.from_clipboard is not None and self.link_id is None:
            self.read_clipboard(self.from_clipboard)
        for key, _label in FIELDS:
            found = self.query(f"#linkform-{key}").results(Input)
            field = next(found, None)
            if field is not None and not field.value:
                field.focus()
                return
        self.query(Input).first().focus()

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False)
    def read_clipboard(self, app_clipboard: str) -> None:
        """Look for a URL on the clipboard (off the UI thread: it may run a program)."""
        from teamspace.tui.panes.links.actions import clipboard_url

        self.post_message(self.ClipboardRead(clipboard_url(app_clipboard)))

    def on_link_form_clipboard_read(self, event: LinkForm.ClipboardRead) -> None:
        """Fill in the URL, unless something was typed meanwhile."""
        typed = any(field.value for field in self.query(Input).results(Input))
        if event.url and not typed:
            self.query_one("#linkform-url", Input).value = event.url
            self.query_one("#linkform-title", Input).focus()
            self.hint("The URL is the clipboard's · ctrl+s saves · esc cancels")

    def field(self, key: str) -> str:
        """What is typed in a field ('' if the form has none)."""
        found = next(self.query(f"#linkform-{key}").results(Input), None)
        return found.value if found is not None else ""

    def hint(self, message: str, *, error: bool = False) -> None:
        """Say something under the fields."""
        self.query_one("#linkform-hint", Static).update(
            Text(message, style="bold red" if error else "dim"))

    def reload(self) -> None:
        """Nothing to read here: the pane reads after the form closes."""

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves too."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Save once the field being typed in has taken every key typed before this one
        (a burst from a laggy link can deliver enter or ctrl+s ahead of them)."""
        focused = self.focused
        if isinstance(focused, Input):
            focused.call_later(self.save_now)
        else:
            self.save_now()

    def save_now(self) -> None:
        """Check the fields and run the write; the form stays open until it lands."""
        try:
            tags = links.check_tags([self.field("tags")])
        except InvalidInput as exc:
            self.hint(str(exc), error=True)
            return
        visibility, group = audience_of(self.field("audience"))
        if self.link_id is None:
            if not self.field("url").strip():
                self.hint("a link needs a URL", error=True)
                return
            self.run_write(links.add_link, {
                "url": self.field("url"), "title": self.field("title") or None,
                "note": self.field("note"), "tags": tags, "visibility": visibility,
                "group": group}, "Saved #{result[id]}", clear=True)
            return
        before = {key: self.values.get(key, "") for key, _ in FIELDS}
        changes: dict[str, Any] = {}
        if self.field("title") != before["title"]:
            changes["title"] = self.field("title")
        if self.field("note") != before["note"]:
            changes["note"] = self.field("note")
        if self.field("tags") != before["tags"]:
            changes["tags"] = tags
        if self.field("audience") != before["audience"]:
            changes.update(visibility=visibility, group=group)
        if not changes:
            self.dismiss(None)
            return
        self.run_write(links.edit_link, {"link_id": self.link_id, "changes": changes,
                                         "version": self.version},
                       f"Saved #{self.link_id}", clear=True)

    def written(self, event: WriteDone) -> None:
        """Saved (or queued): close with the result."""
        result = event.result if isinstance(event.result, dict) else {"id": self.link_id}
        self.dismiss({**result, "typed_title": self.field("title"), "mark": event.mark})

    def write_failed(self, event: WriteFailed) -> None:
        """Keep everything typed; say why under it."""
        self.hint(event.error, error=True)


class TagPrompt(ModalScreen[list[str] | None]):
    """Edit the tags of your save: returns the new list, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="linktags.cancel"),
    ]

    def __init__(self, title: str, tags: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.tags = tags

    def compose(self) -> ComposeResult:
        """Title, input, hint."""
        with Vertical(id="linktags-box"):
            yield Label(self.title_text)
            # Not selected on focus: a tag typed is added, not a replacement of them all.
            yield Input(" ".join(self.tags), placeholder="python web reading",
                        id="linktags-input", select_on_focus=False)
            yield Static(Text("space separated · enter saves · esc cancels", style="dim"),
                         id="linktags-hint")

    def on_mount(self) -> None:
        """Focus the input."""
        self.query_one("#linktags-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the tags once the input has taken every key typed before enter."""
        event.stop()
        event.input.call_later(self.submit_now)

    def submit_now(self) -> None:
        """Return the tags (or say why they cannot be used)."""
        try:
            tags = links.check_tags([self.query_one("#linktags-input", Input).value])
        except InvalidInput as exc:
            self.query_one("#linktags-hint", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(tags)
