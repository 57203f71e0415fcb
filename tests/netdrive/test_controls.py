"""Refusals on the real rclone mount, and negative controls that keep the harness honest.

A harness that cannot make SQLite's defaults lose writes on two mounts has stopped
reproducing the hazard, and its green results would prove nothing.
"""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from harness import (
    REPO,
    Share,
    client_env,
    report,
    result_of,
    server_counts,
    setup_workspace,
    spawn,
)
from lab import Lab

from teamspace.errors import RefusedLocation
from teamspace.store.core.connection import Workspace

pytestmark = pytest.mark.netdrive


def test_rclone_mount_is_refused_with_an_explanation(lab: Lab) -> None:
    lab.mount("rclone", "A")  # (re)mounted if an earlier test took its server down
    path = str(lab.share_dir("rclone", "A") / f"refused-{uuid.uuid4().hex[:8]}" / "team.db")
    with pytest.raises(RefusedLocation, match=r"fuse\.rclone.*--force"):
        Workspace.open(path, user="anna")
    init = subprocess.run([sys.executable, "-m", "teamspace", "init", path],
                          capture_output=True, text=True, env=client_env("anna"), cwd=REPO,
                          timeout=120)
    assert init.returncode == 78 and "Sync folders upload whole files" in init.stderr
    forced = subprocess.run([sys.executable, "-m", "teamspace", "init", "--force", path],
                            capture_output=True, text=True, env=client_env("anna"), cwd=REPO,
                            timeout=120)
    assert forced.returncode == 0, forced.stderr  # experts may insist


@pytest.mark.parametrize("flavour", ["sshfs"])  # smbnetfs fails too (lab), but slowly
def test_sqlite_defaults_lose_or_double_writes_on_two_mounts(lab: Lab, flavour: str) -> None:
    """Negative control: POSIX locks and one long-lived connection per writer."""
    share = Share.make(lab, flavour, "naive")
    setup_workspace(share)
    writers = [spawn("naive", share.side(n), str(n), "150", name=f"naive{n}") for n in range(8)]
    acked = sum(result_of(w)["acked"] for w in writers)
    try:
        counts = server_counts(share.server)
        lost = acked - counts["distinct"]
        doubled = counts["items"] - counts["distinct"]
        broken = counts["integrity"] != "ok" or counts["counter"] != counts["items"]
    except Exception as exc:  # a corrupt file is a failure of SQLite's defaults too
        counts, lost, doubled, broken = {"error": str(exc)}, None, None, True
    report(f"negative control {flavour}", {"acked": acked, "lost": lost, "doubled": doubled,
                                           "counter_or_integrity_wrong": broken})
    assert broken or (lost or 0) > 0 or (doubled or 0) > 0, counts
