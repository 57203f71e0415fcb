"""The full-text search seam: the query language, FTS5 indexes kept in step by
triggers, ranking, snippets, and hostile queries that never reach the engine as syntax."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamspace.errors import InvalidInput
from teamspace.store.core import search
from teamspace.store.core.connection import Workspace
from teamspace.store.core.session import Session

BACKENDS = ("sqlite", "postgres")  # conftest: each test also runs on a server


@pytest.fixture
def indexed(workspace: Workspace, backend: str) -> Workspace:
    key = "INTEGER PRIMARY KEY" if backend == "sqlite" else "SERIAL PRIMARY KEY"

    def body(session: Session) -> None:
        session.execute(f"CREATE TABLE doc (id {key}, title TEXT, body TEXT, "
                        "deleted_at TEXT)")
        for title, body in [("Release notes", "Déploiement of 2.4 went fine"),
                            ("Lunch", "ramen at noon, release the kraken"),
                            ("Offsite", "book the venue; agenda draft"),
                            ("Drafts", "draft draft draft release")]:
            session.execute("INSERT INTO doc (title, body) VALUES (:t, :b)",
                            {"t": title, "b": body})
        search.create_index(session, index="doc_fts", table="doc", columns=["title", "body"])

    workspace.write(body, kind="test.setup")
    return workspace


def find(ws: Workspace, text: str, **kwargs: object) -> list[int]:
    query = search.parse(text)
    return [h.id for h in ws.read(lambda s: search.hits(
        s, index="doc_fts", table="doc", query=query, **kwargs))]  # type: ignore[arg-type]


def test_words_phrases_prefixes_exclusions_and_or(indexed: Workspace) -> None:
    assert set(find(indexed, "release")) == {1, 2, 4}
    assert find(indexed, "deploiement") == [1]  # accents and case ignored
    assert find(indexed, '"release notes"') == [1]
    assert set(find(indexed, "rel*")) == {1, 2, 4}
    assert set(find(indexed, "release -draft")) == {1, 2}
    assert set(find(indexed, "ramen OR venue")) == {2, 3}
    assert find(indexed, "release draft")[0] == 4  # bm25: the most drafty first


def test_index_follows_inserts_updates_and_deletes(indexed: Workspace) -> None:
    indexed.write(lambda s: s.execute("UPDATE doc SET body = 'nothing here' WHERE id = 3"),
                  kind="t")
    assert find(indexed, "venue") == []
    indexed.write(lambda s: s.execute("INSERT INTO doc (title, body) VALUES ('Venue', 'x')"),
                  kind="t")
    assert find(indexed, "venue") == [5]
    indexed.write(lambda s: s.execute("DELETE FROM doc WHERE id = 5"), kind="t")
    assert find(indexed, "venue") == []


def test_where_filters_and_snippets_mark_the_match(indexed: Workspace) -> None:
    indexed.write(lambda s: s.execute("UPDATE doc SET deleted_at = 'x' WHERE id = 2"), kind="t")
    assert set(find(indexed, "release", where="t.deleted_at IS NULL")) == {1, 4}
    [hit] = indexed.read(lambda s: search.hits(s, index="doc_fts", table="doc",
                                               query=search.parse("ramen"), snippet_column=1))
    assert search.marked_spans(hit.snippet)[0] == ("ramen", True)


@pytest.mark.parametrize("text", ["", "   ", "-draft", "!!! ???", '""'])
def test_nothing_to_search_for_is_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidInput, match="nothing to search for"):
        search.parse(text)


def test_accents_case_and_separators_match_alike(indexed: Workspace) -> None:
    indexed.write(lambda s: s.execute(
        "INSERT INTO doc (title, body) VALUES ('E-Mail CAFÉ', 'naïve_approach x')"), kind="t")
    assert find(indexed, "cafe") == [5]
    assert find(indexed, '"e mail"') == [5]
    assert find(indexed, "e-mail") == [5]
    assert find(indexed, "naive approach") == [5]
    assert find(indexed, "naïve_app*") == [5]


def test_ranking_prefers_more_and_denser_matches(indexed: Workspace) -> None:
    indexed.write(lambda s: s.execute(
        "INSERT INTO doc (title, body) VALUES ('kraken', 'kraken kraken'), "
        "('a long text about many other things and once a kraken', 'and more words "
        "that dilute the one match of it in here')"), kind="t")
    assert find(indexed, "kraken") == [5, 2, 6]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "*-():^{}NOTORAND\\\'\x00é')), max_size=40))
@pytest.mark.sqlite_only
def test_no_typed_query_is_an_engine_error(text: str) -> None:
    """Whatever is typed: a clear InvalidInput, or a valid FTS5 expression."""
    import sqlite3

    try:
        query = search.parse(text)
    except InvalidInput:
        return
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(a)")
    con.execute("SELECT * FROM f WHERE f MATCH ?", (search.fts_expression(query),))


@pytest.mark.postgres_only
def test_no_typed_query_is_a_server_error(workspace: Workspace) -> None:
    """The same on PostgreSQL: every parsed query is a valid tsquery."""
    from hypothesis import HealthCheck

    from teamspace.store.core.postgres import search as server

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(alphabet=st.sampled_from(list('ab "*-():^{}NOTORAND\\\'\x00é&|!<>')),
                   max_size=40))
    def check(text: str) -> None:
        try:
            query = search.parse(text)
        except InvalidInput:
            return
        expression = server.tsquery(query)
        workspace.read(lambda s: s.scalar("SELECT to_tsquery('simple', :q)",
                                          {"q": expression}) if expression else None)

    check()


def _old_server_index(session: Session) -> None:
    # What create_index made before the words were stored: a GIN over an expression.
    session.execute("ALTER TABLE doc DROP COLUMN doc_fts_words")
    session.execute(
        "CREATE FUNCTION doc_fts_document(t doc) RETURNS tsvector LANGUAGE sql IMMUTABLE "
        "AS $$ SELECT to_tsvector('teamspace_search'::regconfig, regexp_replace("
        "coalesce(t.title, '') || ' ' || coalesce(t.body, ''), '[^[:alnum:]]+', ' ', "
        "'g')) $$")
    session.execute("CREATE INDEX doc_fts ON doc USING gin (doc_fts_document(doc))")


def test_upgrading_an_index_keeps_results_and_stores_the_words(indexed: Workspace,
                                                                backend: str) -> None:
    """On a server an older expression index becomes a stored column + GIN (same
    hits, same order, kept in step afterwards); on a file the step changes nothing."""
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    if backend == "postgres":
        indexed.write(_old_server_index, kind="test.setup")
        before = None
    else:
        before = indexed.read(lambda s: [tuple(r) for r in s.all(schema)])
    expected = {"release": [4, 2, 1], "draft": [4, 3], "deploiement": [1]}
    for _run in range(2):  # a step runs again safely
        indexed.write(lambda s: search.upgrade_index(
            s, index="doc_fts", table="doc", columns=["title", "body"]), kind="test.up")
        assert {text: find(indexed, text) for text in expected} == expected
    indexed.write(lambda s: s.execute("UPDATE doc SET body = 'venue' WHERE id = 2"), kind="t")
    assert set(find(indexed, "venue")) == {2, 3}
    assert 2 not in find(indexed, "ramen OR kraken")
    if backend == "sqlite":
        assert indexed.read(lambda s: [tuple(r) for r in s.all(schema)]) == before
        return
    definition = indexed.read(lambda s: s.scalar(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'doc_fts'"))
    assert "gin (doc_fts_words)" in definition
    assert indexed.read(lambda s: s.scalar(
        "SELECT count(*) FROM pg_proc WHERE proname = 'doc_fts_document'")) == 0
    # The stored words are the server's own: never copied, never written.
    assert "doc_fts_words" not in [c[0] for c in indexed.read(
        lambda s: s.dialect.columns(s, "doc"))]
