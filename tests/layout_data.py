"""A busy workspace for the layout snapshots and tests: every pane with many items and
long titles, all written on a clock stopped in January 2000.

Every write gets a time from a fixed clock (one minute apart), due dates are in 1999,
2000 or 2099 and the time entries in the week of Mon 3 Jan 2000, so the pictures do not
change with the day the tests run (relative words such as "just now" or "tomorrow"
never appear; a test sets TZ=UTC).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from teamspace.dates import to_text
from teamspace.store.core import groups, people, projects
from teamspace.store.core.connection import Workspace
from teamspace.store.links import links
from teamspace.store.microblog import posts
from teamspace.store.notes import comments, notebooks, notes
from teamspace.store.tasks import tasks
from teamspace.store.time import entries

START = datetime(2000, 1, 3, 8, 0, tzinfo=UTC)
WEEK = "2000-01-03"
LONG = ("Rewrite the onboarding guide so that a new colleague can set up the shared "
        "workspace, the VPN and the build machine on the first morning without help")


@contextmanager
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes made inside are stamped from 2000-01-03 08:00 UTC on, a minute apart."""
    ticks = iter(range(100_000))

    def now() -> str:
        return to_text(START + timedelta(minutes=next(ticks)))

    with monkeypatch.context() as patch:
        patch.setattr("teamspace.store.core.connection.utc_now", now)
        yield


def seed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> dict[str, Workspace]:
    """anna (the workspace's user), bob, chen and dana, with data in every pane."""
    with stopped_clock(monkeypatch):
        workspace.set_meta("name", "Layout team")
        for name, display in (("bob", "Bob Okafor"), ("chen", "Chen Wei"),
                              ("dana", "Dana Ruiz")):
            people.add_person(workspace, name, display)
        ws = {"anna": workspace, **{n: Workspace.open(workspace.path, user=n)
                                    for n in ("bob", "chen", "dana")}}
        groups.create_group(ws["bob"], name="dev")
        for name in ("anna", "chen"):
            groups.join_group(ws[name], name="dev")
        _tasks(ws)
        _posts(ws)
        _notes(ws)
        _links(ws)
    _time(ws)  # entries may not end after "now": these are written at the real time
    return ws


def _tasks(ws: dict[str, Workspace]) -> None:
    for name in ("Website relaunch", "Offsite", "Release 2.4 of the desktop client"):
        projects.create_project(ws["dana"], name=name)
    rows = [
        ("dana", LONG, "Website relaunch", "Content", "anna", "1999-12-28", "H", ["web"]),
        ("dana", "Pick team photos", "Website relaunch", "Content", "chen", "2099-01-04",
         None, []),
        ("bob", "Move DNS to the new host", "Website relaunch", "Launch", "bob",
         "2099-01-06", "M", ["ops"]),
        ("bob", "Set up redirects from old URLs", "Website relaunch", "Launch", "bob",
         "2099-01-07", None, []),
        ("dana", "Book the venue", "Offsite", None, "dana", "2000-01-04", "H", []),
        ("dana", "Book travel for everyone coming from the Lisbon and Nairobi offices",
         "Offsite", None, "chen", "2000-01-09", None, ["travel"]),
        ("anna", "Draft the agenda", "Offsite", None, "anna", "2000-01-16", None, []),
        ("bob", "Run the smoke tests on staging", "Release 2.4 of the desktop client",
         None, "anna", "2000-01-03", "H", ["release"]),
        ("chen", "Fix the flaky login test", "Release 2.4 of the desktop client", None,
         "chen", "2000-01-02", None, ["ci"]),
        ("bob", "Release notes", "Release 2.4 of the desktop client", None, None,
         "2000-01-05", None, []),
        ("anna", "Submit expenses", None, None, "anna", None, "L", []),
    ]
    ids = [tasks.add_task(ws[author], title=title, project=project, list_name=list_name,
                          assignee=who, due=due, priority=priority, tags=tags)
           for author, title, project, list_name, who, due, priority, tags in rows]
    for n in range(1, 13):
        tasks.add_task(ws["bob"], title=f"Check page {n:02} of the old site for dead links",
                       project="Website relaunch", list_name="Launch", assignee="bob",
                       due=f"2099-02-{n:02}")
    tasks.add_task(ws["dana"], title="Weekly status report", assignee="dana",
                   due="2000-01-07", recur="week")
    tasks.add_comment(ws["chen"], task_id=ids[8],
                      text="It only fails when the CI box is busy; adding a wait.")
    tasks.add_comment(ws["anna"], task_id=ids[0],
                      text="First draft is in the shared folder, feedback welcome.")


def _posts(ws: dict[str, Workspace]) -> None:
    texts = [
        ("dana", "Budget for the offsite is approved, details to follow. @bob @chen please "
                 "book travel by Friday so we get the group rate at the hotel."),
        ("bob", "Deploy of 2.4 to staging is done #release"),
        ("chen", "Found a flaky test in the login suite, fixing it now #ci"),
        ("anna", "Morning all! Coffee is on in the kitchen."),
        ("bob", "Standup notes: API pagination done, starting on the export. Blocked on "
                "the design review #standup"),
    ]
    first = None
    for n in range(18):
        author, text = texts[n % len(texts)]
        post = posts.create_post(ws[author], text=f"{text} ({n + 1})")
        first = first or post
    assert first is not None
    root = posts.create_post(ws["bob"], text="@anna can you review the release notes? "
                                             "#release")
    posts.create_post(ws["chen"], text="I can help too", reply_to=root)
    posts.create_post(ws["anna"], text="Sure, after lunch.", reply_to=root)
    posts.react(ws["chen"], post_id=root, emoji="+1")
    posts.create_post(ws["bob"], text="lunch at 12?", to=["anna"])
    posts.create_post(ws["bob"], text="[bold]not markup[/bold] \x1b[31mnot red", group="dev")
    posts.mark_read(ws["anna"], post_ids=list(range(first, first + 10)))


def _notes(ws: dict[str, Workspace]) -> None:
    notebooks.add_notebook(ws["dana"], name="Team handbook")
    notebooks.add_notebook(ws["bob"], name="Meetings")
    body = ("# Onboarding\n\nWelcome! This page lists what a new colleague needs on the "
            "first day.\n\n## Accounts\n\n- [ ] email\n- [x] chat\n- [ ] the shared "
            "workspace\n\n## The build machine\n\nAsk **bob** for a login; the key is in "
            "the vault.\n")
    guide = notes.create_note(ws["dana"], title="Onboarding guide for new colleagues "
                                                "joining the team in the spring",
                              body=body, notebook="Team handbook", tags=["onboarding"])
    notes.save_note(ws["anna"], note_id=guide, body=body + "\nSee also the VPN note.\n",
                    base_revision=1)
    comments.add_comment(ws["bob"], note_id=guide, text="The vault moved, I'll update it.")
    for n in range(1, 9):
        notes.create_note(ws["bob"], title=f"Weekly meeting {n:02}", notebook="Meetings",
                          body=f"# Weekly meeting {n:02}\n\n- status\n- risks\n")
    notes.create_note(ws["anna"], title="VPN", body="Use the client from the intranet.",
                      notebook="Team handbook", pinned=True)


def _links(ws: dict[str, Workspace]) -> None:
    rows = [
        ("bob", "https://sqlite.org/lockingv3.html", "File Locking And Concurrency In "
         "SQLite Version 3", ["sqlite", "storage"], "Why one file on a share needs care."),
        ("chen", "https://textual.textualize.io/guide/workers/", "Textual: workers",
         ["tui", "python"], ""),
        ("dana", "https://example.org/ramen-menu", "The new ramen place", ["lunch"],
         "Opens at 11:30."),
    ]
    for n in range(1, 11):
        rows.append(("anna", f"https://docs.example.org/handbook/chapter-{n}",
                     f"Handbook chapter {n}: a long title that needs more than one line "
                     "in a narrow list", ["handbook"], ""))
    for author, url, title, tags, note in rows:
        links.add_link(ws[author], url=url, title=title, tags=tags, note=note)
    links.add_link(ws["anna"], url="https://sqlite.org/lockingv3.html", tags=["reading"],
                   note="Section 6 [bold]matters[/].")


def _time(ws: dict[str, Workspace]) -> None:
    rows = [("anna", 0, 9, 3.5, "Website relaunch", ["copy"], "landing page draft"),
            ("anna", 0, 13, 2, "Release 2.4 of the desktop client", ["qa"], ""),
            ("anna", 1, 9, 4, "Website relaunch", ["copy"], ""),
            ("anna", 2, 10, 2.5, "Offsite", [], "agenda"),
            ("bob", 0, 8, 4, "Website relaunch", ["ops"], "DNS plan"),
            ("bob", 3, 9, 7, "Website relaunch", ["ops"], "redirects"),
            ("chen", 1, 10, 3, "Release 2.4 of the desktop client", ["ci"], "flaky test"),
            ("dana", 4, 9, 2, "Offsite", [], "venue calls")]
    for person, day, hour, hours, project, tags, note in rows:
        start = START.replace(hour=hour) + timedelta(days=day)
        entries.add_entry(ws[person], project=project, started_at=to_text(start),
                          ended_at=to_text(start + timedelta(hours=hours)), tags=tags,
                          note=note)


def seeded_file(path: str) -> str:
    """Make the busy workspace in a new file at ``path`` (once per test module: seeding
    takes seconds; tests then work on copies of it).  It runs before the per-test
    isolation of tests/conftest.py, so it points HOME and the data and config places
    next to the file itself."""
    from pathlib import Path

    home = Path(path).parent / "home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("TEAMSPACE_DATA_DIR", str(home / "data"))
        patch.setenv("TEAMSPACE_CONFIG_DIR", str(home / "config"))
        ws = Workspace.open(path, user="anna")
        ws.create()
        seed(ws, patch)
        # The pictures are of layouts: anna has seen her task alerts, so no toast of
        # them (timed: it would come and go under load) is in them.
        from teamspace.store.tasks.alerts import backlog, mark_seen

        mark_seen(ws, upto=backlog(ws).mark)
        ws.close()
    return path
