"""On PostgreSQL the embedded index inserts each entry with its tsvector built in Python (search.vectors): the
vector is the one the database's trigger builds from the same fields, and an entry the builder leaves to the
trigger still gets it."""

import pytest
from django.db import connection

from search.backends.embedded import EmbeddedEngine
from search.documents import SearchDocument, analyzed_fields
from search.vectors import tsvector_literal
from tests.search.conformance import CORPUS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's"),
]

TRIGGER_VECTOR = """
    search_terms_vector(title_words, 'A') || search_terms_vector(title_folded, 'A')
    || search_terms_vector(title_grams, 'A') || search_terms_vector(body_words, 'B')
    || search_terms_vector(body_folded, 'B') || search_terms_vector(body_grams, 'B')
    || search_terms_vector(label_words, 'C') || search_terms_vector(label_folded, 'C')
    || search_terms_vector(label_grams, 'C')"""


def crafted(doc_id, **fields):
    """Return a document whose analysed fields are given as they are (the rest empty)."""
    return SearchDocument(
        id=doc_id,
        kind="case-study",
        title=doc_id,
        url=f"/{doc_id}/",
        language="en",
        given_analysis={name: fields.get(name, "") for name in analyzed_fields()},
    )


EDGE_CASES = [
    # a term repeated beyond 256 positions, in one field and across fields
    crafted("repeated", title_words=" ".join(["boat"] * 300), body_words=" ".join(["boat", "crew"] * 200)),
    # positions beyond 16,383: capped, in a field and after the shift of the fields before it
    crafted("long", body_words=" ".join(f"w{n % 900}" for n in range(17000)), label_words="late word late"),
    crafted("shifted", title_words="a " * 9000, body_grams=" ".join(["gram"] * 9000), label_grams="gram tail"),
    # double and leading spaces count as positions (string_to_array), empty fields, a field of one term
    crafted("spaces", title_words=" lead  double   gap", body_folded="x", label_words=""),
    crafted("empty"),
    crafted("thai", title_words="การ ค้า มนุษย์", body_grams="ค้า้ามนุ มนุษ", label_words="ค้า trafficking ค้า"),
]


def stored_and_trigger_vectors():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT doc_id, search_vector = ({TRIGGER_VECTOR}), search_vector::text FROM search_indexentry")  # noqa: S608
        return {doc_id: (same, text) for doc_id, same, text in cursor.fetchall()}


def test_inserted_vectors_are_the_triggers_own():
    engine = EmbeddedEngine()
    engine.index([*CORPUS, *EDGE_CASES])
    rows = stored_and_trigger_vectors()
    assert set(rows) == {document.id for document in [*CORPUS, *EDGE_CASES]}
    assert [doc_id for doc_id, (same, _text) in rows.items() if not same] == []
    assert rows["long"][1].count(":") > 0 and "16383" in rows["long"][1]
    assert rows["empty"][1] == ""


def test_an_entry_left_to_the_trigger_still_gets_its_vector():
    quoted = crafted("quoted", title_words="o'brien boat")
    assert tsvector_literal(quoted.analyzed) is None
    EmbeddedEngine().index([quoted])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_vector IS NOT NULL, search_vector = ({TRIGGER_VECTOR}) FROM search_indexentry")  # noqa: S608
        assert cursor.fetchall() == [(True, True)]


def test_an_update_recomputes_the_vector():
    document = crafted("changed", title_words="first words")
    EmbeddedEngine().index([document])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_indexentry SET title_words = 'second words'")
        cursor.execute("SELECT search_vector::text FROM search_indexentry")
        assert cursor.fetchone()[0] == "'second':1A 'words':2A"


def test_the_entries_long_columns_are_lz4_compressed_when_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        (has_lz4,) = cursor.fetchone()
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'search_indexentry'::regclass"
            " AND attname IN ('body_grams', 'search_vector', 'text')"
        )
        compression = dict(cursor.fetchall())
    assert compression == dict.fromkeys(["body_grams", "search_vector", "text"], "l" if has_lz4 else "")
