"""Filesystem detection and the refusal of sync folders (store/core/fs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamspace.errors import RefusedLocation
from teamspace.store.core import fs
from teamspace.store.core.connection import Workspace

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw
80 27 0:50 / /mnt/share rw,nosuid,nodev,relatime - fuse.sshfs netlab:/srv rw,user_id=0
81 80 0:51 / /mnt/share/sub\\040dir rw,relatime - fuse.rclone netsmb:share rw
82 27 0:52 / /mnt/nfs rw,relatime - nfs4 server:/export rw,vers=4.2
"""


@pytest.fixture
def mountinfo(tmp_path: Path) -> str:
    path = tmp_path / "mountinfo"
    path.write_text(MOUNTINFO)
    return str(path)


def test_longest_mount_point_wins(mountinfo: str) -> None:
    root = fs.mount_of("/home/x/team.db", mountinfo)
    assert root is not None and root.fs_type == "ext4" and not root.is_network
    share = fs.mount_of("/mnt/share/team.db", mountinfo)
    assert share is not None and share.fs_type == "fuse.sshfs" and share.is_network
    assert share.has_option("user_id") and not share.has_option("direct_io")
    nested = fs.mount_of("/mnt/share/sub dir/team.db", mountinfo)
    assert nested is not None and nested.fs_type == "fuse.rclone"
    nfs = fs.mount_of("/mnt/nfs/a/b.db", mountinfo)
    assert nfs is not None and nfs.is_network and nfs.source == "server:/export"


def test_rclone_mount_is_a_sync_folder(mountinfo: str) -> None:
    mount = fs.mount_of("/mnt/share/sub dir/team.db", mountinfo)
    reason = fs.sync_folder_reason("/mnt/share/sub dir/team.db", mount)
    assert reason is not None and "fuse.rclone" in reason


@pytest.mark.parametrize("marker, client", [(".dropbox", "Dropbox"), (".stfolder", "Syncthing")])
def test_marker_files_reveal_sync_folders(tmp_path: Path, marker: str, client: str) -> None:
    (tmp_path / "synced").mkdir()
    (tmp_path / "synced" / marker).write_text("")
    (tmp_path / "synced" / "team").mkdir()
    target = str(tmp_path / "synced" / "team" / "team.db")
    with pytest.raises(RefusedLocation, match=client):
        fs.check_location(target)
    assert fs.check_location(target, force=True) is not None


@pytest.mark.parametrize("folder", ["OneDrive - Acme", "Dropbox", "iCloud Drive"])
def test_sync_folder_names_are_refused(tmp_path: Path, folder: str) -> None:
    target = tmp_path / folder / "team.db"
    target.parent.mkdir()
    with pytest.raises(RefusedLocation, match="--force"):
        Workspace.open(str(target), user="anna")


def test_forced_location_is_remembered(tmp_path: Path) -> None:
    target = tmp_path / "Dropbox" / "team.db"
    target.parent.mkdir()
    ws = Workspace.open(str(target), user="anna", force=True)
    ws.create()
    with pytest.raises(RefusedLocation):
        Workspace.open(str(target), user="anna")
    ws.set_meta("forced_location", ws.path)
    assert Workspace.open(str(target), user="anna").path == ws.path


def test_plain_folder_is_accepted(tmp_path: Path) -> None:
    mount = fs.check_location(str(tmp_path / "team.db"))
    assert mount is not None and not mount.is_network
