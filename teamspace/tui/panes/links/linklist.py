"""The Links pane's list (one row per link: title, host, tags, who saved it, its check
state) and the preview of the link under the cursor, as Rich ``Text`` (never markup).
Every string from a user, a web page or an imported file is cleaned first."""

from __future__ import annotations

from rich.text import Text

from teamspace.dates import ago_stored
from teamspace.store.core.search import marked_spans
from teamspace.store.links.query import LinkView
from teamspace.text import clean, one_line
from teamspace.tui.widgets.itemlist import ItemList

STATE_STYLES = {"ok": "green", "dead": "bold red", "failing": "yellow"}


def state_text(link: LinkView) -> str:
    """'dead 404', 'failing: timed out', 'ok', '' (never checked)."""
    if link.state is None:
        return ""
    if link.state == "ok":
        return "ok (moved)" if link.final_url else "ok"
    detail = str(link.status_code) if link.status_code else one_line(link.check_error or "",
                                                                      30)
    return f"{link.state} {detail}".strip()


def _gap(text: Text, content: str, style: str) -> None:
    # The blanks are their own span: the option list folds a span's leading blanks.
    text.append("  ", style="dim")
    text.append(content, style=style)


def link_text(link: LinkView, me: str) -> Text:
    """Two lines: id, title and check state; then host, tags and who saved it (and a
    snippet line when searching)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"#{link.id} ", style="dim")
    text.append(one_line(link.title or link.url, 100), style="bold")
    state = state_text(link)
    if state and link.state != "ok":
        _gap(text, state, STATE_STYLES.get(link.state or "", ""))
    text.append("\n   ")
    text.append(one_line(link.host or link.url.split(":", 1)[0] + ":", 40), style="cyan")
    for tag in link.tags[:6]:
        _gap(text, "+" + clean(tag, newlines=False), "magenta")
    savers = ["you" if name == me else name for name in link.savers]
    _gap(text, ", ".join(savers), "green")
    if link.snippet:
        text.append("\n   ")
        for part, match in marked_spans(one_line(link.snippet, 160)):
            text.append(part, style="bold yellow" if match else "dim")
    return text


def preview_text(link: LinkView, me: str) -> Text:
    """The link in full: title, URL, description, check, every visible save."""
    text = Text()
    text.append(f"#{link.id} ", style="dim")
    text.append(clean(link.title or link.url, newlines=False) + "\n", style="bold")
    text.append(clean(link.url, newlines=False) + "\n", style="cyan")
    if link.page_description:
        text.append(clean(link.page_description, newlines=False) + "\n", style="dim italic")
    text.append("\nstatus   ", style="dim")
    if link.state is None:
        text.append("never checked (c checks it)\n", style="dim")
    else:
        text.append(state_text(link) + " ", style=STATE_STYLES.get(link.state, ""))
        if link.checked_at:
            text.append(f"· {ago_stored(link.checked_at)}", style="dim")
        text.append("\n")
    if link.final_url:
        text.append("moved to ", style="dim")
        text.append(clean(link.final_url, newlines=False) + "\n")
    for save in link.saves:
        who = "you" if save.author == me else save.author
        audience = "private" if save.visibility == "private" else \
            f"group {save.group}" if save.visibility == "group" else "everyone"
        # Blanks end a span, never start one: wrapping folds a span's leading blanks.
        text.append(f"\n{who} ", style="bold green")
        text.append(f"· {ago_stored(save.created_at)} · {audience}\n", style="dim")
        if save.title and save.title != link.title:
            text.append(clean(save.title, newlines=False) + "\n")
        if save.tags:
            text.append(" ".join("+" + clean(t, newlines=False) for t in save.tags) + "\n",
                        style="magenta")
        if save.note:
            text.append(clean(save.note) + "\n")
    return text


class LinkList(ItemList[LinkView]):
    """Links newest (or, when searching, best) first; keeps its cursor across reloads."""

    PREFIX = "link"

    def __init__(self, *, me: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.me = me

    def item_text(self, item: LinkView) -> Text:
        """A link as the list shows it."""
        return link_text(item, self.me)
