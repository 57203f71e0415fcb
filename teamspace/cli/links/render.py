"""Plain-text rendering of links for the CLI: a list (two lines per link) and one link
in full.  Every piece of text a user, a web page or an imported file wrote passes
through :func:`teamspace.text.clean` / ``one_line`` first; colour uses click styles,
which click strips when stdout is not a terminal.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any

import typer

from teamspace.dates import ago_stored
from teamspace.text import clean, one_line

STATE_COLOURS = {"ok": "green", "dead": "red", "failing": "yellow"}


def state_label(link: Any) -> str:
    """'ok', 'dead 404', 'failing: timed out', or '' (never checked)."""
    if link.state is None:
        return ""
    label = str(link.state)
    if link.status_code and link.state != "ok":
        label += f" {link.status_code}"
    elif link.check_error and link.state != "ok":
        label += f": {one_line(link.check_error, 40)}"
    if link.state == "ok" and link.final_url:
        label += " (moved)"
    return label


def snippet_text(snippet: str) -> str:
    """A search snippet on one line, matches in bold."""
    from teamspace.store.core.search import marked_spans

    return "".join(str(typer.style(part, bold=True, fg="yellow")) if match else part
                   for part, match in marked_spans(one_line(snippet, 160)))


def link_lines(link: Any, me: str, width: int, *, snippet: bool = False) -> list[str]:
    """Two lines: id, title, check state; then URL, tags, who saved it, when."""
    title = one_line(link.title or link.url, max(20, width - 20))
    first = typer.style(f"{link.id:>5} ", dim=True) + typer.style(title, bold=True)
    state = state_label(link)
    if state:
        first += "  " + typer.style(f"[{state}]", fg=STATE_COLOURS.get(link.state, "white"))
    savers = [name if name != me else "you" for name in link.savers]
    private = link.mine(me) is not None and link.mine(me).visibility == "private"
    parts = [typer.style(one_line(link.url, max(30, width // 2)), fg="cyan")]
    if link.tags:
        parts.append(" ".join(typer.style("+" + clean(t, newlines=False), fg="magenta")
                              for t in link.tags))
    parts.append(typer.style("saved by " + ", ".join(savers), fg="green") +
                 (typer.style(" (private)", dim=True) if private else ""))
    parts.append(typer.style(ago_stored(link.saved_at), dim=True))
    lines = [first, "      " + "  ".join(parts)]
    if snippet and link.snippet:
        lines.append("      " + snippet_text(link.snippet))
    return lines


def print_links(links: list[Any], *, me: str, more: bool, empty: str,
                snippets: bool = False) -> None:
    """Links, newest (or best) first."""
    if not links:
        typer.echo(empty, err=not sys.stdout.isatty())
        return
    width = shutil.get_terminal_size((100, 24)).columns
    out: list[str] = []
    for link in links:
        out += link_lines(link, me, width, snippet=snippets)
    typer.echo("\n".join(out))
    if more:
        typer.echo(typer.style("… more links: narrow the filter or raise --limit", dim=True),
                   err=True)


def _change_text(changes: dict[str, Any]) -> str:
    parts = []
    for key, pair in changes.items():
        if key in ("title_auto",) or not isinstance(pair, list) or len(pair) != 2:
            continue
        before, after = pair
        if isinstance(after, list):
            after = " ".join(str(v) for v in after)
        parts.append(f"{key}: {after!s}" if before in (None, "", []) else f"{key} → {after!s}")
    return one_line("; ".join(parts), 90)


def print_detail(detail: Any, me: str) -> None:
    """One link in full: its title, URL, check, every visible save, history."""
    link = detail.link
    lines = [typer.style(f"#{link.id} ", bold=True) + typer.style(
        one_line(link.title or link.url, 200), bold=True),
        "  " + typer.style(clean(link.url, newlines=False), fg="cyan")]
    if link.page_description:
        lines.append("  " + typer.style(one_line(link.page_description, 200), dim=True))
    state = state_label(link)
    if state:
        lines.append(f"  checked  {typer.style(state, fg=STATE_COLOURS.get(link.state, 'white'))}"
                     f" {ago_stored(link.checked_at)}" if link.checked_at else "")
    if link.final_url:
        lines.append(f"  moved to {clean(link.final_url, newlines=False)}")
    for save in link.saves:
        who = "you" if save.author == me else save.author
        audience = {"everyone": "everyone", "private": "private"}.get(
            save.visibility, f"group {save.group}")
        lines += ["", typer.style(who, fg="green", bold=True) + typer.style(
            f" · {ago_stored(save.created_at)} · {audience}"
            + (" · in the trash" if save.deleted else ""), dim=True)]
        if save.title and save.title != link.title:
            lines.append("  title  " + one_line(save.title, 200))
        if save.tags:
            lines.append("  tags   " + " ".join(typer.style("+" + clean(t, newlines=False),
                                                            fg="magenta") for t in save.tags))
        if save.note:
            lines += ["  " + line for line in clean(save.note).splitlines()]
    if detail.history:
        lines += ["", typer.style("History", bold=True)]
        for step in detail.history[-15:]:
            change = _change_text(step["changes"])
            lines.append(f"  {step['at']} · {step['actor']} · {step['action']}"
                         + (typer.style(f"  {change}", dim=True) if change else ""))
    typer.echo("\n".join(lines))
