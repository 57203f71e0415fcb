"""What differs between the two databases, behind one small seam per need.

Store SQL is written once, with ``:name`` parameters, and runs on SQLite (the file on a
share) and on PostgreSQL (a server).  Most of it needs nothing here — both accept
``INSERT … ON CONFLICT (…) DO UPDATE SET x = excluded.x`` / ``DO NOTHING``,
``RETURNING id``, ``LIMIT :n OFFSET :m``, ``CAST(x AS TEXT)``, ``lower``, ``substr``,
``coalesce``, ``TRUE``/``FALSE``.  The rules that keep SQL portable (docs/postgresql.md):

- bind Python ``bool`` for boolean columns (PostgreSQL refuses 0/1), and test them as
  ``flag`` / ``NOT flag``, never ``flag = 1``;
- never ``:param IS NULL`` (PostgreSQL cannot tell the parameter's type): build the
  condition in Python instead;
- every selected column either grouped or aggregated (PostgreSQL is strict);
- no ``LIMIT -1``, no ``json_each``/``group_concat``/``printf``/``strftime`` — use
  :func:`teamspace.store.core.session.placeholders` for ``IN`` lists and Python for dates;
- what remains differs, and a pane's SQL asks the session's dialect for the fragment:
  ``session.dialect.contains("lower(t.title)", ":text")`` (substring test),
  ``session.dialect.ordered_join`` (SQLite's ``CROSS JOIN … ON``, which pins the join
  order for its planner, is a syntax error on PostgreSQL),
  ``session.dialect.byte_length("body")`` (no BLOB type there),
  ``session.dialect.seconds_between("started_at", ":end")`` (no ``strftime`` there),
  full-text search through ``store/core/search.py``.

Workspace-level differences (the schema version, the table list, triggers, the live
update signal) are methods here too, used by the core only.  :data:`SQLITE` is the
file's dialect; ``store/core/postgres/dialect.py`` holds the server's and is imported
only for a ``postgresql://`` workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teamspace.store.core.session import Session


class Dialect:
    """SQLite: the file workspace (and the base every dialect's fragments start from)."""

    name = "sqlite"
    # ``a {ordered_join} b ON …``: SQLite then joins in the written order (its planner
    # has no statistics); PostgreSQL's planner chooses well by itself.
    ordered_join = "CROSS JOIN"

    # ------------------------------------------------------------------ SQL fragments
    def contains(self, haystack: str, needle: str) -> str:
        """SQL that is true when the text ``needle`` occurs in ``haystack`` (both SQL
        expressions, e.g. ``"lower(t.title)"`` and ``":text"``; case-sensitive)."""
        return f"instr({haystack}, {needle}) > 0"

    def byte_length(self, text: str) -> str:
        """SQL for the length in bytes (UTF-8) of the text expression ``text``."""
        return f"length(CAST({text} AS BLOB))"

    def seconds_between(self, start: str, end: str) -> str:
        """SQL for the seconds (a real number, to the microsecond) from the stored
        instant ``start`` to ``end`` (SQL expressions: timestamp columns, or parameters
        of stored UTC text), for sums a query should not send row by row to Python."""
        # Whole seconds from strftime, the fraction from the text itself: julianday()
        # would round to about a millisecond.
        def epoch(value: str) -> str:
            return (f"(CAST(strftime('%s', {value}) AS INTEGER) + "
                    f"CAST(substr({value}, 21, 6) AS INTEGER) / 1000000.0)")

        return f"({epoch(end)} - {epoch(start)})"

    # ------------------------------------------------------------------ the core's needs
    def sqlalchemy_dialect(self) -> Any:
        """The SQLAlchemy dialect that compiles SQLModel tables to this database's DDL
        (imports SQLAlchemy: migrations only)."""
        from sqlalchemy.dialects import sqlite

        return sqlite.dialect()

    def schema_version(self, session: Session) -> int:
        """The workspace's schema version (0: nothing created yet)."""
        return int(session.scalar("PRAGMA user_version") or 0)

    def set_schema_version(self, session: Session, version: int) -> None:
        """Record the schema version (inside the migrating write)."""
        # PRAGMA takes no bound parameters; the version is our own integer.
        session.execute(f"PRAGMA user_version = {int(version)}")

    def has_table(self, session: Session, name: str) -> bool:
        """True if the table exists."""
        return bool(session.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n",
            {"n": name}))

    def tables(self, session: Session) -> list[str]:
        """The workspace's own tables, by name (no engine-internal or index tables)."""
        rows = session.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
        virtual = [str(r["name"]) for r in session.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND "
            "sql LIKE 'CREATE VIRTUAL TABLE%'")]
        # An FTS5 index keeps shadow tables named after it (doc_fts_data, …).
        return [str(r["name"]) for r in rows
                if not any(str(r["name"]).startswith(v + "_") for v in virtual)]

    def columns(self, session: Session, table: str) -> list[tuple[str, str, bool]]:
        """(name, declared type, part of the primary key) of each column, in order."""
        return [(str(r["name"]), str(r["type"]).upper(), bool(r["pk"])) for r in session.all(
            "SELECT name, type, pk FROM pragma_table_info(:t) ORDER BY cid", {"t": table})]

    def byte_order(self, column: str) -> str:
        """``ORDER BY`` text for ``column`` in byte order (SQLite's only order)."""
        return column

    def after_copy(self, session: Session, table: str) -> None:
        """After rows were copied in with their ids (migrate-to): nothing on SQLite,
        which moves an AUTOINCREMENT table's counter past any id inserted."""

    def append_only(self, session: Session, table: str, message: str) -> None:
        """Make UPDATE and DELETE on ``table`` fail with ``message`` (idempotent)."""
        for verb in ("UPDATE", "DELETE"):
            session.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON "
                f"{table} BEGIN SELECT RAISE(ABORT, '{message}'); END")

    def after_write(self, session: Session) -> None:
        """Inside every write, just before COMMIT: tell watchers (SQLite: its header
        counter moves by itself)."""


SQLITE = Dialect()
