"""Related terms: a search in one language offers the glossary's terms in the others that find something."""

import pytest

from accounts.roles import EDITOR
from search import glossary
from search.models import GlossaryConcept
from tests.factories.accounts import create_user, restrict_to_members
from tests.factories.library import create_case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    create_case_study(
        title="Thai fishing case",
        language="th",
        summary="พบขบวนการค้ามนุษย์ข้ามชาติบนเรือประมง",
        countries=(("TH", "destination"),),
    )
    create_case_study(
        title="Đường dây mua bán người",
        language="vi",
        summary="Đối tượng mua bán người qua biên giới.",
        countries=(("VN", "origin"),),
    )
    create_case_study(
        title="Human trafficking on the Mekong",
        summary="A human trafficking network moved workers by boat.",
        countries=(("LA", "transit"),),
    )
    khmer = create_case_study(
        title="Khmer restricted case",
        language="km",
        summary="ករណីការជួញដូរមនុស្សតាមព្រំដែន",
        countries=(("KH", "origin"),),
    )
    restrict_to_members(khmer)


def related(response):
    """Return {language: term} of the related terms on a search page."""
    return {item["language"]: item["term"] for item in response.context["related"]}


def test_the_seeded_glossary_ties_the_issues_thai_query_to_its_concept():
    concept, languages = glossary.concept_for("ค้ามนุษย์", GlossaryConcept.objects.all())
    assert concept.name == "human trafficking"
    assert languages == {"th"}
    concept, languages = glossary.concept_for("buon ban nguoi", GlossaryConcept.objects.all())
    assert concept.name == "human trafficking"
    assert languages == {"vi"}
    assert glossary.concept_for("weather report", GlossaryConcept.objects.all()) is None


def test_a_thai_search_offers_the_vietnamese_and_english_terms_with_counts(client, library):
    response = client.get("/search/", {"q": "ค้ามนุษย์"})
    assert related(response) == {"en": "human trafficking", "vi": "mua bán người"}
    content = response.content.decode()
    assert "The same in other languages" in content
    assert 'href="?q=mua+b%C3%A1n+ng%C6%B0%E1%BB%9Di"' in content
    assert 'lang="vi"' in content


def test_a_term_found_only_in_restricted_pages_is_offered_only_to_readers_who_may_open_them(client, library):
    anonymous = related(client.get("/search/", {"q": "human trafficking"}))
    assert "km" not in anonymous
    client.force_login(create_user())
    member = related(client.get("/search/", {"q": "human trafficking"}))
    assert member["km"] == "ការជួញដូរមនុស្ស"


def test_the_api_lists_related_terms(client, library):
    data = client.get("/api/search/", {"q": "mua bán người"}).json()
    assert {"language": "th", "term": "การค้ามนุษย์", "count": 1} in data["related"]
    assert all(item["language"] != "vi" for item in data["related"])


def test_no_related_terms_for_queries_outside_the_glossary(client, library):
    assert related(client.get("/search/", {"q": "Mekong"})) == {}


def test_an_editor_adds_a_concept_in_the_admin_and_searches_use_it(client, library):
    client.force_login(create_user(EDITOR), "django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/admin/snippets/search/glossaryconcept/add/",
        {"name": "Mekong river", "en": "Mekong", "th": "แม่น้ำโขง\nโขง", "vi": "sông Mê Kông", "km": "", "lo": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    listing = client.get("/admin/snippets/search/glossaryconcept/", {"q": "Mekong"})
    assert "Mekong river" in listing.content.decode()
    create_case_study(title="Thai river case", language="th", summary="การลักลอบข้ามแม่น้ำโขงในเวลากลางคืน")
    assert related(client.get("/search/", {"q": "Mekong"})) == {"th": "แม่น้ำโขง"}
