"""Wagtail's admin search backend (frontline.admin_search): the editor finds pages; on PostgreSQL its bulk write
stores exactly the rows modelsearch's own would."""

import pytest
from django.db import connection
from modelsearch.backends.database.postgres import postgres
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from frontline import admin_search
from library.models import CaseStudyPage, MethodPage
from tests.factories.library import create_case_study, create_method

pytestmark = pytest.mark.django_db

COLUMNS = ("title", "autocomplete", "body", "title_norm", "title_text", "body_text")


def pages():
    return [
        create_case_study(title="Fishing boat crew held at sea", summary="Crew were kept on board for months."),
        create_case_study(title="Recruited through a fake job advert", summary="  "),
        create_method(title="Interviewing a suspected victim", purpose="Establish the facts <b>gently</b>."),
    ]


def entries(objects):
    """Return the admin search rows of these pages, column by column, as PostgreSQL stores them."""
    rows = {}
    for page in objects:
        entry = IndexEntry.objects.get(object_id=str(page.pk), content_type__model=type(page)._meta.model_name)
        rows[page.pk] = {
            column: str(getattr(entry, column)) if column != "title_norm" else entry.title_norm for column in COLUMNS
        }
    return rows


def test_the_editors_search_finds_pages_by_title_and_by_text():
    made = pages()
    backend = get_search_backend()
    for page in made:
        backend.add(page)
    found = backend.search("fishing", Page.objects.all())
    assert [page.pk for page in found] == [made[0].pk]
    assert made[2].pk in [page.pk for page in backend.search("gently", Page.objects.all())]
    assert [page.title for page in backend.autocomplete("Interv", Page.objects.all())] == [made[2].title]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the faster bulk write is PostgreSQL's")
def test_bulk_write_stores_the_rows_modelsearch_stores():
    made = pages()
    backend = get_search_backend()
    assert isinstance(backend, admin_search.PostgresSearchBackend)
    stock = postgres.PostgresSearchBackend({})
    by_model = {CaseStudyPage: [p for p in made if isinstance(p, CaseStudyPage)], MethodPage: [made[2]]}
    # Both writes start from the same table: a title norm is refreshed only while it is 1.0 (modelsearch), so rows
    # left by the pages' own indexing would keep the norms of that earlier moment.
    IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in made]).delete()
    for model, objects in by_model.items():
        stock.get_index_for_model(model).add_items(model, objects)
    theirs = entries(made)
    IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in made]).delete()
    for model, objects in by_model.items():
        backend.get_index_for_model(model).add_items(model, objects)
    assert entries(made) == theirs
