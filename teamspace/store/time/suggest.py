"""Suggested time (Crisply): draft blocks per project for one of my days, from what I
did — the activity log (tasks done or edited, posts, notes, links…) and, if given, the
commit times of git repositories.  Nothing is written until I review a block: accept
(maybe adjusted) makes it an entry, reject remembers not to suggest it again.

Each event stands for the LEAD minutes of work before it; events of one project less
than GAP minutes apart form one block; time already covered by my entries is cut out.
Each block says what it came from.  An event's project comes from its changes (a
``project_id`` or ``project``, a post naming a project), for a task also from where
the log last saw it moved or where I logged time on it; ``tasks.states`` does not say a
task's project (yet: a ``project`` key there would be used).  A block whose project
cannot be told is suggested without one: accepting it needs a project.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from teamspace.dates import to_text
from teamspace.errors import InvalidInput
from teamspace.store.core import registry
from teamspace.store.core.connection import Workspace
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session, placeholders
from teamspace.store.time import clock, entries

LEAD = timedelta(minutes=15)
GAP = timedelta(minutes=30)
STEP = 5 * 60  # blocks start and end on 5-minute marks
MIN_BLOCK = timedelta(minutes=10)
OWN_TYPES = ("time_entry", "time_sheet", "person", "read", "mute")


class Event(Record):
    """One thing I did: when, which project (if known), and what it was."""

    at: datetime
    project: str | None
    what: str


class Block(Record):
    """A suggested entry."""

    key: str
    project: str | None
    started_at: str
    ended_at: str
    sources: list[str]

    @property
    def seconds(self) -> float:
        """Its length."""
        start, end = entries.parse_stored(self.started_at), entries.parse_stored(self.ended_at)
        return (end - start).total_seconds()

    def note(self) -> str:
        """The note an accepted block gets: what it came from."""
        shown = "; ".join(self.sources[:5])
        more = len(self.sources) - 5
        return "from " + shown + (f"; and {more} more" if more > 0 else "")

    def to_json(self) -> dict[str, Any]:
        """A plain dict for --json."""
        from teamspace.dates import iso_utc

        return {"key": self.key, "project": self.project, "start": iso_utc(self.started_at),
                "end": iso_utc(self.ended_at), "seconds": round(self.seconds),
                "sources": self.sources}


# ---------------------------------------------------------------------- events
def git_events(repo: str, first: datetime, last: datetime, *, author: str | None = None,
               project: str | None = None) -> list[Event]:
    """My commits in ``repo`` between two moments (author: git's user.email there)."""
    if not os.path.isdir(repo):
        raise InvalidInput(f"no git repository at {repo}")

    def git(*args: str) -> str:
        try:
            result = subprocess.run(["git", "-C", repo, *args], capture_output=True,
                                    text=True, timeout=60)
        except FileNotFoundError:
            raise InvalidInput("git is not installed") from None
        if result.returncode != 0:
            raise InvalidInput(f"git could not read {repo}: "
                               f"{result.stderr.strip().splitlines()[-1:] or ['?']}")
        return result.stdout

    git("rev-parse", "--git-dir")
    if author is None:
        try:
            author = git("config", "user.email").strip() or None
        except InvalidInput:
            author = None  # no identity configured there: every commit counts
    args = ["log", "--all", "--no-merges", f"--since={first.isoformat()}",
            f"--until={last.isoformat()}", "--format=%H%x1f%aI%x1f%s"]
    if author:
        args.append(f"--author={author}")
    name = os.path.basename(os.path.abspath(repo))
    out = []
    for line in git(*args).splitlines():
        sha, at, subject = (line.split("\x1f") + ["", "", ""])[:3]
        moment = datetime.fromisoformat(at)
        if first <= moment < last:
            out.append(Event(moment.astimezone(UTC), project or name,
                             f"commit {sha[:7]} in {name}: {subject[:60]}"))
    return out


def _project_of(changes: dict[str, Any], names: dict[int, str], text_projects: dict[str, str]
                ) -> str | None:
    for key in ("project_id", "project"):
        pair = changes.get(key)
        value = pair[1] if isinstance(pair, list) and len(pair) == 2 else pair
        if isinstance(value, int) and value in names:
            return names[value]
        if isinstance(value, str) and value.lower() in text_projects:
            return text_projects[value.lower()]
    text = changes.get("text")
    body = text[1] if isinstance(text, list) and len(text) == 2 else None
    if isinstance(body, str):  # a post naming a project: "#acme", "acme:"
        for word in body.lower().replace(",", " ").split():
            word = word.strip("#:.!?()")
            if word in text_projects:
                return text_projects[word]
    return None


def activity_events(session: Session, person: str, start: str, end: str) -> list[Event]:
    """What ``person`` did in [start, end) according to the activity log."""
    import json

    names = {int(r["id"]): str(r["name"]) for r in session.all(
        "SELECT id, name FROM project WHERE deleted_at IS NULL")}
    by_text = {name.lower(): name for name in names.values()}
    rows = [r for r in session.all(
        "SELECT at, item_type, item_id, action, changes FROM activity WHERE at >= :s AND "
        "at < :e AND actor = :p ORDER BY id", {"s": start, "e": end, "p": person})
        if r["item_type"] not in OWN_TYPES]
    task_ids = sorted({int(r["item_id"]) for r in rows if r["item_type"] == "task"})
    states: dict[int, dict[str, Any]] = {}
    provider = registry.provided("tasks.states")
    if provider is not None and task_ids:
        states = provider(session, task_ids)
    # A task's project: what the Tasks pane says, else where I logged time on it before.
    logged = {int(r["task_id"]): names.get(int(r["project_id"])) for r in session.all(
        "SELECT task_id, project_id FROM time_entry WHERE person = :p AND task_id IS NOT NULL "
        "AND deleted_at IS NULL ORDER BY started_at", {"p": person})}
    # ... or where the log last saw it moved (``project_id`` in a task's changes).
    marks, params = placeholders("t", task_ids)
    moved: dict[int, str] = {}
    for r in session.all(
            f"SELECT item_id, changes FROM activity WHERE item_type = 'task' AND item_id IN "
            f"({marks}) AND at < :e AND {session.dialect.contains('changes', ':key')} "
            "ORDER BY id", {**params, "e": end, "key": "project_id"}):
        found = _project_of(json.loads(r["changes"]), names, by_text)
        if found:
            moved[int(r["item_id"])] = found
    out = []
    for r in rows:
        changes = json.loads(r["changes"] or "{}")
        kind, item = str(r["item_type"]), int(r["item_id"])
        project = _project_of(changes, names, by_text)
        if kind == "project":
            project = names.get(item, project)
        label = f"{kind.replace('_', ' ')} #{item} {r['action']}"
        if kind == "task":
            state = states.get(item, {})
            project = project or state.get("project") or moved.get(item) or logged.get(item)
            if state.get("title"):
                label += f": {str(state['title'])[:50]}"
        elif isinstance(changes.get("title"), list) and changes["title"][-1]:
            label += f": {str(changes['title'][-1])[:50]}"
        out.append(Event(entries.parse_stored(str(r["at"])), project, label))
    return out


# ---------------------------------------------------------------------- blocks
def _round(moment: datetime, up: bool) -> datetime:
    seconds = moment.timestamp()
    edge = (seconds // STEP + (1 if up and seconds % STEP else 0)) * STEP
    return datetime.fromtimestamp(edge, UTC)


def block_key(person: str, project: str | None, first_event: datetime) -> str:
    """A stable name for a block (the same day and events give the same key)."""
    raw = f"{person}\x1f{project or ''}\x1f{first_event.isoformat()}"
    return hashlib.sha1(raw.encode()).hexdigest()[:10]


def build_blocks(person: str, events: Sequence[Event],
                 covered: Sequence[tuple[datetime, datetime]],
                 dismissed: set[str], *, now: datetime | None = None) -> list[Block]:
    """Draft blocks from events, leaving out time in ``covered`` and dismissed keys."""
    now = now or datetime.now(UTC)
    drafts: list[list[Any]] = []  # [project, start, end, first_event, sources]
    for event in sorted(events, key=lambda e: e.at):
        start, end = _round(event.at - LEAD, False), min(_round(event.at, True), now)
        last = drafts[-1] if drafts else None
        if last is not None and last[0] == event.project and start - last[2] <= GAP:
            last[2] = max(last[2], end)
            last[4].append(event.what)
            continue
        if last is not None and start < last[2]:
            start = last[2]
        drafts.append([event.project, start, max(end, start), event.at, [event.what]])
    blocks = []
    for project, start, end, first_event, sources in drafts:
        for piece_start, piece_end in _uncovered(start, end, covered):
            if piece_end - piece_start < MIN_BLOCK:
                continue
            key = block_key(person, project, first_event if piece_start == start
                            else piece_start)
            if key not in dismissed:
                blocks.append(Block(key, project, to_text(piece_start), to_text(piece_end),
                                    list(sources)))
    return blocks


def _uncovered(start: datetime, end: datetime, covered: Sequence[tuple[datetime, datetime]]
               ) -> list[tuple[datetime, datetime]]:
    pieces = [(start, end)]
    for lo, hi in covered:
        pieces = [part for a, b in pieces
                  for part in ((a, min(b, lo)), (max(a, hi), b)) if part[1] > part[0]]
    return pieces


def select_suggestions(session: Session, person: str, day: date,
                       extra: Sequence[Event] = (), *, now: datetime | None = None
                       ) -> list[Block]:
    """Draft blocks for ``person``'s local ``day`` (``extra``: events from git)."""
    from teamspace.store.time.query import select_entries

    now = now or datetime.now(UTC)
    lo, hi = clock.day_bounds(day)
    start, end = to_text(lo), to_text(hi)
    events = activity_events(session, person, start, end) + list(extra)
    known = {str(r["name"]).lower(): str(r["name"]) for r in session.all(
        "SELECT name FROM project WHERE deleted_at IS NULL")}
    events = [Event(e.at, known.get((e.project or "").lower()) if e.project else None, e.what)
              for e in events]
    covered = [(e.start(), e.end(now)) for e in select_entries(
        session, start=start, end=end, person=person)]
    dismissed = {str(r["key"]) for r in session.all(
        "SELECT key FROM time_dismissed WHERE author = :p", {"p": person})}
    return build_blocks(person, events, covered, dismissed, now=now)


def suggestions(ws: Workspace, day: date, *, git: Sequence[str] = (),
                git_author: str | None = None, git_project: str | None = None
                ) -> list[Block]:
    """:func:`select_suggestions` for me, with the commits of the ``git`` repositories."""
    lo, hi = clock.day_bounds(day)
    extra = [event for repo in git for event in git_events(
        repo, lo, hi, author=git_author, project=git_project)]
    return ws.read(lambda session: select_suggestions(session, ws.user, day, extra))


@replayable
def accept_block(ws: Workspace, *, key: str, project: str, started_at: str, ended_at: str,
                 note: str = "", tags: Sequence[str] = (), create_project: bool = False,
                 op_id: str | None = None) -> dict[str, Any]:
    """Make a reviewed block (maybe adjusted) my entry; accepting a key twice is refused."""
    def body(session: Session) -> dict[str, Any]:
        entries.check_span(started_at, ended_at, now=session.now)
        if session.one("SELECT id FROM time_entry WHERE source_key = :k",
                       {"k": f"suggest:{session.actor}:{key}"}):
            raise InvalidInput(f"suggestion {key} was accepted already")
        entry_id = entries.insert_entry(
            session, project=entries.project_id(session, project, create=create_project),
            started_at=started_at, ended_at=ended_at, tags=entries.check_tags(tags),
            note=entries.check_note(note), source="suggest",
            source_key=f"suggest:{session.actor}:{key}")
        return {"id": entry_id, "overlaps": entries.overlapping(
            session, session.actor, started_at, ended_at, skip=entry_id)}

    return ws.write(body, kind="time.accept", op_id=op_id)


@replayable
def reject_block(ws: Workspace, *, key: str, op_id: str | None = None) -> None:
    """Never suggest this block again."""
    ws.write(lambda session: session.execute(
        "INSERT INTO time_dismissed (created_at, author, op_id, key) VALUES (:now, :me, :op, "
        ":k) ON CONFLICT (author, key) DO NOTHING",
        {"now": session.now, "me": session.actor, "op": session.op_id, "k": key}) and None,
        kind="time.reject", op_id=op_id)
