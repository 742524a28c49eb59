"""Related terms in the other content languages: the editors' glossary turns one language's query into the others'.

An officer searching ค้ามนุษย์ is offered "human trafficking", "mua bán người", ការជួញដូរមនុស្ស and ການຄ້າມະນຸດ,
each with the number of results it finds for that reader; a term that finds nothing the reader may open is
not offered, so the list never hints at restricted material.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from textproc import pipeline as textproc

MIN_PARTIAL = 4
TERMS_TRIED = 2


@dataclass(frozen=True)
class RelatedTerm:
    """A term of another language for the same idea, and how many results it finds for the reader."""

    language: str
    term: str
    count: int


@lru_cache(maxsize=4096)  # every query is compared with every glossary term: segment each term once
def key(text: str) -> str:
    """Return the comparison form of a term or query: normalized, folded, without spaces."""
    return "".join(textproc.fold(token) for token in textproc.tokenize(text))


def _matches(query_key: str, term_key: str) -> bool:
    if not term_key:
        return False
    return term_key in query_key or (len(query_key) >= MIN_PARTIAL and query_key in term_key)


def concept_for(text: str, concepts) -> tuple[object, set[str]] | None:
    """Return the concept whose term the query names (the longest such term wins) and the languages it matched in."""
    query_key = key(text)
    if not query_key:
        return None
    best = None
    for concept in concepts:
        score, languages = 0, set()
        for language in concept.LANGUAGES:
            for term in concept.terms(language):
                term_key = key(term)
                if _matches(query_key, term_key):
                    score = max(score, len(term_key))
                    languages.add(language)
        if score and (best is None or score > best[0]):
            best = (score, concept, languages)
    return None if best is None else (best[1], best[2])


def related_terms(text: str, count: Callable[[str], int], concepts=None) -> list[RelatedTerm]:
    """Return the first term of each other language that finds something (count(term) > 0) for the query's concept."""
    if concepts is None:
        from search.models import GlossaryConcept

        concepts = list(GlossaryConcept.objects.all())
    found = concept_for(text, concepts)
    if found is None:
        return []
    concept, languages = found
    query_key = key(text)
    related = []
    for language in concept.LANGUAGES:
        if language in languages:
            continue
        for term in concept.terms(language)[:TERMS_TRIED]:
            if key(term) == query_key:
                continue
            n = count(term)
            if n:
                related.append(RelatedTerm(language, term, n))
                break
    return related
