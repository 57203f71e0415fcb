"""Copy a whole workspace to another place: a file to a server, a server to a file.

``teamspace migrate-to`` and a server's ``backup`` use it.  Every table of the source
(every pane's, the members, history, activity, operations, attachments — whatever
tables exist) is brought into step with the target, table by table, in primary-key
order, in chunks of :data:`CHUNK` rows, each chunk one transaction on each side:

- rows missing in the target are inserted, rows that differ are updated, rows the
  source no longer has are deleted — so running it again after an interruption, or
  after the source changed, copies only what is missing or different (resumable and
  idempotent);
- values cross as the SQLite path stores them (timestamps as UTC text, booleans as
  0/1 on a file, true/false on a server);
- afterwards each table's rows are counted and checksummed (SHA-256 over the rows in
  key order, values normalised) on both sides; any difference is reported.

Facts that belong to one place stay there: ``meta`` keys in :data:`LOCAL_META`
(a server's schema-version row, row-level security, a forced file location).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from teamspace.errors import NewerSchemaError, WorkspaceError
from teamspace.store.core.connection import Workspace
from teamspace.store.core.migrations import schema_version
from teamspace.store.core.session import Row, Session

CHUNK = 2000
LOCAL_META = ("schema_version", "row_level_security", "forced_location")
Progress = Callable[[str, int, int], None]


class Table:
    """What is needed to copy one table: its columns, key and boolean columns."""

    def __init__(self, name: str, columns: list[tuple[str, str, bool]]) -> None:
        self.name = name
        self.columns = [c[0] for c in columns]
        keys = [c[0] for c in columns if c[2]]
        if len(keys) != 1:
            raise WorkspaceError(f"table {name} has no single-column primary key; "
                                 "migrate-to cannot copy it")
        self.key = keys[0]
        key_type = next(c[1] for c in columns if c[0] == self.key)
        self.text_key = not any(word in key_type for word in ("INT", "SERIAL"))
        self.booleans = {c[0] for c in columns if c[1].startswith("BOOL")}
        self.where = "WHERE key NOT IN ('" + "', '".join(LOCAL_META) + "')" \
            if name == "meta" else ""


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _values(table: Table, row: Row) -> tuple[Any, ...]:
    return tuple(_norm(row[c]) for c in table.columns)


def _order(session: Session, table: Table) -> str:
    return session.dialect.byte_order(table.key) if table.text_key else table.key


def _chunk(session: Session, table: Table, after: Any, limit: int) -> list[Row]:
    order = _order(session, table)
    where = table.where
    bound = f"{order} > :after" if after is not None else ""
    if bound:
        where = f"{where} AND {bound}" if where else f"WHERE {bound}"
    return session.all(f"SELECT {', '.join(table.columns)} FROM {table.name} {where} "
                       f"ORDER BY {order} LIMIT :limit", {"after": after, "limit": limit}
                       if after is not None else {"limit": limit})


def _read_chunk(ws: Workspace, table: Table, after: Any) -> list[Row]:
    return ws.read(lambda session: _chunk(session, table, after, CHUNK))


def _tables(ws: Workspace) -> list[Table]:
    def body(session: Session) -> list[Table]:
        return [Table(name, session.dialect.columns(session, name))
                for name in session.dialect.tables(session)]

    return ws.read(body)


def _check_schema(ws: Workspace, role: str) -> None:
    have = ws.read(lambda s: s.dialect.schema_version(s))
    if have > schema_version():
        raise NewerSchemaError(f"the {role} workspace has a newer schema ({have}) than "
                               f"this teamspace ({schema_version()}); upgrade teamspace")
    if have < schema_version():
        ws.upgrade()


def _sync_chunk(target: Workspace, table: Table, rows: list[Row], low: Any, high: Any,
                last: bool) -> int:
    """Make the target's rows with keys in (low, high] equal ``rows``; return changes."""
    wanted = {row[table.key]: _values(table, row) for row in rows}
    key = table.key
    names = ", ".join(table.columns)
    marks = ", ".join(f":{c}" for c in table.columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in table.columns if c != key)
    upsert = (f"INSERT INTO {table.name} ({names}) VALUES ({marks}) ON CONFLICT ({key}) "
              + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING"))

    def body(session: Session) -> int:
        order = _order(session, table)
        conditions = [c for c in (table.where.removeprefix("WHERE "),
                                  f"{order} > :low" if low is not None else "",
                                  "" if last else f"{order} <= :high") if c]
        sql = f"SELECT {names} FROM {table.name}"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        have = {row[key]: _values(table, row) for row in session.all(
            sql, {"low": low, "high": high})}
        writes = []
        for value, values in wanted.items():
            if have.get(value) != values:
                params = dict(zip(table.columns, values, strict=True))
                if session.dialect.name != "sqlite":
                    params.update({c: bool(params[c]) for c in table.booleans
                                   if params[c] is not None})
                writes.append(params)
        gone = [value for value in have if value not in wanted]
        if writes:
            session.many(upsert, writes)
        for value in gone:
            session.execute(f"DELETE FROM {table.name} WHERE {key} = :k", {"k": value})
        if last and table.key == "id" and not table.text_key:
            session.dialect.after_copy(session, table.name)
        return len(writes) + len(gone)

    return target.maintain(body, purpose=f"copying {table.name}")


def _sync_table(source: Workspace, target: Workspace, table: Table,
                progress: Progress | None) -> int:
    total = source.read(lambda s: int(s.scalar(
        f"SELECT count(*) FROM {table.name} {table.where}")))
    done = changed = 0
    low: Any = None
    while True:
        rows = _read_chunk(source, table, low)
        last = len(rows) < CHUNK
        high = rows[-1][table.key] if rows else None
        changed += _sync_chunk(target, table, rows, low, high, last)
        done += len(rows)
        if progress is not None:
            progress(table.name, done, total)
        if last:
            return changed
        low = high


def checksum(ws: Workspace, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 of the rows in key order, values normalised) of one table."""
    digest = hashlib.sha256()
    count = 0
    low: Any = None
    while True:
        rows = _read_chunk(ws, table, low)
        for row in rows:
            digest.update(repr(_values(table, row)).encode())
        count += len(rows)
        if len(rows) < CHUNK:
            return count, digest.hexdigest()
        low = rows[-1][table.key]


def copy(source: Workspace, target: Workspace, *, progress: Progress | None = None
         ) -> dict[str, Any]:
    """Bring ``target`` into step with ``source`` and verify it (see the module doc).

    Returns {"tables": {name: {"rows", "changed", "checksum", "verified"}}, "verified"}.
    """
    _check_schema(source, "source")
    target.create(join=False)
    _check_schema(target, "target")
    mine = source.get_meta("workspace_id")
    theirs = target.get_meta("workspace_id")
    if theirs != mine and target.read(lambda s: s.scalar(
            "SELECT count(*) FROM operation")):
        raise WorkspaceError(f"{target.path} already holds another workspace (with writes "
                             "of its own); choose an empty database or file")
    newest = "SELECT max(at) FROM operation"
    if theirs == mine and (target.read(lambda s: s.scalar(newest)) or "") > \
            (source.read(lambda s: s.scalar(newest)) or ""):
        raise WorkspaceError(f"{target.path} has been written to since it was copied (its "
                             "newest write is newer than the source's): copying again "
                             "would undo those writes; use the target from now on")
    tables = _tables(source)
    known = {t.name for t in _tables(target)}
    missing = sorted(t.name for t in tables if t.name not in known)
    if missing:
        raise WorkspaceError(f"the target lacks tables {', '.join(missing)}: is it the same "
                             "teamspace version?")
    report: dict[str, Any] = {}
    for table in tables:
        try:
            changed = _sync_table(source, target, table, progress)
        except WorkspaceError:
            raise
        except Exception as exc:
            raise WorkspaceError(f"copying table {table.name} failed: {exc}; nothing "
                                 "in the source changed, run the command again") from exc
        rows, digest = checksum(source, table)
        copied = checksum(target, table)
        report[table.name] = {"rows": rows, "changed": changed, "checksum": digest,
                              "verified": copied == (rows, digest)}
    return {"tables": report, "verified": all(t["verified"] for t in report.values()),
            "rows": sum(t["rows"] for t in report.values())}
