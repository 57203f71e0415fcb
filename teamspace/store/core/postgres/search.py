"""Full-text search on the server: ``tsvector`` + a GIN index, the query language of
store/core/search.py, and a ranking that agrees with SQLite's bm25 on what matters.

- A text search configuration ``teamspace_search`` (a copy of ``simple``: no stemming,
  like FTS5's unicode61) that also strips accents through the ``unaccent`` extension
  when the server has it, so ``deploiement`` finds "Déploiement" as on SQLite.
- Documents are normalised as FTS5's tokenizer sees them: anything that is not a
  letter or a digit separates words (``e-mail`` → ``e mail``), so phrases and
  prefixes match the same words on both databases.
- Each index is a stored ``tsvector`` column ``<index>_words`` on its table
  (``GENERATED ALWAYS AS … STORED``: the server keeps it in step with every insert and
  update, no trigger), a GIN index ``<index>`` on it, and a SQL function
  ``<index>_column(t, n)`` (column n for the snippet; all of them for n < 0, as FTS5
  picks the best).  Stored, not an expression index: ranking reads the words instead
  of re-parsing every match, and the planner, which costs that re-parsing at almost
  nothing, no longer filters row by row instead of asking the index.  The column is
  the server's own (``transfer`` skips generated columns, a file never has it).
- Rank: ``ts_rank`` with length normalisation (1 + log of the document length), the
  role bm25 plays; returned negated, so lower is better, as on SQLite; past the
  caller's window only the newest matches are ranked, as on SQLite.  Snippets:
  ``ts_headline`` around the match, for the winners only, marked with the same
  private-use characters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamspace.store.core.search import Hit, Query, Term
    from teamspace.store.core.session import Session

CONFIG = "teamspace_search"
# What separates words on both databases: not a letter, not a digit.
_SEPARATOR = r"[^[:alnum:]]+"
_WORD_SPLIT = re.compile(r"[\W_]+")


def _ensure_config(session: Session) -> None:
    if session.scalar("SELECT 1 FROM pg_ts_config WHERE cfgname = :c", {"c": CONFIG}):
        return
    session.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    has_unaccent = session.scalar(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    if has_unaccent:
        # A trusted extension since PostgreSQL 13: a database owner may create it.
        session.execute("SAVEPOINT unaccent")
        try:
            session.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except Exception:
            session.execute("ROLLBACK TO SAVEPOINT unaccent")
            has_unaccent = None
        else:
            session.execute("RELEASE SAVEPOINT unaccent")
    if has_unaccent:
        session.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
                        "asciiword, word, numword, asciihword, hword, numhword, "
                        "hword_asciipart, hword_part, hword_numpart WITH unaccent, simple")


def words_column(index: str) -> str:
    """The stored ``tsvector`` column of ``index`` on its table."""
    return f"{index}_words"


def create_index(session: Session, *, index: str, table: str, columns: list[str]) -> None:
    """The stored words, the GIN index and the snippet function of a full-text index
    (idempotent).  An index made by an older teamspace (a GIN over the expression
    ``<index>_document(t)``) is replaced by one over the stored column."""
    _ensure_config(session)
    column = words_column(index)
    # to_tsvector(regconfig, text) and regexp_replace are immutable, as a generated
    # column needs; the configuration's unaccent dictionary is fixed once made.
    words = " || ' ' || ".join(f"coalesce(CAST({c} AS text), '')" for c in columns)
    picks = ", ".join(f"CAST(t.{c} AS text)" for c in columns)
    # n < 0: every column (FTS5's "the best column"; ts_headline picks the fragment).
    session.execute(
        f"CREATE OR REPLACE FUNCTION {index}_column(t {table}, n integer) RETURNS text "
        f"LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN n < 0 THEN concat_ws(' ', {picks}) "
        f"ELSE (ARRAY[{picks}])[n + 1] END $$")
    session.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} tsvector GENERATED ALWAYS "
        f"AS (to_tsvector('{CONFIG}'::regconfig, regexp_replace({words}, '{_SEPARATOR}', "
        "' ', 'g'))) STORED")
    over_expression = session.scalar(
        "SELECT indexprs IS NOT NULL FROM pg_index WHERE indexrelid = "
        "to_regclass(CAST(:i AS text))", {"i": index})
    if over_expression:
        session.execute(f"DROP INDEX {index}")
    session.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column})")
    session.execute(f"DROP FUNCTION IF EXISTS {index}_document({table})")
    if over_expression:
        # The planner's word statistics for the new column: without them it guesses
        # how many rows a word matches, and may filter row by row again.
        session.execute(f"ANALYZE {table}")


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def _term(term: Term) -> str:
    words = [w for w in _WORD_SPLIT.split(term.text.lower()) if w]
    parts = [_lexeme(w) for w in words]
    if term.prefix and parts:
        parts[-1] += ":*"
    joined = " <-> ".join(parts)
    return f"({joined})" if len(parts) > 1 else joined


def tsquery(query: Query) -> str:
    """The ``to_tsquery`` text for a parsed query (every word quoted as a lexeme)."""
    groups = []
    for group in query.groups:
        alternatives = " | ".join(_term(t) for t in group if _term(t))
        if alternatives:
            groups.append(f"({alternatives})" if len(group) > 1 else alternatives)
    expression = " & ".join(groups)
    for term in query.excluded:
        if _term(term):
            expression = f"({expression}) & !{_term(term)}"
    return expression


def hits(session: Session, *, index: str, table: str, query: Query, limit: int,
         snippet_column: int, where: str, params: dict[str, object], alias: str,
         marks: tuple[str, str], window: int | None) -> tuple[list[Hit], bool]:
    """The server's :func:`teamspace.store.core.search.hits`: (hits, partial)."""
    from teamspace.store.core.search import Hit

    text = tsquery(query)
    if not text:
        return [], False
    words = f"{alias}.{words_column(index)}"
    matches = f"{words} @@ to_tsquery('{CONFIG}'::regconfig, :match)"
    floor, partial = 0, False
    if window is not None:
        # As on SQLite: past ``window`` matches only the newest are ranked (the GIN
        # index finds the matches; ids are compared, no rank computed).
        # (``id + 0``: ordered by the key's index, the planner could walk it testing
        # every row's words — every row, for a rare word — instead of asking GIN.)
        row = session.one(f"SELECT {alias}.id AS id FROM {table} {alias} WHERE {matches} "
                          f"ORDER BY {alias}.id + 0 DESC LIMIT 1 OFFSET :skip",
                          {"match": text, "skip": max(1, int(window))})
        if row is not None:
            floor, partial = int(row["id"]) + 1, True
    options = (f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords=16, MinWords=6, "
               "MaxFragments=1, FragmentDelimiter=…")
    # Rank first, then headlines for the winners only (ts_headline re-parses the text).
    sql = (f"WITH q AS (SELECT to_tsquery('{CONFIG}'::regconfig, :match) AS q), "
           f"best AS (SELECT {alias}.id AS id, "
           f"-ts_rank({words}, q.q, 1) AS rank "
           f"FROM {table} {alias}, q WHERE {words} @@ q.q "
           f"AND {alias}.id >= :floor {('AND ' + where) if where else ''} "
           "ORDER BY rank, id DESC LIMIT :limit) "
           f"SELECT best.id AS id, best.rank AS rank, ts_headline('{CONFIG}'::regconfig, "
           f"{index}_column({alias}, :col), q.q, :options) AS snippet "
           f"FROM best JOIN {table} {alias} ON {alias}.id = best.id, q "
           "ORDER BY best.rank, best.id DESC")
    values = dict(params)
    values.update(match=text, col=int(snippet_column), options=options, floor=floor,
                  limit=max(1, min(int(limit), 10_000)))
    return [Hit(int(r["id"]), float(r["rank"]), str(r["snippet"] or ""))
            for r in session.all(sql, values)], partial
