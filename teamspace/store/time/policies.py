"""Row-level security for the Time pane's tables on a server (``teamspace secure``,
store/core/postgres/security.py): everyone reads everyone's time (docs/time.md), and the
server itself keeps the store's rules on who changes what, so a member's own connection,
even ``psql``, cannot change another member's hours:

- an entry (a running timer is one) is added and changed by its person only
  (store/time/entries.py ``fetch_own``), and not while it lies in a timesheet week that
  awaits review or is approved for its project (``check_unlocked``: the same condition
  here, on the row before and after the change); nobody deletes one (the trash is a
  ``deleted_at``, so no DELETE policy: a DELETE removes nothing);
- a timesheet is submitted and changed by its person; a project's owner may reopen it
  (store/time/sheets.py ``reopen_week``): only to ``open``, and only a sheet holding
  that person's hours on one of the owner's projects;
- a review is written by the owner of its project on a submitted sheet with hours on
  that project, and removed by that owner, or by the sheet's person when it returned
  the week (submitting again, taking the week back);
- dismissed suggestions are their author's alone (nobody else's suggestions are built).

The conditions read only tables every member may read in full (entries, sheets,
reviews, projects), so they need no SECURITY DEFINER function.
"""

from __future__ import annotations

# An entry's week is locked for its project: the condition of entries.check_unlocked.
_LOCKED = (
    "EXISTS (SELECT 1 FROM time_sheet s LEFT JOIN time_sheet_review r ON r.sheet_id = s.id "
    "AND r.project_id = time_entry.project_id WHERE s.person = time_entry.person AND "
    "s.starts_at <= time_entry.started_at AND s.ends_at > time_entry.started_at AND "
    "s.deleted_at IS NULL AND (r.decision = 'approved' OR (s.status = 'submitted' AND "
    "r.decision IS NULL)))")
_OWN_ENTRY = f"person = session_user AND NOT {_LOCKED}"


def _has_hours(sheet: str, project: str) -> str:
    """The sheet's person has entries in its week on a project the condition names."""
    return (f"EXISTS (SELECT 1 FROM time_entry e JOIN project p ON p.id = e.project_id "
            f"WHERE e.person = {sheet}.person AND e.deleted_at IS NULL AND e.started_at >= "
            f"{sheet}.starts_at AND e.started_at < {sheet}.ends_at AND {project})")


# The sheet holds the person's hours on a project the member owns (sheets._owned_parts).
_OWNER_OF_SHEET = _has_hours("time_sheet", "p.author = session_user")
_OWNS_PROJECT = ("EXISTS (SELECT 1 FROM project p WHERE p.id = time_sheet_review.project_id "
                 "AND p.author = session_user)")
_SHEET = ("SELECT 1 FROM time_sheet s WHERE s.id = time_sheet_review.sheet_id AND "
          "s.deleted_at IS NULL")
_DECIDES = (f"author = session_user AND {_OWNS_PROJECT} AND EXISTS ({_SHEET} AND "
            "s.status = 'submitted' AND "
            + _has_hours("s", "e.project_id = time_sheet_review.project_id") + ")")
_TAKES_BACK = f"decision = 'returned' AND EXISTS ({_SHEET} AND s.person = session_user)"

POLICIES = {
    "time_entry": [
        ("read_all_time", "SELECT", "true", None),
        ("add_own_time", "INSERT", None, f"author = session_user AND {_OWN_ENTRY}"),
        ("change_own_time", "UPDATE", _OWN_ENTRY, _OWN_ENTRY),
    ],
    "time_sheet": [
        ("read_all_sheets", "SELECT", "true", None),
        ("submit_own_sheets", "INSERT", None,
         "person = session_user AND author = session_user"),
        ("change_own_or_reopen_sheets", "UPDATE",
         f"person = session_user OR {_OWNER_OF_SHEET}",
         f"person = session_user OR (status = 'open' AND {_OWNER_OF_SHEET})"),
    ],
    "time_sheet_review": [
        ("read_all_reviews", "SELECT", "true", None),
        ("review_own_projects", "INSERT", None, _DECIDES),
        ("redecide_own_projects", "UPDATE", _OWNS_PROJECT, _DECIDES),
        ("reopen_reviews", "DELETE", f"{_OWNS_PROJECT} OR ({_TAKES_BACK})", None),
    ],
    "time_dismissed": [("own_dismissed", "ALL", "author = session_user",
                        "author = session_user")],
}
