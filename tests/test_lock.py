"""The mkdir workspace lock: owner records, stale detection, safe breaking."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from teamspace.errors import LockLost, LockTimeout
from teamspace.store.core import lock as lockmod
from teamspace.store.core.lock import Owner, ShareLock

PROCS = str(Path(__file__).with_name("procs.py"))


def start(*args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, PROCS, *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc


def foreign_owner(lock: ShareLock, host: str = "elsewhere", beat: int = 0) -> Owner:
    """Plant a lock as if held by a process on another machine."""
    os.mkdir(lock.path)
    owner = Owner(token="f" * 24, host=host, pid=1, pid_start=None, user="bob",
                  purpose="writing", since=time.time(), beat=beat, beat_at=time.time())
    Path(lock.path, "owner").write_bytes(owner.encode())
    return owner


def test_hold_creates_and_removes_the_directory(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna")
    with lock.hold("testing"):
        owner = Owner.decode(Path(lock.path, "owner").read_bytes())
        assert owner is not None
        assert (owner.user, owner.pid, owner.purpose) == ("anna", os.getpid(), "testing")
        assert len(Path(lock.path, "owner").read_bytes()) == lockmod.RECORD_SIZE
        lock.verify()
    assert not os.path.exists(lock.path)


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    db = str(tmp_path / "team.db")
    inside = 0
    overlaps = 0

    def work() -> None:
        nonlocal inside, overlaps
        lock = ShareLock(db, user="anna")
        for _ in range(50):
            with lock.hold():
                inside += 1
                if inside > 1:
                    overlaps += 1
                time.sleep(0.0005)
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == 0


def test_dead_holder_on_this_host_is_broken_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "team.db")
    proc = start("hold", db, "600")
    assert proc.stdout and proc.stdout.readline().strip() == "held"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lock = ShareLock(db, user="anna", timeout=5, stale_after=60)
    state = lock.state()
    assert state.held and state.stale and "no longer running" in state.reason
    started = time.monotonic()
    with lock.hold():
        assert lock.last_break is not None and str(proc.pid) in lock.last_break
    assert time.monotonic() - started < 5


def test_live_holder_on_this_host_is_never_broken(tmp_path: Path) -> None:
    db = str(tmp_path / "team.db")
    proc = start("hold", db, "3")
    assert proc.stdout and proc.stdout.readline().strip() == "held"
    lock = ShareLock(db, user="anna", timeout=1.0, stale_after=0.2)
    with pytest.raises(LockTimeout, match="holder@"):
        lock.acquire()
    assert not lock.state().stale
    with ShareLock(db, user="anna", timeout=30).hold():  # it gets in after the release
        pass
    assert proc.wait() == 0


def test_silent_foreign_holder_is_broken_after_stale_after(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=10, stale_after=0.5)
    foreign_owner(lock)
    started = time.monotonic()
    with lock.hold():
        waited = time.monotonic() - started
        assert lock.last_break and "no heartbeat" in lock.last_break
    assert 0.5 <= waited < 5


def test_foreign_holder_with_a_heartbeat_is_not_broken(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=1.5, stale_after=0.4)
    owner = foreign_owner(lock)
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            owner.beat += 1
            Path(lock.path, "owner").write_bytes(owner.encode())
            time.sleep(0.1)

    beater = threading.Thread(target=beat)
    beater.start()
    try:
        with pytest.raises(LockTimeout, match="bob@elsewhere"):
            lock.acquire()
    finally:
        stop.set()
        beater.join()
    assert os.path.exists(lock.path)


def test_empty_owner_less_directory_is_taken_over_by_rename(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=10, stale_after=60)
    os.mkdir(lock.path)  # a holder killed between mkdir and writing its record
    started = time.monotonic()
    with lock.hold():
        assert lock.last_break is None  # renamed onto it: no waiting for stale_after
        owner = Owner.decode(Path(lock.path, "owner").read_bytes())
        assert owner is not None and owner.user == "anna"
    assert time.monotonic() - started < 2
    assert [n for n in os.listdir(tmp_path) if n.startswith("team.db")] == []  # none left


def test_rename_never_takes_a_held_lock(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=0.6, stale_after=60)
    foreign_owner(lock)
    with pytest.raises(LockTimeout):
        lock.acquire()
    assert [n for n in os.listdir(tmp_path) if n.startswith("team.db")] == ["team.db.lock"]


def test_verify_detects_a_lost_lock(tmp_path: Path) -> None:
    lock = ShareLock(str(tmp_path / "team.db"), user="anna")
    lock.acquire()
    try:
        Path(lock.path, "owner").unlink()
        os.rmdir(lock.path)
        foreign_owner(lock)
        with pytest.raises(LockLost):
            lock.verify()
    finally:
        lock.release()
    # release must not remove a lock that is no longer ours
    assert Owner.decode(Path(lock.path, "owner").read_bytes()).user == "bob"  # type: ignore[union-attr]


def test_many_breakers_never_yield_two_holders(tmp_path: Path) -> None:
    """Waiters racing to break one stale lock: at every moment at most one holder."""
    db = str(tmp_path / "team.db")
    foreign_owner(ShareLock(db))
    code = f"""
import os, sys, time
from teamspace.store.core.lock import ShareLock
lock = ShareLock({db!r}, user="w", timeout=60, stale_after=0.3)
for _ in range(20):
    with lock.hold():
        fd = os.open({db!r} + ".inside", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        time.sleep(0.002)
        os.close(fd); os.unlink({db!r} + ".inside")
"""
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors


def test_client_leftovers_in_the_lock_dir_never_block_it(tmp_path: Path) -> None:
    """sshfs dir_cache=no left a .fuse_hidden* copy of the owner record in the lock
    directory (unlink of a just-closed file): rmdir failed and everyone was locked out."""
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=10, stale_after=0.3)
    with lock.hold():
        Path(lock.path, ".fuse_hidden0000002400000001").write_bytes(b" " * 512)
    assert not os.path.exists(lock.path)
    os.mkdir(lock.path)  # an owner-less lock holding only a leftover: broken when stale
    Path(lock.path, ".nfs0000000000001").write_bytes(b"")
    with lock.hold():
        assert lock.last_break and "no owner record" in lock.last_break
    assert not os.path.exists(lock.path)


@pytest.mark.parametrize("pid, start_of", [
    (1, None),  # forged: pid 1, no start time
    (1, "1"),  # forged with a start time: pid 1 is never a teamspace holder
    ("self-parent", "wrong"),  # a live process whose start time is not the recorded one
])
def test_a_record_naming_a_live_process_that_is_not_the_holder_goes_stale(
        tmp_path: Path, pid: object, start_of: str | None) -> None:
    """pid reuse or a forged record (a day old) must not block everyone forever."""
    lock = ShareLock(str(tmp_path / "team.db"), user="anna", timeout=5, stale_after=60)
    os.mkdir(lock.path)
    real_pid = os.getppid() if pid == "self-parent" else int(str(pid))
    day_ago = time.time() - 86_400
    owner = Owner(token="e" * 24, host=lockmod.hostname(), pid=real_pid, pid_start=start_of,
                  user="mallory", purpose="writing", since=day_ago, beat_at=day_ago)
    Path(lock.path, "owner").write_bytes(owner.encode())
    state = lock.state()
    assert state.held and state.stale, state.reason
    with lock.hold():
        assert lock.last_break is not None
