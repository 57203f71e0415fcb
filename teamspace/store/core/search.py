"""Full-text search behind one seam: the query language people type, an index per pane
table, ranked hits with a highlighted snippet.

Panes call :func:`parse`, :func:`create_index` (in a migration step) and :func:`hits`;
only this module knows the engine: SQLite FTS5 with bm25 on a file, PostgreSQL's
a stored ``tsvector`` column with a GIN index on a server (store/core/postgres/search.py), chosen by
the session's dialect.  A query never reaches the
engine as syntax: :func:`parse` turns what was typed into terms, and each term is
quoted, so no input can cause an engine syntax error or inject an operator.

The query language: words (all must match), ``"an exact phrase"``, ``word*`` (prefix),
``-word`` (must not match), ``a OR b``.  Matching ignores case and accents.
"""

from __future__ import annotations

import re
from typing import Generic, TypeVar

from teamspace.errors import InvalidInput
from teamspace.store.core.record import Record
from teamspace.store.core.session import Session

# Where a snippet's match begins and ends: private-use characters, which the cleaning
# path lets through and renderers turn into a style (never into markup).
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_QUERY = 500
MAX_TERMS = 32
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
TOKENIZER = "unicode61 remove_diacritics 2"


class Term(Record):
    """One thing to look for: a word, a phrase or a prefix; maybe excluded."""

    text: str
    prefix: bool = False
    negated: bool = False


class Query(Record):
    """A parsed query: groups of alternatives (``a OR b``) that must all match, and
    terms that must not."""

    groups: list[list[Term]]
    excluded: list[Term]
    text: str


def _words(text: str) -> str:
    # What the tokenizer will see: keep letters, digits and inner apostrophes.
    return " ".join(re.findall(r"\w+", text))


def parse(text: str) -> Query:
    """Read a query as typed; InvalidInput (one clear line) if there is nothing to find."""
    if len(text) > MAX_QUERY:
        raise InvalidInput(f"a search can have at most {MAX_QUERY} characters")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1))
        if match.group(2) is not None:
            term = Term(_words(match.group(2)), negated=negated)
        else:
            raw = match.group(3)
            if raw == "OR" and groups:
                join_next = True
                continue
            negated = raw.startswith("-") and len(raw) > 1
            raw = raw[1:] if negated else raw
            prefix = raw.endswith("*")
            term = Term(_words(raw.rstrip("*")), prefix=prefix, negated=negated)
        if not term.text:
            continue  # punctuation alone: nothing the index holds
        if term.negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if len(groups) + len(excluded) > MAX_TERMS:
        raise InvalidInput(f"a search can have at most {MAX_TERMS} words")
    if not groups:
        raise InvalidInput("nothing to search for: give at least one word (-word only "
                           "excludes)")
    return Query(groups, excluded, text)


def _fts_term(term: Term) -> str:
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + "*" if term.prefix else quoted


def fts_expression(query: Query) -> str:
    """The FTS5 MATCH expression for ``query`` (every term quoted)."""
    parts = []
    for group in query.groups:
        alternatives = " OR ".join(_fts_term(term) for term in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    expression = " AND ".join(parts)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts_term(term)}"
    return expression


def _name(identifier: str) -> str:
    if not _IDENTIFIER.match(identifier):
        raise ValueError(f"not a plain SQL identifier: {identifier!r}")
    return identifier


def create_index(session: Session, *, index: str, table: str, columns: list[str]) -> None:
    """Create the full-text index ``index`` over ``table``'s ``columns`` and the triggers
    that keep it in step with every insert, update and delete (call in a migration
    step; safe to run again).  Rows already in the table are indexed too."""
    index, table = _name(index), _name(table)
    if session.dialect.name == "postgresql":
        from teamspace.store.core.postgres import search as server

        server.create_index(session, index=index, table=table,
                            columns=[_name(c) for c in columns])
        return
    cols = ", ".join(_name(c) for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    session.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')")
    session.execute(
        f"CREATE TRIGGER IF NOT EXISTS {index}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index} (rowid, {cols}) VALUES (new.id, {new}); END")
    session.execute(
        f"CREATE TRIGGER IF NOT EXISTS {index}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index} ({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
    session.execute(
        f"CREATE TRIGGER IF NOT EXISTS {index}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {index} ({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {index} (rowid, {cols}) VALUES (new.id, {new}); END")
    session.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def upgrade_index(session: Session, *, index: str, table: str, columns: list[str]) -> None:
    """Bring an index made by an older :func:`create_index` up to date (call in a
    migration step after the one that created it; same arguments).  On a server it
    moves the words from an expression index into a stored column; on a file there is
    nothing to do."""
    if session.dialect.name == "postgresql":
        create_index(session, index=index, table=table, columns=columns)


class Hit(Record):
    """One row that matched: its id, its rank (lower is better) and a snippet."""

    id: int
    rank: float
    snippet: str


T = TypeVar("T")


class Ranked(list[T], Generic[T]):
    """Hits, best first; ``partial`` when more rows matched than were ranked (only the
    newest :data:`RANK_WINDOW` of them were)."""

    partial: bool = False


# Ranking costs time for every row that matches (bm25 reads its positions and length):
# about 5 µs a row here, so a word found in all of 100,000 notes took half a second.
# When more rows match than this, the newest this many are ranked: a word that common
# says little about relevance, and a recent note is the likelier one.
RANK_WINDOW = 2000


def hits(session: Session, *, index: str, table: str, query: Query, limit: int = 50,
         snippet_column: int = 0, where: str = "", params: dict[str, object] | None = None,
         table_alias: str = "t", window: int | None = RANK_WINDOW) -> Ranked[Hit]:
    """The best matches of ``query`` in ``index`` (made by :func:`create_index` over
    ``table``), best first.

    ``where`` (SQL over ``table`` aliased ``table_alias``, with bound ``params``) filters
    rows (not deleted, visible to the reader...): it is the caller's own SQL text,
    never user input; keep it cheap per row (a subquery that does not depend on the
    row is computed once).  At most the newest ``window`` matches are ranked (None:
    all); snippets are made for the ``limit`` best only.
    """
    index, base, alias = _name(index), _name(table), _name(table_alias)
    if session.dialect.name == "postgresql":
        from teamspace.store.core.postgres import search as server

        ranked, partial = server.hits(
            session, index=index, table=base, query=query, limit=limit,
            snippet_column=snippet_column, where=where, params=dict(params or {}),
            alias=alias, marks=(MARK_START, MARK_END), window=window)
        served: Ranked[Hit] = Ranked(ranked)
        served.partial = partial
        return served
    values = dict(params or {})
    values.update(col=int(snippet_column), start=MARK_START, end=MARK_END,
                  match=fts_expression(query), limit=max(1, min(int(limit), 10_000)),
                  floor=0)
    partial = False
    if window is not None:
        # The index walks its matches newest first without ranking them: cheap.
        row = session.one(f"SELECT rowid FROM {index} WHERE {index} MATCH :match "
                          "ORDER BY rowid DESC LIMIT 1 OFFSET :skip",
                          {"match": values["match"], "skip": max(1, int(window))})
        if row is not None:
            values["floor"], partial = int(row["rowid"]) + 1, True
    # Rank inside a bounded set first, then make snippets for the winners only; CROSS
    # JOIN keeps the winners as the outer loop (each snippet is one lookup by rowid).
    sql = (f"WITH best AS (SELECT {index}.rowid AS id, bm25({index}) AS rank "
           f"FROM {index} JOIN {base} {alias} ON {alias}.id = {index}.rowid "
           f"WHERE {index} MATCH :match AND {index}.rowid >= :floor "
           f"{('AND ' + where) if where else ''} ORDER BY rank, id DESC LIMIT :limit) "
           f"SELECT best.id AS id, best.rank AS rank, snippet({index}, :col, :start, :end, "
           f"'…', 16) AS snippet FROM best CROSS JOIN {index} ON {index}.rowid = best.id "
           f"WHERE {index} MATCH :match ORDER BY best.rank, best.id DESC")
    found: Ranked[Hit] = Ranked(Hit(int(r["id"]), float(r["rank"]), str(r["snippet"] or ""))
                                for r in session.all(sql, values))
    found.partial = partial
    return found


def marked_spans(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, for a renderer to style."""
    pieces: list[tuple[str, bool]] = []
    inside = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if part == MARK_START:
            inside = True
        elif part == MARK_END:
            inside = False
        elif part:
            pieces.append((part, inside))
    return pieces
