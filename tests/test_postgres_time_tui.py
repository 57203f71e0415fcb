"""The Time pane's TUI tests of test_time_tui.py again, on a server under row-level
security with anna connected as her own role: the pane's reads and writes (timer keys,
logging, fixing, moving, deleting and restoring entries) pass the policies of
store/time/policies.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import test_time_tui as on_a_file
from test_postgres_move import _secured

from teamspace.store.core.connection import Workspace

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def workspace(workspace: Workspace, pg: Any, monkeypatch: pytest.MonkeyPatch
              ) -> Iterator[Workspace]:
    """anna as her own role on the secured workspace (the owner's role secures it; her
    password from PGPASSWORD, as the tests open the workspace's URL again)."""
    database = _secured(workspace, pg)
    monkeypatch.setenv("PGPASSWORD", "pw-anna")
    member = Workspace.open(pg.url(database, user="anna", password=None), user="anna")
    yield member
    member.close()


test_start_stop_continue_cancel_keys = on_a_file.test_start_stop_continue_cancel_keys
test_log_fix_and_delete_entries_today_and_this_week = (
    on_a_file.test_log_fix_and_delete_entries_today_and_this_week)
# (test_suggestion_review_screen is not here: its setup makes a project as bob through
# anna's connection, which the activity log's policy rightly refuses.)
