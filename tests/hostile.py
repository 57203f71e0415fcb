"""Hostile text for property tests: what another user (or an imported file, or a fetched
page) could put into any text field, and the check that none of it reached a terminal."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from teamspace.dates import to_text
from teamspace.errors import TeamspaceError
from teamspace.store.core import groups, people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.store.microblog import posts
from teamspace.store.notes import comments, files, notebooks, notes
from teamspace.store.tasks import tasks
from teamspace.store.time import entries, timers

ESC = "\x1b"
# Sequences a terminal would obey: title, clipboard write, hyperlink, device queries,
# mode switches, DCS/APC/PM/SOS strings, a C1 CSI, erase screen, bell, backspace.
ATTACKS = [
    f"{ESC}]0;owned{ESC}\\", f"{ESC}]52;c;cm0gLXJmIH4={ESC}\\", f"{ESC}]8;;http://x{ESC}\\link",
    f"{ESC}[6n", f"{ESC}[?1049h", f"{ESC}[?1000h", f"{ESC}P+q544e{ESC}\\", f"{ESC}_apc{ESC}\\",
    f"{ESC}^pm{ESC}\\", f"{ESC}Xsos{ESC}\\", "\x9b31m", "\x9d0;c1title\x07", f"{ESC}[2J",
    "\x07", "\x08\x08", f"{ESC}[31mred{ESC}[0m", f"{ESC}c",
]
BIDI = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c"]
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff"]
MARKUP = ["[bold red]fake[/]", "[link=http://evil]x[/link]", "[/]", "[@click=app.quit]q[/]",
          "$accent", "[reverse]", "\\[escaped]"]
# Characters that must never reach a terminal from our output (except our own colours
# in the CLI, which tests strip first).
FORBIDDEN = ({chr(c) for c in range(0x00, 0x20)} - {"\n", "\t"}) | {chr(0x7F)} | \
    {chr(c) for c in range(0x80, 0xA0)} | set(BIDI) | set(INVISIBLE)


EVERYTHING = " ".join([*ATTACKS, *BIDI, *INVISIBLE, *MARKUP])


def hostile_text(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
    """Short strings mixing attacks, bidi, invisible characters, markup and words."""
    piece = st.one_of(st.sampled_from(ATTACKS), st.sampled_from(BIDI),
                      st.sampled_from(INVISIBLE), st.sampled_from(MARKUP),
                      st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                               max_size=4),
                      st.sampled_from(["word", "Über", "日本", "🎉"]))
    return st.lists(piece, min_size=min_size, max_size=max_size).map(" ".join).filter(
        lambda text: text.strip() != "")


def leaks(output: str, *, allow_colours: bool = False) -> set[str]:
    """The forbidden characters in ``output`` (our own colours and progress-bar moves —
    SGR, erase line, cursor up/column, CR — removed first when ``allow_colours``: the CLI
    may draw those on a terminal)."""
    if allow_colours:
        import re

        output = re.sub(r"\x1b\[[0-9;]*[mKAG]|\x1b\[\?25[hl]|\r", "", output)
    return set(output) & FORBIDDEN


def hostile_workspace(text: str) -> tuple[str, dict[str, int]]:
    """A workspace where everything another member could write carries ``text``."""
    db = os.path.join(tempfile.mkdtemp(prefix="hostile-"), "team.db")
    anna = Workspace.open(db, user="anna")
    anna.create()
    bob = Workspace.open(db, user="bob")
    people.add_person(anna, "bob", text[:100] or "x")
    anna.set_meta("name", text[:200])
    ids: dict[str, int] = {}
    groups.create_group(bob, name="dev", description=text)
    ids["post"] = posts.create_post(bob, text=f"{text} @anna #tag", force=True)
    ids["reply"] = posts.create_post(bob, text=text, reply_to=ids["post"], force=True)
    posts.create_post(bob, text=text, to=["anna"], force=True)
    posts.create_post(bob, text=text, group="dev", force=True)
    try:
        projects.create_project(bob, name=text[:60], description=text)
        project: str | None = text[:60]
    except TeamspaceError:  # not a usable project name (e.g. blank): no project
        project = None
    ids["task"] = tasks.add_task(bob, title=text, notes=text, project=project,
                                 list_name=None, assignee="anna", due="2026-12-24",
                                 recur="week")
    tasks.add_comment(bob, task_id=ids["task"], text=text)
    tasks.add_comment(bob, task_id=ids["task"], text=f"@anna {text}")  # a task alert
    deleted = tasks.add_task(bob, title=text)
    tasks.delete_task(bob, task_id=deleted)
    ids.update(hostile_notes(bob, text))
    ids.update(hostile_links_and_time(bob, text, project))
    return db, ids


def hostile_notes(bob: Workspace, text: str) -> dict[str, int]:
    """The Notes pane's share: a notebook named with ``text`` (when it makes a name),
    a note whose title, headings, bullets, tags' neighbours, comments and attachment
    names carry it, saved twice (history, diff), shown first in the list."""
    try:
        notebooks.add_notebook(bob, name=text[:60])
        book: str | None = text[:60]
    except TeamspaceError:  # not a usable notebook name: the default notebook
        book = None
    body = f"# {text}\n\n{text}\n\n## {text}\n\n- {text}\n  - {text}\n"
    note = notes.create_note(bob, title=text, body=body, notebook=book, tags=["tag"])
    notes.save_note(bob, note_id=note, body=body + f"\n{text} again\n", base_revision=1)
    comments.add_comment(bob, note_id=note, text=text)
    for name in (text, "plain.txt"):
        try:
            files.attach_file(bob, note_id=note, name=name, content_b64=files.encode(
                ("\x1b]0;file\x07" + text).encode("utf-8", "surrogatepass")))
        except TeamspaceError:  # not a usable file name
            pass
    return {"note": note}


def hostile_links_and_time(bob: Workspace, text: str, project: str | None
                           ) -> dict[str, int]:
    """The Links and Time panes' share: a saved link whose title, note and page
    description carry ``text`` (as a fetched page's would), a time entry and a running
    timer whose notes and tags carry it, on the project named with it when there is one."""
    saved = links.add_link(bob, url="https://example.org/hostile?q=1", title=text,
                           note=text, tags=["tag"])
    links.set_page_info(bob, link_id=saved["id"], title=text, description=text)
    # anna saved it too (from an imported bookmark file): her form and tag editor open
    anna = Workspace.open(bob.path, user="anna")
    links.add_link(anna, url="https://example.org/hostile?q=1", title=text, note=text)
    where = project or "hostile"
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        tags = entries.split_tags(f"+{text[:20]}")
        entries.check_tags(tags)
    except TeamspaceError:  # not a usable tag: a plain one
        tags = ["tag"]
    entry = entries.add_entry(bob, project=where, started_at=to_text(now - timedelta(hours=3)),
                              ended_at=to_text(now - timedelta(hours=2)), tags=tags,
                              note=text, create_project=True)
    timers.start_timer(bob, project=where, note=text, create_project=True)
    return {"link": int(saved["id"]), "entry": int(entry["id"])}
