"""Every field a reader sees on a library page is searchable, and its taxonomy names in all five languages."""

import io

import pytest
from django.core.management import call_command

from library.models import Country, CrimeType, MethodLegalBasis, RecruitmentChannel, TagNames
from safety.permits import data_load
from search import rebuild, service
from search.models import IndexEntry, IndexState
from tests.factories.library import create_case_study, create_method, create_resource

pytestmark = pytest.mark.django_db

LAW_KH = "Law on Suppression of Human Trafficking and Sexual Exploitation (2008)"


def titles(text, **kwargs):
    """Return the titles an anonymous reader finds for a text."""
    return [hit.title for hit in service.search(text, page_size=50, **kwargs).hits]


@pytest.fixture
def method():
    return create_method(
        title="Controlled delivery",
        countries=("KH",),
        legal_bases=[MethodLegalBasis(country=Country.objects.get(code="KH"), basis=LAW_KH)],
    )


@pytest.fixture
def case():
    page = create_case_study(
        title="Workers held on a plantation",
        crimes=("forced-marriage",),
        tags=("plantation",),
        sources=[("source", {"title": "Annual review of labour inspections", "publisher": "Quarrytown Institute"})],
        outcome_status="conviction",
        victim_age_band="under-18",
        sentence="Nine years' imprisonment",
    )
    page.recruitment_channels = [RecruitmentChannel.objects.get(slug="broker")]
    with data_load("test data"):
        page.save_revision().publish()
    return page


def test_a_law_named_in_a_methods_legal_basis_finds_the_method(method):
    assert titles("Suppression") == ["Controlled delivery"]


def test_sources_sentence_and_channels_of_a_case_study_are_searchable(case):
    assert titles("Quarrytown") == ["Workers held on a plantation"]
    assert titles("inspections") == ["Workers held on a plantation"]
    assert titles("imprisonment") == ["Workers held on a plantation"]
    assert titles(RecruitmentChannel.objects.get(slug="broker").name_km) == ["Workers held on a plantation"]


def test_crime_type_and_country_names_in_every_language_find_the_english_page(case):
    crime = CrimeType.objects.get(slug="forced-marriage")
    for name in (crime.name, crime.name_km, crime.name_lo, crime.name_th, crime.name_vi):
        assert "Workers held on a plantation" in titles(name), name
    assert "Workers held on a plantation" in titles(Country.objects.get(code="KH").name_lo)


def test_outcome_and_age_band_are_found_in_the_readers_languages(case):
    assert titles("ศาลพิพากษาลงโทษ") == ["Workers held on a plantation"]  # "Conviction" in Thai
    assert "Workers held on a plantation" in titles("Under 18")


def test_publisher_and_kind_of_a_resource_are_searchable():
    create_resource(title="Pocket guide", publisher="Riverside Training Board", resource_kind="law")
    assert titles("Riverside") == ["Pocket guide"]
    assert titles("กฎหมายหรือระเบียบ") == ["Pocket guide"]  # "Law or regulation" in Thai


def test_a_page_coded_with_a_crime_type_ranks_below_a_page_that_says_it():
    create_case_study(title="Workers held at sea", crimes=("forced-marriage",))
    create_case_study(
        title="Case notes", summary="She was sold into a forced marriage by a broker.", crimes=("forced-labour",)
    )
    assert titles("forced marriage")[:2] == ["Case notes", "Workers held at sea"]


def test_renaming_a_taxonomy_entry_reindexes_the_pages_coded_with_it(case, method):
    crime = CrimeType.objects.get(slug="forced-marriage")
    crime.name_km = "ឈ្មោះថ្មីសាកល្បង"
    crime.save()
    assert titles("ឈ្មោះថ្មីសាកល្បង") == ["Workers held on a plantation"]
    country = Country.objects.get(code="KH")
    country.name_vi = "Vương quốc Quarrystan"
    country.save()
    assert set(titles("Quarrystan")) == {"Workers held on a plantation", "Controlled delivery"}
    names, _created = TagNames.objects.get_or_create(tag=case.tags.get())
    names.name_lo = "ສວນຢາງທົດລອງ"
    names.save()
    assert titles("ສວນຢາງທົດລອງ") == ["Workers held on a plantation"]


def test_migrate_rebuilds_an_index_built_by_an_older_document_builder(method):
    # As the first document builder stored it: no legal basis in the text, no labels.
    blank = dict.fromkeys(["text", "body_words", "body_folded", "body_grams", "label_words", "label_folded"], "")
    IndexEntry.objects.update(labels=[], label_grams="", **blank)
    IndexState.objects.filter(key=rebuild.VERSIONS).update(value={"page": 1})
    assert titles("Suppression") == []
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "rebuilding the embedded index" in out.getvalue()
    assert titles("Suppression") == ["Controlled delivery"]
    assert not rebuild.outdated()
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "rebuilding" not in out.getvalue()
