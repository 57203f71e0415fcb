"""Plain-text rendering of time for the CLI: entries by day, reports with sub-totals,
week timesheets, suggested blocks.  Every piece of user text passes through
``teamspace.text.clean``; colours are click styles (dropped when piped)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import typer

from teamspace.store.time.clock import hours_minutes, local_day, shown
from teamspace.text import clean, one_line

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def label(project: str, tags: list[str]) -> str:
    """'acme +dev +review' (cleaned)."""
    return " ".join([clean(project, newlines=False),
                     *(f"+{clean(t, newlines=False)}" for t in tags)])


def entry_line(entry: Any, flags: list[str], *, person: bool, now: Any) -> str:
    """One entry: id, times, length, person, project and tags, task, note, flags."""
    start = entry.start().astimezone()
    end = "" if entry.running else f"{entry.end(now).astimezone():%H:%M}"
    if not entry.running and local_day(entry.end(now)) != start.date():
        end += "+1"
    parts = [f"{entry.id:>6}", f"{start:%H:%M}–{end:<7}",
             f"{hours_minutes(entry.seconds(now)):>6}"]
    if person:
        parts.append(typer.style(f"{entry.person:<10}", fg="green"))
    parts.append(typer.style(label(entry.project, entry.tags), bold=True))
    if entry.task_id:
        parts.append(typer.style(f"task #{entry.task_id}", fg="cyan"))
    if entry.running:
        parts.append(typer.style("running", fg="green", bold=True))
    if entry.note:
        parts.append(typer.style(one_line(entry.note, 50), dim=True))
    if flags:
        parts.append(typer.style("⚠ " + ", ".join(flags), fg="yellow", bold=True))
    return "  ".join(parts)


def print_listing(listing: Any, *, everyone: bool) -> None:
    """Entries grouped by their local start day, with day totals and the range total."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    if not listing.entries:
        span = listing.first.isoformat() + ("" if listing.first == listing.last
                                            else f" – {listing.last.isoformat()}")
        typer.echo(f"No time logged ({span}).")
        return
    by_day: dict[date, list[Any]] = {}
    for entry in listing.entries:
        by_day.setdefault(local_day(entry.start()), []).append(entry)
    out = []
    for day, found in by_day.items():
        total = sum(e.seconds(now) for e in found)
        out.append(typer.style(f"{day:%a %d %b %Y}", bold=True, underline=True)
                   + typer.style(f"  {hours_minutes(total)}", dim=True))
        out += [entry_line(e, listing.flags[e.id], person=everyone, now=now) for e in found]
        out.append("")
    out.append(typer.style(f"Total {hours_minutes(listing.total)}", bold=True))
    typer.echo("\n".join(out))


def print_report(found: Any) -> None:
    """Groups with their sub-totals, then the total."""
    span = found.first.isoformat() + ("" if found.first == found.last
                                      else f" – {found.last.isoformat()}")
    who = found.person or "everyone"
    lines = [typer.style(f"Hours by {found.by}, {span} ({who})", bold=True)]
    if not found.groups:
        lines.append("No time logged.")
    width = max([len(clean(g.key, newlines=False)) for g in found.groups] + [20]) + 2
    for group in found.groups:
        key = clean(group.key, newlines=False)
        if found.by == "day":
            key = f"{date.fromisoformat(group.key):%a %Y-%m-%d}"
        elif found.by == "week":
            start = date.fromisoformat(group.key)
            key = f"week of {start:%Y-%m-%d} ({start:%d %b}–{start + timedelta(days=6):%d %b})"
        lines.append(typer.style(f"{key:<{width}}", bold=True)
                     + f"{hours_minutes(group.seconds):>8}")
        lines += [f"  {clean(sub, newlines=False):<{width - 2}}{hours_minutes(seconds):>8}"
                  for sub, seconds in group.sub]
    lines.append(typer.style(f"{'Total':<{width}}{hours_minutes(found.total):>8}", bold=True))
    if found.by == "tag":
        lines.append(typer.style("(an entry with several tags counts for each; the total "
                                 "counts it once)", dim=True))
    typer.echo("\n".join(lines))


def report_csv(found: Any) -> str:
    """A report as CSV: one row per sub-total, then the group total (empty sub)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([found.by, "sub", "seconds", "hours"])
    for group in found.groups:
        for sub, seconds in group.sub:
            writer.writerow([group.key, sub, round(seconds), f"{seconds / 3600:.2f}"])
        writer.writerow([group.key, "", round(group.seconds), f"{group.seconds / 3600:.2f}"])
    writer.writerow(["total", "", round(found.total), f"{found.total / 3600:.2f}"])
    return out.getvalue()


def print_sheet(sheet: Any) -> None:
    """A week timesheet: projects × days, each part's review state, totals."""
    head = f"{sheet.person}'s week of {sheet.week:%Y-%m-%d} — {sheet.status}"
    lines = [typer.style(head, bold=True)]
    width = max([len(clean(p.project, newlines=False)) for p in sheet.parts] + [12]) + 2
    days = [sheet.week + timedelta(days=n) for n in range(7)]
    lines.append(" " * width + "".join(f"{DAYS[d.weekday()]} {d.day:>2} " for d in days)
                 + "  Total  State")
    for part in sheet.parts:
        cells = "".join(f"{hours_minutes(s) if s else '·':>7} " for s in part.days)
        state = part.state + (f" by {part.reviewer}" if part.reviewer else "")
        if part.comment:
            state += f": {one_line(part.comment, 40)}"
        colour = {"approved": "green", "returned": "red", "pending": "yellow"}.get(part.state)
        lines.append(f"{clean(part.project, newlines=False):<{width}}{cells}"
                     f"{hours_minutes(sum(part.days)):>7}  "
                     + typer.style(state, fg=colour))
    totals = "".join(f"{hours_minutes(s) if s else '·':>7} " for s in sheet.days)
    lines.append(typer.style(f"{'Total':<{width}}{totals}{hours_minutes(sum(sheet.days)):>7}",
                             bold=True))
    if not sheet.parts:
        lines.append("No time logged that week.")
    typer.echo("\n".join(lines))


def block_line(number: int, block: Any) -> str:
    """A suggested block: number, times, length, project (or none), key."""
    from teamspace.store.time.clock import format_duration

    project = clean(block.project, newlines=False) if block.project else typer.style(
        "(no project: adjust it)", fg="yellow")
    return (f"{number:>3}. {shown(block.started_at)}–{shown(block.ended_at)[-5:]}  "
            f"{format_duration(block.seconds):>6}  " + typer.style(project, bold=True)
            + typer.style(f"  [{block.key}]", dim=True))
