"""Publishing, unpublishing, editing, moving, deleting and restricting pages keeps the embedded index in step."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from safety.permits import data_load
from search.indexing import apply
from search.models import IndexEntry, OutboxEntry
from tests.factories.accounts import create_working_group, restrict_to_groups, restrict_to_members
from tests.factories.library import create_case_study, create_method, create_resource, library_index

pytestmark = pytest.mark.django_db


def entry(page):
    return IndexEntry.objects.filter(doc_id=f"page:{page.pk}").first()


def test_publishing_indexes_the_page_with_its_facets_and_text():
    page = create_case_study(
        title="Fishing crew held at sea",
        summary="Crew recruited by a broker.",
        modus_operandi="<p>Debt bondage on <b>long-haul</b> vessels.</p>",
        crimes=["forced-labour"],
        tags=["fishing"],
    )
    indexed = entry(page)
    assert indexed is not None
    assert (indexed.kind, indexed.title, indexed.url, indexed.language) == (
        "case-study",
        "Fishing crew held at sea",
        page.url,
        "en",
    )
    assert indexed.countries == ["KH", "TH"]
    assert indexed.crime_types == ["forced-labour"]
    assert indexed.tags == ["fishing"]
    assert indexed.year == 2023
    assert indexed.audience == ["public"]
    assert "Debt bondage on long-haul vessels." in indexed.text
    assert "<b>" not in indexed.text


def test_methods_and_resources_are_indexed_too():
    method = create_method(title="Screening at the checkpoint")
    resource = create_resource(title="Indicator card")
    assert entry(method).kind == "method"
    assert entry(resource).kind == "resource"


def test_drafts_are_never_indexed():
    page = create_case_study(title="Unfinished draft case", publish=False)
    assert entry(page) is None


def test_unpublishing_removes_the_page():
    page = create_case_study(title="Soon withdrawn")
    page.unpublish()
    assert entry(page) is None


def test_republishing_an_edit_updates_the_document():
    page = create_case_study(title="First title")
    page.title = "Corrected title"
    with data_load("test data"):
        page.save_revision().publish()
    assert entry(page).title == "Corrected title"
    assert IndexEntry.objects.filter(doc_id=f"page:{page.pk}").count() == 1


def test_deleting_removes_the_page():
    page = create_case_study(title="To be deleted")
    doc_id = f"page:{page.pk}"
    page.delete()
    assert not IndexEntry.objects.filter(doc_id=doc_id).exists()


def test_moving_updates_the_address():
    page = create_case_study(title="Moved case")
    archive = library_index().get_parent().add_child(instance=Page(title="Archive", slug="archive"))
    page.move(archive, pos="last-child")
    assert entry(page).url == f"/archive/{page.slug}/"


def test_members_only_restriction_changes_the_audience_of_the_subtree():
    page = create_case_study(title="Soon restricted")
    restriction = restrict_to_members(library_index())
    assert entry(page).audience == ["members"]
    restriction.delete()
    assert entry(page).audience == ["public"]


def test_group_restriction_gives_the_group_token():
    page = create_case_study(title="Partner group only")
    group = create_working_group("Mekong liaison")
    restrict_to_groups(page, [group])
    assert entry(page).audience == [f"group:{group.pk}"]


def test_page_published_under_a_restriction_is_indexed_with_it():
    restrict_to_members(library_index())
    page = create_case_study(title="Born restricted")
    assert entry(page).audience == ["members"]


def test_no_outbox_entries_without_an_external_engine():
    create_case_study(title="Embedded only")
    assert OutboxEntry.objects.count() == 0


@override_settings(SEARCH_URL="http://127.0.0.1:9")
def test_external_engine_gets_every_change_through_the_outbox():
    page = create_case_study(title="Queued for the cluster")
    page.unpublish()
    operations = list(OutboxEntry.objects.values_list("doc_id", "operation"))
    assert (f"page:{page.pk}", "index") in operations
    assert operations[-1] == (f"page:{page.pk}", "delete")


def test_apply_with_nothing_writes_nothing():
    apply()
    assert IndexEntry.objects.count() == 0
