"""Row-level security for the Tasks pane's private table on a server (``teamspace
secure``, store/core/postgres/security.py).

Tasks are visible to every member (store/tasks/schema.py); what is a member's own is
the mark of the task alerts they have seen: only they read and move it.
"""

from __future__ import annotations

POLICIES = {
    "task_alert_seen": [("own_task_alert_seen", "ALL", "username = session_user",
                         "username = session_user")],
}
