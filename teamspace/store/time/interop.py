"""Interop with Watson and Timewarrior, and CSV.

- Watson: its ``frames`` file (``[start, stop, project, id, tags, updated]`` with Unix
  times) or ``watson log --json``; project → project, tags → tags.  The frame id is
  kept, so importing the same file again adds nothing.
- Timewarrior: ``timew export`` JSON (``start``/``end`` as ``20261128T090000Z``, ``tags``,
  ``annotation``).  Timewarrior keeps tags as a sorted set, so the project cannot be "the
  first tag": it is the ``project:NAME`` tag if there is one, else the one tag naming a
  known project, else the only tag; otherwise ``default_project`` (the others stay tags).
  The annotation is the note.  Export writes ``timew export``'s JSON with the project as
  a ``project:NAME`` tag and the tags sorted as Timewarrior sorts them, so a round trip
  keeps start, end, project, tags and notes.  (Timewarrior 1.4–1.7 has no ``import``
  command; docs/time.md shows how to load the export, and tests/test_time_interop.py
  does it with the real ``timew``.)
- CSV for spreadsheets: local times with their offset, hours as a decimal.

Intervals still running elsewhere are skipped and counted: stop them there first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from teamspace.dates import from_text, to_text
from teamspace.errors import InvalidInput
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Session
from teamspace.store.time import entries
from teamspace.store.time.entries import Entry

TW_TIME = "%Y%m%dT%H%M%SZ"
FORMATS = ("watson", "timew")


def _stored(moment: datetime) -> str:
    return to_text(moment.astimezone(UTC))


def parse_watson(data: Any) -> tuple[list[dict[str, Any]], int]:
    """Watson frames (the ``frames`` file or ``watson log --json``) as records, and how
    many were skipped as still running."""
    if not isinstance(data, list):
        raise InvalidInput("a Watson file is a JSON list of frames")
    records, running = [], 0
    for number, frame in enumerate(data, start=1):
        try:
            if isinstance(frame, list):
                start = datetime.fromtimestamp(float(frame[0]), UTC)
                stop = datetime.fromtimestamp(float(frame[1]), UTC)
                project, frame_id = str(frame[2]), str(frame[3])
                tags = [str(t) for t in (frame[4] if len(frame) > 4 and frame[4] else [])]
            else:
                if not frame.get("stop"):
                    running += 1
                    continue
                start = datetime.fromisoformat(str(frame["start"]))
                stop = datetime.fromisoformat(str(frame["stop"]))
                project, frame_id = str(frame["project"]), str(frame["id"])
                tags = [str(t) for t in frame.get("tags") or []]
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(f"Watson frame {number} is not readable ({exc})") from None
        records.append({"key": f"watson:{frame_id}", "project": project,
                        "start": _stored(start), "end": _stored(stop), "tags": tags,
                        "note": ""})
    return records, running


def parse_tw_time(value: Any) -> datetime:
    """``20261128T090000Z`` (Timewarrior's time) as an aware UTC datetime."""
    try:
        return datetime.strptime(str(value), TW_TIME).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput(f"'{value}' is not a Timewarrior time (20261128T090000Z)") from None


PROJECT_TAG = "project:"


def timew_project(tags: list[str], known: set[str]) -> tuple[str | None, list[str]]:
    """(project, other tags) of a Timewarrior interval's tags (see the module docstring);
    project None when they do not say."""
    marked = [t for t in tags if t.startswith(PROJECT_TAG) and len(t) > len(PROJECT_TAG)]
    if marked:
        return marked[0][len(PROJECT_TAG):], [t for t in tags if t != marked[0]]
    named = [t for t in tags if t.lower() in known]
    if len(named) == 1:
        return named[0], [t for t in tags if t != named[0]]
    if len(tags) == 1:
        return tags[0], []
    return None, tags


def parse_timew(data: Any, default_project: str | None = None,
                known: set[str] | None = None) -> tuple[list[dict[str, Any]], int]:
    """``timew export`` intervals as records, and how many were skipped as running;
    ``known``: the workspace's project names, lowercased."""
    if not isinstance(data, list):
        raise InvalidInput("a Timewarrior export is a JSON list of intervals")
    records, running, unclear = [], 0, 0
    for number, interval in enumerate(data, start=1):
        if not isinstance(interval, Mapping) or "start" not in interval:
            raise InvalidInput(f"Timewarrior interval {number} has no start")
        if not interval.get("end"):
            running += 1
            continue
        project, tags = timew_project([str(t) for t in interval.get("tags") or []],
                                      known or set())
        if project is None:
            if default_project is None:
                unclear += 1
                continue
            project = default_project
        start, end = parse_tw_time(interval["start"]), parse_tw_time(interval["end"])
        records.append({"key": f"timew:{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}",
                        "project": project, "start": _stored(start), "end": _stored(end),
                        "tags": tags, "note": str(interval.get("annotation") or "")})
    if unclear:
        raise InvalidInput(
            f"{unclear} interval(s) do not say their project (no tags, or several tags "
            "and none is 'project:NAME' or a known project): give --project P for them")
    return records, running


@replayable
def import_records(ws: Workspace, *, records: Sequence[Mapping[str, Any]],
                   op_id: str | None = None) -> dict[str, Any]:
    """Store parsed records as my entries (projects made when new); a record imported
    before (same key) is skipped.  Returns counts and the projects created."""
    def body(session: Session) -> dict[str, Any]:
        added = skipped = 0
        created: list[str] = []
        for record in records:
            key = f"{record['key']}:{session.actor}"
            if session.one("SELECT id FROM time_entry WHERE source_key = :k", {"k": key}):
                skipped += 1
                continue
            if str(record["end"]) <= str(record["start"]):
                raise InvalidInput(f"{record['key']} ends before it starts")
            before = session.scalar("SELECT count(*) FROM project")
            project = entries.project_id(session, str(record["project"]), create=True)
            if session.scalar("SELECT count(*) FROM project") != before:
                created.append(str(record["project"]))
            entries.insert_entry(session, project=project, started_at=str(record["start"]),
                                 ended_at=str(record["end"]),
                                 tags=entries.check_tags(record.get("tags") or []),
                                 note=entries.check_note(str(record.get("note") or "")),
                                 source=str(record["key"]).split(":")[0], source_key=key)
            added += 1
        return {"added": added, "skipped": skipped, "projects_created": created}

    return ws.write(body, kind="time.import", op_id=op_id)


def select_all(session: Session, person: str | None) -> list[Entry]:
    """Every stopped entry of ``person`` (None: everyone), oldest first (for exports)."""
    rows = session.all(
        "SELECT * FROM time_entry WHERE deleted_at IS NULL AND ended_at IS NOT NULL"
        + (" AND person = :p" if person else "") + " ORDER BY started_at, id", {"p": person})
    return entries.entries_from(session, rows)


def tw_time(stored: str) -> str:
    """Stored UTC text as Timewarrior's ``20261128T090000Z``."""
    moment = from_text(stored)
    assert moment is not None
    return moment.strftime(TW_TIME)


def to_timew(found: Sequence[Entry]) -> list[dict[str, Any]]:
    """Entries as ``timew export`` intervals (running timers have no end)."""
    out = []
    for entry in found:
        interval: dict[str, Any] = {"start": tw_time(entry.started_at)}
        if entry.ended_at is not None:
            interval["end"] = tw_time(entry.ended_at)
        # Timewarrior sorts tags (byte order, which for UTF-8 is code point order).
        interval["tags"] = sorted({PROJECT_TAG + entry.project, *entry.tags})
        if entry.note:
            interval["annotation"] = entry.note
        out.append(interval)
    return out


CSV_COLUMNS = ["id", "person", "project", "task", "start", "end", "hours", "duration",
               "tags", "note"]


def to_csv(found: Sequence[Entry], now: datetime | None = None) -> str:
    """Entries as CSV (local times with their UTC offset; tags joined by '; ')."""
    import csv
    import io

    from teamspace.store.time.clock import hours_minutes

    now = now or datetime.now(UTC)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in found:
        seconds = entry.seconds(now)
        writer.writerow([
            entry.id, entry.person, entry.project, entry.task_id or "",
            entry.start().astimezone().isoformat(timespec="seconds"),
            "" if entry.running else entry.end(now).astimezone().isoformat(timespec="seconds"),
            f"{seconds / 3600:.2f}", hours_minutes(seconds), "; ".join(entry.tags),
            entry.note])
    return out.getvalue()

