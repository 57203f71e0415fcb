"""A unit of work's view of the database: parameterised SQL plus who/when/which-op.

Store functions receive a :class:`Session` and write SQL with ``:name`` parameters,
which the SQLite driver takes as is and which the PostgreSQL connection
(store/core/postgres/driver.py) rewrites once per statement text for psycopg.  Rows
behave alike on both: ``row["name"]``, ``row[0]``, ``dict(row)``.  What differs between
the databases is asked of ``session.dialect`` (store/core/dialect.py).  SQL is never
built from user text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from teamspace.store.core.dialect import SQLITE, Dialect

Row = Mapping[str, Any]
Params = Mapping[str, Any] | None


def placeholders(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(":i0, :i1", {"i0": 4, "i1": 7})`` for an ``IN (…)`` list of bound values
    (``NULL`` for none, so the SQL stays valid and matches nothing)."""
    names = {f"{prefix}{n}": value for n, value in enumerate(values)}
    return ", ".join(f":{name}" for name in names) or "NULL", names


class Connection(Protocol):
    """A driver connection inside one transaction (sqlite3's, or the server adapter)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any:
        """Run one statement; return its cursor."""

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """Run one statement for many parameter sets."""


class Session:
    """One transaction on one connection, opened by the Workspace."""

    def __init__(self, connection: Connection, *, actor: str, op_id: str | None,
                 now: str, write: bool, dialect: Dialect = SQLITE) -> None:
        self.connection = connection
        self.actor = actor
        self.op_id = op_id
        self.now = now
        self.write = write
        self.dialect = dialect

    def execute(self, sql: str, params: Params = None) -> int:
        """Run a statement; return the number of rows it changed."""
        cursor = self.connection.execute(sql, params or {})
        return int(cursor.rowcount)

    def all(self, sql: str, params: Params = None) -> list[Row]:
        """All rows of a query, each a mapping of column name to value."""
        rows: list[Row] = self.connection.execute(sql, params or {}).fetchall()
        return rows

    def one(self, sql: str, params: Params = None) -> Row | None:
        """The first row of a query, or None."""
        row: Row | None = self.connection.execute(sql, params or {}).fetchone()
        return row

    def scalar(self, sql: str, params: Params = None) -> Any:
        """The first column of the first row, or None."""
        row = self.connection.execute(sql, params or {}).fetchone()
        return None if row is None else row[0]

    def insert(self, sql: str, params: Params = None) -> int:
        """Run an ``INSERT … RETURNING id`` and return the new id."""
        row = self.connection.execute(sql, params or {}).fetchone()
        if row is None:
            raise RuntimeError("INSERT did not return an id (missing RETURNING id?)")
        return int(row[0])

    def many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one statement for many parameter sets."""
        self.connection.executemany(sql, rows)

    def record(self, item_type: str, item_id: int, action: str,
               changes: Mapping[str, Sequence[Any]] | None = None) -> None:
        """Append to the activity log (same transaction as the change it describes)."""
        if not self.write or self.op_id is None:
            raise RuntimeError("activity can only be recorded inside a write")
        from teamspace.store.core.jsontext import dumps

        self.connection.execute(
            "INSERT INTO activity (at, actor, op_id, item_type, item_id, action, changes) "
            "VALUES (:at, :actor, :op_id, :item_type, :item_id, :action, :changes)",
            {"at": self.now, "actor": self.actor, "op_id": self.op_id,
             "item_type": item_type, "item_id": item_id, "action": action,
             "changes": dumps(dict(changes or {}))},
        )
