"""Row-level security: the server itself keeps private items from other members.

Without it every member's role reads every row, and only teamspace's queries hide
private posts, notebooks and links — fine for a trusting team, not against a member
with ``psql``.  With it (``teamspace secure``, run once by the role that owns the
workspace's tables):

- a group role ``teamspace_member`` holds the grants (tables, sequences, and the same
  for tables later migrations create); each member logs in as their OWN role, named as
  their teamspace user name, in that group;
- each pane declares the policies of its private tables in ``store/<pane>/policies.py``
  (``POLICIES = {table: [(name, command, using, check), …]}``, SQL over the table's
  columns, ``session_user`` being the member) and may need helper functions
  (``FUNCTIONS``: SQL run first); the core adds its own for the activity log and
  the operation table, which would otherwise repeat what private items said;
- the table owner is not bound by the policies (``ALTER TABLE … FORCE`` is not used):
  keep that role for upgrades and ``migrate-to``, never as a member.

Running it again is safe: roles and grants are kept, policies are replaced, and new
members get roles.
"""

from __future__ import annotations

from typing import Any

from teamspace.store.core import registry
from teamspace.store.core.session import Session

GROUP = "teamspace_member"
Policy = tuple[str, str, str | None, str | None]  # name, command, USING, WITH CHECK
# The core's tables: operation results and the activity log belong to their actor, and
# an item type a pane protects (POLICIES' "activity" entries) stays protected there.
CORE_POLICIES: dict[str, list[Policy]] = {
    "operation": [("own_operations", "ALL", "actor = session_user", "actor = session_user")],
    "activity": [("write_own_activity", "INSERT", None, "actor = session_user")],
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _policies() -> tuple[list[str], dict[str, list[Policy]], list[str]]:
    functions: list[str] = []
    policies: dict[str, list[Policy]] = {k: list(v) for k, v in CORE_POLICIES.items()}
    activity_hidden: list[str] = []
    for _key, module in registry.pane_modules("policies"):
        functions.extend(getattr(module, "FUNCTIONS", []))
        for table, rules in module.POLICIES.items():
            policies.setdefault(table, []).extend(rules)
        activity_hidden.extend(getattr(module, "ACTIVITY", []))
    visible = " AND ".join(f"({condition})" for condition in activity_hidden) or "true"
    policies["activity"].append(("read_visible_activity", "SELECT", visible, None))
    return functions, policies, activity_hidden


def enable(session: Session, members: list[str]) -> dict[str, Any]:
    """Roles, grants and policies (inside one write by the tables' owner); returns what
    was created, for the CLI to report."""
    functions, policies, _hidden = _policies()
    created: list[str] = []
    if not session.scalar("SELECT 1 FROM pg_roles WHERE rolname = :r", {"r": GROUP}):
        session.execute(f"CREATE ROLE {GROUP} NOLOGIN")
    for member in sorted(set(members)):
        if not session.scalar("SELECT 1 FROM pg_roles WHERE rolname = :r", {"r": member}):
            session.execute(f"CREATE ROLE {_quote(member)} LOGIN")
            created.append(member)
        session.execute(f"GRANT {GROUP} TO {_quote(member)}")
    for statement in (
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
            f"{_schema(session)} TO {GROUP}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_schema(session)} TO {GROUP}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema(session)} GRANT SELECT, INSERT, "
            f"UPDATE, DELETE ON TABLES TO {GROUP}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema(session)} GRANT USAGE, SELECT ON "
            f"SEQUENCES TO {GROUP}"):
        session.execute(statement)
    _install(session, functions, policies)
    session.execute("INSERT INTO meta (key, value) VALUES ('row_level_security', 'on') "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    return {"roles_created": created, "members": sorted(set(members)),
            "tables": sorted(t for t in policies if session.dialect.has_table(session, t))}


def _install(session: Session, functions: list[str],
             policies: dict[str, list[Policy]]) -> None:
    for function in functions:
        session.execute(function)
    for table, rules in policies.items():
        if not session.dialect.has_table(session, table):
            continue
        for name, command, using, check in rules:
            session.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
            clause = f" USING ({using})" if using else ""
            clause += f" WITH CHECK ({check})" if check else ""
            session.execute(f"CREATE POLICY {name} ON {table} FOR {command} TO {GROUP}"
                            f"{clause}")
        session.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def renew(session: Session, pane: str) -> None:
    """Put ``pane``'s current functions and policies in place on a server where
    ``secure`` turned row-level security on (nothing on a file or an open server): the
    migration step of a pane whose policies changed calls it, so upgrading keeps the
    server enforcing them without waiting for someone to run ``secure`` again.  Safe to
    run again (functions and policies are replaced)."""
    if session.dialect.name != "postgresql" or session.scalar(
            "SELECT value FROM meta WHERE key = 'row_level_security'") != "on":
        return
    for key, module in registry.pane_modules("policies"):
        if key == pane:
            _install(session, list(getattr(module, "FUNCTIONS", [])), module.POLICIES)


def _schema(session: Session) -> str:
    return _quote(str(session.scalar("SELECT current_schema()")))
