"""Wagtail's admin search backend (frontline.admin_search): the editor finds pages; its bulk write (PostgreSQL and
SQLite) stores exactly the rows modelsearch's own would, for new pages and pages indexed before."""

import pytest
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from modelsearch.backends import database
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from frontline.admin_search import PostgresIndex
from library.importing import write as bulk_write
from library.models import LibraryPage
from tests.factories.library import create_case_study, create_method
from tests.library.test_import_library import line, run
from tests.library.test_import_library import write as write_lines

pytestmark = pytest.mark.django_db

COLUMNS = [
    name
    for name in ("title", "autocomplete", "body", "title_norm", "title_text", "body_text")
    if name in {field.name for field in IndexEntry._meta.get_fields()}
]  # title_text and body_text exist on PostgreSQL only


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


def fts_rows(objects):
    """Return the FTS5 rows (title, body, autocomplete) of these pages' admin search entries on SQLite, else {}."""
    if connection.vendor != "sqlite":
        return {}
    entries = dict(IndexEntry.objects.filter(object_id__in=[str(p.pk) for p in objects]).values_list("pk", "object_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, title, body, autocomplete FROM wagtailsearch_indexentry_fts WHERE rowid IN"  # noqa: S608
            f" ({', '.join(['%s'] * len(entries))})",
            list(entries),
        )
        return {entries[rowid]: row for rowid, *row in cursor.fetchall()}


def write(backend, objects):
    """Write the admin search rows of these pages with one backend's add_items, model by model."""
    by_model = {}
    for page in objects:
        by_model.setdefault(type(page), []).append(page)
    for model, items in by_model.items():
        backend.get_index_for_model(model).add_items(model, items)


def edit(objects, suffix):
    """Change the pages' titles and summaries in memory (as an import of changed lines does before indexing)."""
    for page in objects:
        page.title = f"{page.title.split(' ~ ')[0]} ~ {suffix}"
        if hasattr(page, "summary"):
            page.summary = f"Revised {suffix}."


def test_bulk_write_stores_the_rows_modelsearch_stores():
    made = pages()
    backend = get_search_backend()
    # frontline.admin_search's own backend (its SQLite module can be imported only on SQLite)
    assert type(backend).__module__ in ("frontline.admin_search", "frontline.admin_search_sqlite")
    stock = database.SearchBackend({})  # modelsearch's own choice for this database
    assert type(stock) is not type(backend)
    ids = [str(page.pk) for page in made]
    results = []
    for writer in (stock, backend):
        # Both writes start from the same table: a title norm is refreshed only while it is 1.0 (modelsearch), so
        # rows left by the pages' own indexing would keep the norms of that earlier moment.
        IndexEntry.objects.filter(object_id__in=ids).delete()
        edit(made, "first")
        write(writer, made)
        first = entries(made), fts_rows(made)
        edit(made, "second")  # the same pages again: rows indexed before are updated in place
        write(writer, made)
        results.append((first, (entries(made), fts_rows(made))))
    assert results[1] == results[0]
    assert "second" in results[1][1][0][made[0].pk]["title"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the title norms are modelsearch's PostgreSQL index's")
def test_an_import_in_chunks_refreshes_the_title_norms_once_at_the_end(tmp_path, monkeypatch):

    refreshes = []
    refresh = PostgresIndex._refresh_title_norms
    monkeypatch.setattr(
        PostgresIndex, "_refresh_title_norms", lambda self, **kw: refreshes.append(1) or refresh(self, **kw)
    )
    monkeypatch.setattr(bulk_write, "CHUNK", 2)
    run(write_lines(tmp_path, [line(n) for n in range(7)]), "--publish")  # 4 chunks of 3 kinds
    assert len(refreshes) == 1
    titled = IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0)
    average = titled.aggregate(Avg("length"))["length__avg"]
    ids = [str(pk) for pk in LibraryPage.objects.filter(import_key__startswith="id:demo-").values_list("pk", flat=True)]
    rows = list(titled.filter(object_id__in=ids))
    assert len(rows) == 7
    assert all(row.title_norm == pytest.approx(average / row.length) for row in rows)
