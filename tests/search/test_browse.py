"""search.service.browse: the faceted browse without text that the library listing, home page and feed read."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from search import service
from search.documents import SearchDocument
from search.indexing import apply

pytestmark = pytest.mark.django_db

START = datetime(2024, 1, 1, tzinfo=UTC)


def doc(n, kind="case-study", countries=("TH",), audience=("public",), language="en"):
    """Return a document numbered n, newer as n grows."""
    return SearchDocument(
        id=f"page:{n}" if kind != "discussion" else f"thread:{n}",
        kind=kind,
        title=f"Document {n}",
        url=f"/d/{n}/",
        language=language,
        countries=list(countries),
        year=2020 + n % 3,
        date=START + timedelta(days=n),
        audience=list(audience),
    )


@pytest.fixture
def indexed():
    apply(
        [
            doc(1, countries=["TH", "LA"]),
            doc(2, kind="method", countries=["KH"]),
            doc(3, countries=["LA"], audience=["members"]),
            doc(4, kind="discussion", countries=["LA"], audience=["public"]),
            doc(5, countries=["LA"], language="lo"),
        ]
    )


def test_newest_first_within_the_kinds_asked_for(indexed):
    found = service.browse(user=AnonymousUser(), kinds=["case-study", "method"])
    assert found.total == 3
    assert found.newest(0, 10) == ["page:5", "page:2", "page:1"]
    assert found.newest(1, 1) == ["page:2"]
    assert found.facets["type"] == {"case-study": 2, "method": 1}  # the discussion is outside the kinds
    assert found.facets["country"] == {"LA": 2, "TH": 1, "KH": 1}


def test_or_within_a_facet_and_across_facets_with_disjunctive_counts(indexed):
    found = service.browse(
        {"country": ["LA", "KH"], "language": ["en"]}, user=AnonymousUser(), kinds=["case-study", "method"]
    )
    assert found.newest(0, 10) == ["page:2", "page:1"]
    assert found.facets["country"] == {"LA": 1, "TH": 1, "KH": 1}  # counted under the language filter only
    assert found.facets["language"] == {"en": 2, "lo": 1}  # counted under the country filter only


def test_restricted_documents_are_absent_from_totals_and_counts(indexed):
    found = service.browse({"country": ["LA"]}, user=AnonymousUser(), kinds=["case-study"])
    assert found.total == 2 and "page:3" not in found.newest(0, 10)
    assert found.audience == frozenset({"public"})


def test_counting_can_be_left_out_and_unknown_facets_are_refused(indexed):
    found = service.browse({"type": ["case-study"]}, user=AnonymousUser(), counted=())
    assert found.facets == {} and found.total == 2
    with pytest.raises(ValueError, match="unknown facets"):
        service.browse({"colour": ["red"]}, user=AnonymousUser())
