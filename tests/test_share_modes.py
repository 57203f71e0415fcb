"""A share used by several Unix users, and a damaged file: modes that let the whole group
write, clear messages for who cannot, doctor's full check, repair and restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from teamspace.errors import WorkspaceError
from teamspace.store.core import fs, health, repair
from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import feed, posts


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    fs._UMASK.clear()
    yield
    os.umask(old)
    fs._UMASK.clear()


def mode(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_in_a_shared_folder_files_and_locks_are_group_writable(tmp_path: Path,
                                                               umask_022: object) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    os.chmod(shared, 0o2775)  # setgid, group-writable: a team folder
    fs._SHARED.clear()
    ws = Workspace.open(str(shared / "team.db"), user="anna")
    ws.create()
    assert mode(ws.path) & 0o060 == 0o060  # SQLite alone made it 0644 under umask 022
    with ws.lock.hold("testing"):
        assert mode(ws.lock.path) & 0o070 == 0o070  # others can clear a crashed lock
    posts.create_post(ws, text="journal too")
    journal = ws.path + "-journal"
    if os.path.exists(journal):
        assert mode(journal) & 0o060 == 0o060


def test_a_private_folder_keeps_the_umask(tmp_path: Path, umask_022: object) -> None:
    private = tmp_path / "mine"
    private.mkdir(mode=0o755)
    fs._SHARED.clear()
    ws = Workspace.open(str(private / "team.db"), user="anna")
    ws.create()
    assert mode(ws.path) == 0o644


def as_nobody(argv: list[str], stdin: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run a command in a forked child that has become user nobody (the interpreter's own
    files may be unreadable to nobody: every module is imported before the fork)."""
    import io
    import json

    from teamspace.cli.app import run

    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        code, err, out = 70, "", ""
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.environ.update(env)
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
            sys.stderr = captured = io.StringIO()
            sys.stdout = printed = io.StringIO()
            code = run(argv)
            err, out = captured.getvalue(), printed.getvalue()
        finally:
            os.write(write, json.dumps([code, err, out]).encode())
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(child, 0)
    code, err, out = json.loads(data)
    return int(code), str(err), str(out)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_a_member_who_cannot_write_gets_a_clear_error_and_keeps_the_text(
        tmp_path: Path) -> None:
    import tempfile

    share = Path(tempfile.mkdtemp(prefix="share-"))
    os.chmod(share, 0o755)  # anna's folder, not shared with the group
    ws = Workspace.open(str(share / "team.db"), user="anna")
    ws.create()
    home = Path(tempfile.mkdtemp(prefix="nobody-"))
    os.chmod(home, 0o777)
    env = {"TEAMSPACE_USER": "bob", "TEAMSPACE_DATA_DIR": str(home / "data"),
           "TEAMSPACE_CONFIG_DIR": str(home / "c"), "HOME": str(home),
           "TEAMSPACE_RETRY_SECONDS": "2"}
    rehearsal = Workspace.open(str(tmp_path / "rehearsal.db"), user="anna")
    rehearsal.create()
    as_nobody(["post", "-", "--db", rehearsal.path], "warm up", {})  # imports everything
    code, err, _ = as_nobody(["post", "-", "--db", ws.path], "my words", env)
    assert code not in (0, 70, 75), err
    assert "you cannot write the workspace" in err, err
    assert "owner root" in err and "doctor --repair" in err
    assert err.count("\n") == 1
    draft = err.split("saved in ")[1].split(")")[0]
    assert Path(draft).read_text() == "my words"
    assert feed.feed(ws) == []
    shutil.rmtree(share)
    shutil.rmtree(home)


def flip_an_index_entry(db: str, index: str) -> None:
    """Change one key inside an index's b-tree page (the table itself stays sound)."""
    con = sqlite3.connect(db)
    root, size = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                             (index,)).fetchone()[0], con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * size)
        page = bytearray(handle.read(size))
        cells = int.from_bytes(page[3:5], "big")
        assert cells > 0
        first = int.from_bytes(page[8:10], "big")  # leaf page: cell pointers after 8 bytes
        page[first + 6] ^= 0x20  # a byte of the first key (an op id: hex text)
        handle.seek((root - 1) * size)
        handle.write(page)


def test_doctor_finds_index_damage_refuses_writes_and_repair_rebuilds(
        workspace: Workspace) -> None:
    for n in range(40):
        posts.create_post(workspace, text=f"post {n}")
    flip_an_index_entry(workspace.path, "sqlite_autoindex_operation_1")
    report = health.diagnose(workspace)
    assert report["integrity_check"] != "ok"
    assert any("damaged" in p for p in report["problems"])
    assert len(feed.feed(workspace, limit=100)) == 40  # reading still works
    with pytest.raises(WorkspaceError, match="damaged"):
        posts.create_post(workspace, text="would make it worse")
    done = repair.repair(workspace)
    assert any("rebuilt the indexes" in line for line in done), done
    assert health.diagnose(workspace)["problems"] == []
    posts.create_post(workspace, text="writes again")


def test_repair_from_a_backup_keeps_the_damaged_file(workspace: Workspace,
                                                     tmp_path: Path) -> None:
    posts.create_post(workspace, text="in the backup")
    saved = health.backup(workspace, str(tmp_path / "saved.db"))["path"]
    posts.create_post(workspace, text="after the backup")
    repair.mark_damaged(workspace, True)
    with pytest.raises(WorkspaceError, match="damaged"):
        posts.create_post(workspace, text="x")
    done = repair.repair(workspace, source=saved)
    assert any("restored the workspace" in line for line in done)
    assert [p.text for p in feed.feed(workspace)] == ["in the backup"]
    kept = [p for p in os.listdir(os.path.dirname(workspace.path)) if ".damaged-" in p]
    assert len(kept) == 1
    posts.create_post(workspace, text="writes again")


@pytest.mark.parametrize("target", ["/dev/full", "journal", "lock"])
def test_backup_refuses_devices_and_the_workspaces_own_files(workspace: Workspace,
                                                             target: str) -> None:
    from teamspace.errors import InvalidInput

    dest = {"journal": workspace.path + "-journal", "lock": workspace.lock.path + "/owner",
            "/dev/full": "/dev/full"}[target]
    with pytest.raises(InvalidInput):
        health.backup(workspace, dest, overwrite=True)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a small disk and "
                    "to become another user")
def test_doctor_speaks_up_on_a_full_disk_and_for_who_cannot_write(tmp_path: Path) -> None:
    """A real 64 MB disk filled to the brim, then a member without write access: doctor
    names both problems (it said "no problems found" to either)."""
    import json
    import subprocess
    import tempfile

    disk = Path(tempfile.mkdtemp(prefix="small-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs", str(disk)],
                   check=True)
    try:
        ws = Workspace.open(str(disk / "team.db"), user="anna")
        ws.create()
        posts.create_post(ws, text="before the disk filled")
        assert health.diagnose(ws)["problems"] == []
        with open(disk / "filler", "wb") as filler:  # fill it until the disk says no
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError:
                pass
        problems = health.diagnose(ws)["problems"]
        assert any("full" in p for p in problems), problems
        for _ in range(2):  # a half-written lock record once blocked every later client
            with pytest.raises(WorkspaceError, match="is full"):
                posts.create_post(ws, text="on a full disk")
            assert not os.path.exists(ws.path + ".lock")
        os.remove(disk / "filler")
        assert [p.text for p in feed.feed(ws)] == ["before the disk filled"]
        home = Path(tempfile.mkdtemp(prefix="nobody-"))
        os.chmod(home, 0o777)
        env = {"TEAMSPACE_USER": "bob", "TEAMSPACE_DATA_DIR": str(home / "data"),
               "TEAMSPACE_CONFIG_DIR": str(home / "c"), "HOME": str(home)}
        code, err, out = as_nobody(["doctor", "--json", "--db", ws.path], "", env)
        assert code != 70, err
        problems = json.loads(out)["problems"]
        assert any("you cannot write the workspace" in p and "owner root" in p
                   for p in problems), problems
        shutil.rmtree(home)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
        disk.rmdir()
