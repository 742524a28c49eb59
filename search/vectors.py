"""The PostgreSQL tsvector of an index entry, built in Python as the database's trigger builds it.

The trigger (search/migrations/0008, 0009) turns each analysed field into a vector with
``search_terms_vector(terms, weight)`` (term positions in the field, capped at 16,383) and concatenates the nine
fields, title A, body B, label C; a concatenation shifts the right vector's positions by the left one's highest.
Done in SQL that took about 2.7 ms an entry (an import's biggest statement); this builds the same vector as a
tsvector literal in Python, so the bulk insert passes it and the trigger leaves it as given. The rules copied are
PostgreSQL's (tsvector.c uniquePos, tsvector_op.c tsvector_concat/add_pos): a lexeme keeps at most 256 distinct
positions, ascending, and none after 16,383. tests/search/test_vectors.py compares the two on PostgreSQL.
"""

from __future__ import annotations

from search.documents import analyzed_fields

MAX_POSITION = 16383  # MAXENTRYPOS - 1
MAX_POSITIONS = 256  # MAXNUMPOS
MAX_LEXEME_BYTES = 2046  # longer lexemes make PostgreSQL raise; the trigger builds (and refuses) those vectors
SECTION_CLASSES = {"title": "A", "body": "B", "label": "C"}


def _field_positions(terms: str) -> dict[str, list[int]]:
    """Return the positions of each term of one field, as search_terms_vector(terms, …)::tsvector keeps them."""
    found: dict[str, list[int]] = {}
    for position, term in enumerate(terms.split(" "), 1):
        if term:
            found.setdefault(term, []).append(min(position, MAX_POSITION))
    for term, positions in found.items():
        kept: list[int] = []
        for position in positions:  # ascending already
            if kept and position == kept[-1]:
                continue
            kept.append(position)
            if len(kept) >= MAX_POSITIONS or position == MAX_POSITION:
                break
        found[term] = kept
    return found


def tsvector_literal(analyzed: dict[str, str]) -> str | None:
    """Return the tsvector literal of an entry's analysed fields, or None when only the trigger may build it (a term
    holding a quote or a backslash, or too long for a lexeme)."""
    values = [(analyzed.get(name) or "", weight) for name, weight in _field_classes()]
    if any("'" in value or "\\" in value for value, _weight in values):
        return None
    # Most entries reach neither limit: every term's position is its place after the fields before it.
    vector: dict[str, list[str]] = {}
    highest = 0
    for value, weight in values:
        terms = value.split(" ")
        if highest + len(terms) > MAX_POSITION:
            return _literal(_capped(values))
        last = 0
        for position, term in enumerate(terms, highest + 1):
            if term:
                found = vector.get(term)
                if found is None:
                    vector[term] = [f"{position}{weight}"]
                else:
                    found.append(f"{position}{weight}")
                last = position
        highest = last or highest
    if any(len(found) > MAX_POSITIONS for found in vector.values()):
        return _literal(_capped(values))
    return _literal(vector)


def document_vector(document) -> str | None:
    """Return the tsvector literal of a document: the one given it (``SearchDocument.given_vector``, built in an
    import's worker processes with tsvector_literal), else built now."""
    if document.given_vector is not None:
        return document.given_vector
    return tsvector_literal(document.analyzed)


def _field_classes() -> list[tuple[str, str]]:
    """Return (analysed field, weight class) in the trigger's order."""
    return [(name, SECTION_CLASSES[name.split("_")[0]]) for name in analyzed_fields()]


def _capped(values: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Return each term's positions (with class) under PostgreSQL's limits, field by field as the trigger concatenates."""
    vector: dict[str, list[tuple[int, str]]] = {}
    highest = 0
    for value, weight in values:
        shift = highest
        for term, positions in _field_positions(value).items():
            kept = vector.setdefault(term, [])
            for position in positions:
                if len(kept) >= MAX_POSITIONS or (kept and kept[-1][0] == MAX_POSITION):
                    break
                kept.append((min(position + shift, MAX_POSITION), weight))
                highest = max(highest, kept[-1][0])
    return {term: [f"{position}{weight}" for position, weight in kept] for term, kept in vector.items()}


def _literal(vector: dict[str, list[str]]) -> str | None:
    """Return the literal of terms with their positions, or None when a term is too long for a lexeme."""
    long = vector and max(map(len, vector)) * 4 > MAX_LEXEME_BYTES  # at most 4 bytes a character
    if long and any(len(term.encode()) > MAX_LEXEME_BYTES for term in vector):
        return None
    return " ".join(f"'{term}':{','.join(found)}" for term, found in vector.items())
