"""Round trips of real Taskwarrior files nobody here wrote (tests/data/taskwarrior/README.md):
import, import again (nothing changes, no history), export, ``task import`` into a
fresh Taskwarrior, export from it, and compare per uuid with the original as
Taskwarrior itself reads it (the same file through a fresh ``task import``): every
field equal, except those the import summary names as not kept.

Run with ``-s`` to see the comparison for each file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from taskwarrior_support import COMPUTED, Taskwarrior, differences, local_zone

from teamspace.store.core.connection import Workspace
from teamspace.store.tasks.taskwarrior import export_taskwarrior, import_taskwarrior
from teamspace.store.tasks.twrecord import READ

DATA = Path(__file__).parent / "data" / "taskwarrior"
FILES = sorted(p.name for p in DATA.glob("*.json"))
# Written by Taskwarrior 2.6.2's own export: compared with the file as it is too.
EXPORTS = ("kdheepak-export.json", "tw262-from-legacy-input.json", "tw262-scenarios.json")


def taskrc(name: str) -> str:
    """The UDA definitions the file was made with (both Taskwarriors get them)."""
    if name.startswith("kdheepak"):
        return (DATA / "kdheepak-taskrc-udas").read_text()
    if name.startswith(("tw262", "legacy")):
        return (DATA / "taskrc-udas").read_text()
    return ""


@pytest.fixture
def helsinki() -> Iterator[None]:
    """The zone the tw262 files were made in (any zone round-trips; see below)."""
    with local_zone("Europe/Helsinki"):
        yield


def history(ws: Workspace) -> tuple[int, int, int]:
    """(activity rows, sum of task versions, comments): any write moves one of them."""
    return ws.read(lambda s: (
        int(s.scalar("SELECT count(*) FROM activity")),
        int(s.scalar("SELECT coalesce(sum(version), 0) FROM task")),
        int(s.scalar("SELECT count(*) FROM task_comment"))))


def round_trip(name: str, workspace: Workspace, tmp_path: Path) -> dict[str, Any]:
    """Import twice, export, through a fresh Taskwarrior; the pieces to compare."""
    original = json.loads((DATA / name).read_text(encoding="utf-8"))
    first = import_taskwarrior(workspace, records=original)
    before = history(workspace)
    again = import_taskwarrior(workspace, records=original)
    exported = export_taskwarrior(workspace)
    target = tmp_path / "ours.json"
    target.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    fresh = Taskwarrior(tmp_path / "fresh", taskrc(name))
    fresh("import", str(target))
    reference = Taskwarrior(tmp_path / "reference", taskrc(name))
    reference("import", str(DATA / name))
    return {"original": original, "first": first, "again": again, "still": before,
            "after": history(workspace), "exported": {r["uuid"]: r for r in exported},
            "ours": fresh.export(),
            "reference": reference.export()}


def by_made_uuid(reference: dict[str, dict[str, Any]], ours: dict[str, dict[str, Any]],
                 original: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The reference keyed as ours: a record without a uuid got a random one from
    Taskwarrior and one made from its contents here; match those by description."""
    unnamed = {r["description"] for r in original if not r.get("uuid")}
    mine = {r["description"]: uuid for uuid, r in ours.items() if r["description"] in unnamed}
    out = {}
    for uuid, record in reference.items():
        if record["description"] in unnamed:
            uuid = mine.get(record["description"], uuid)
            record = {**record, "uuid": uuid}
        out[uuid] = record
    return out


@pytest.mark.parametrize("name", FILES)
def test_real_file_round_trips_through_taskwarrior(name: str, workspace: Workspace,
                                                   tmp_path: Path, helsinki: None) -> None:
    found = round_trip(name, workspace, tmp_path)
    first, again = found["first"], found["again"]
    # Importing again changes nothing and writes no history.
    assert (again["added"], again["updated"]) == (0, 0)
    assert again["unchanged"] == first["added"] + first["updated"] + first["unchanged"]
    assert found["after"] == found["still"]
    # The summary is true: every field outside those mapped to columns is named as kept,
    # the computed ones as not kept, and nothing is skipped from these files.
    fields = {key for record in found["original"] for key in record}
    assert set(first["extras"]) == fields - READ, first["extras"]
    assert set(first["ignored"]) == fields & set(COMPUTED)
    assert first["skipped"] == []
    # Per uuid, through a fresh Taskwarrior: every field equal but what the summary
    # names as not kept (fields the original lacks are Taskwarrior's stamps).
    reference = by_made_uuid(found["reference"], found["ours"], found["original"])
    stamped = {k for k in ("entry", "modified") if any(k not in r for r in found["original"])}
    # (Taskwarrior 2.6.2 itself mangles a JSON-escaped emoji, "\\ud83d\\ude02", when it
    # imports the original: there the file's own value is the one to keep.)
    as_written = {str(r.get("uuid")): r for r in found["original"]}
    lines = differences(reference, found["ours"], skip=(*first["ignored"], *stamped),
                        also=as_written)
    print(f"\n{name}: {len(reference)} tasks compared per uuid with the original as "
          f"Taskwarrior reads it; fields: {', '.join(sorted(fields - set(COMPUTED)))}; "
          f"not compared: {', '.join(sorted({*first['ignored'], *stamped})) or 'none'}; "
          f"differences: {len(lines)}")
    print("\n".join(lines))
    assert lines == []
    if name in EXPORTS:  # our export equals the file itself, as Taskwarrior 2.6.2 wrote it
        assert differences(as_written, found["exported"]) == []


@pytest.mark.parametrize("zone", ["America/Denver", "Asia/Tokyo"])
def test_scenarios_round_trip_in_other_zones(zone: str, workspace: Workspace,
                                             tmp_path: Path) -> None:
    """Made in Helsinki, read in Denver or Tokyo: dates stay the same instants."""
    with local_zone(zone):
        found = round_trip("tw262-scenarios.json", workspace, tmp_path)
    original = {r["uuid"]: r for r in found["original"]}
    assert differences(original, found["exported"]) == []
    assert differences(found["reference"], found["ours"]) == []
