"""The server's side of the dialect seam (store/core/dialect.py).

- schema version: a ``schema_version`` row in ``meta`` (no ``PRAGMA user_version``);
- tables: ``pg_tables`` of the current schema (no ``sqlite_master``);
- append-only tables: a trigger function raising an exception;
- a substring test: ``strpos`` (no ``instr``); a plain ``JOIN`` where SQLite pins
  the join order with ``CROSS JOIN``; seconds between instants: ``extract(epoch …)``
  (no ``strftime``);
- the live-update signal: ``NOTIFY teamspace`` inside the writing transaction, which
  PostgreSQL delivers to listeners only if, and when, that transaction commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teamspace.store.core.dialect import Dialect

if TYPE_CHECKING:
    from teamspace.store.core.session import Session

CHANNEL = "teamspace"


class PostgresDialect(Dialect):
    """PostgreSQL 13 or newer."""

    name = "postgresql"
    ordered_join = "JOIN"

    def contains(self, haystack: str, needle: str) -> str:
        """``strpos`` is PostgreSQL's ``instr``."""
        return f"strpos({haystack}, {needle}) > 0"

    def byte_length(self, text: str) -> str:
        """``octet_length`` (PostgreSQL has no BLOB to cast to)."""
        return f"octet_length({text})"

    def seconds_between(self, start: str, end: str) -> str:
        """``extract(epoch …)`` of the interval (the casts give parameters their type)."""
        return (f"extract(epoch FROM (CAST({end} AS timestamp) - "
                f"CAST({start} AS timestamp)))")

    def sqlalchemy_dialect(self) -> Any:
        """SQLAlchemy's PostgreSQL compiler (DDL only; no engine is made)."""
        from sqlalchemy.dialects import postgresql

        return postgresql.dialect()  # type: ignore[no-untyped-call]

    def schema_version(self, session: Session) -> int:
        """The ``schema_version`` row of ``meta`` (fails if there is no meta table:
        the server workspace turns that into "not initialised")."""
        value = session.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(value or 0)

    def set_schema_version(self, session: Session, version: int) -> None:
        """Upsert the ``schema_version`` row."""
        session.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", {"v": str(version)})

    def has_table(self, session: Session, name: str) -> bool:
        """True if the table exists in the schema the connection uses."""
        return bool(session.scalar("SELECT to_regclass(CAST(:n AS text)) IS NOT NULL",
                                   {"n": name}))

    def tables(self, session: Session) -> list[str]:
        """Tables of the current schema, by name."""
        return [str(r["tablename"]) for r in session.all(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename")]

    def columns(self, session: Session, table: str) -> list[tuple[str, str, bool]]:
        """(name, type, in the primary key) of each column, in order; generated columns
        (the search words, store/core/postgres/search.py) are the server's own: left
        out, as neither copied nor written."""
        return [(str(r["name"]), str(r["type"]).upper(), bool(r["pk"])) for r in session.all(
            "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, "
            "coalesce(a.attnum = ANY(i.indkey), false) AS pk FROM pg_attribute a "
            "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
            "WHERE a.attrelid = to_regclass(CAST(:t AS text)) AND a.attnum > 0 AND NOT "
            "a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum", {"t": table})]

    def byte_order(self, column: str) -> str:
        """Byte order whatever the database's collation (SQLite's order)."""
        return f'{column} COLLATE "C"'

    def after_copy(self, session: Session, table: str) -> None:
        """Move the table's id sequence past the ids copied in, and gather the planner's
        statistics: without them a freshly filled table looks empty, and a search
        filtered a row at a time instead of through its GIN index (0.2 s for 1500
        notes, benchmarks/postgres_panes.py) until autovacuum came by."""
        session.execute(f"ANALYZE {table}")
        if session.scalar("SELECT pg_get_serial_sequence(CAST(:t AS text), 'id')",
                          {"t": table}) is None:
            return
        session.execute(
            f"SELECT setval(pg_get_serial_sequence(CAST(:t AS text), 'id'), "
            f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table}", {"t": table})

    def append_only(self, session: Session, table: str, message: str) -> None:
        """A trigger function that raises ``message`` for UPDATE and DELETE."""
        function = f"{table}_append_only"
        quoted = message.replace("'", "''")
        session.execute(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{quoted}'; END $$")
        for verb in ("UPDATE", "DELETE"):
            trigger = f"{table}_no_{verb.lower()}"
            session.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            session.execute(f"CREATE TRIGGER {trigger} BEFORE {verb} ON {table} "
                            f"FOR EACH ROW EXECUTE FUNCTION {function}()")

    def after_write(self, session: Session) -> None:
        """Tell every listening TUI, at commit (never for a rolled-back write)."""
        session.execute(f"NOTIFY {CHANNEL}")


POSTGRES = PostgresDialect()
