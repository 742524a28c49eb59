"""Pages written by import_library's bulk path behave like pages made in the admin: listing, search, editing."""

import io
import json

import pytest
from django.db import connection
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from library.importing import pool, scan, validate
from library.importing import write as bulk_write
from library.models import CaseStudyPage, LibraryPage, MethodPage
from safety.guard import page_text
from safety.models import AnonymityCheck
from search.models import IndexEntry
from tests.factories.library import create_admin, library_index
from tests.library.test_import_library import PHONE, line, reviewed, run, run_capturing, write
from tests.search.test_vectors import TRIGGER_VECTOR

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_imported_pages_carry_what_the_admin_would_set(tmp_path):
    run(write(tmp_path, [line(n) for n in range(3)]), "--publish")
    index = library_index()
    pages = list(LibraryPage.objects.child_of(index).specific())
    assert len({page.translation_key for page in pages}) == 3
    for page in pages:
        assert page.url_path == f"{index.url_path}{page.slug}/"
        assert page.locale_id == index.locale_id
        assert page.draft_title == page.title
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at == page.last_published_at is not None
        assert page.specific_class is type(page)
        assert list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)) == ["wagtail.create"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_the_library_listing_shows_an_import_at_once_with_its_facets(tmp_path, client):
    client.get("/library/")  # builds this process's in-memory listing summary
    run(write(tmp_path, [line(n) for n in range(6)]), "--publish")
    response = client.get("/library/?country=TH")
    assert {page.title for page in response.context["listing"].page.object_list} == {
        "Recruitment through a fake job offer 0",
        "ការជួញដូរមនុស្សតាមព្រំដែន 3",
    }
    response = client.get("/library/?crime=forced-labour&language=th")
    assert [page.title for page in response.context["listing"].page.object_list] == ["การค้ามนุษย์ในเรือประมง 1"]


def test_wagtail_admin_search_finds_imported_pages(tmp_path, client):
    run(write(tmp_path, [line(n) for n in range(3)]), "--publish")
    client.force_login(create_admin(), MODEL_BACKEND)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "fake job offer"})
    assert "Recruitment through a fake job offer 0" in response.content.decode()
    assert "Buôn bán người qua biên giới 2" not in response.content.decode()
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "biên giới"})
    assert "Buôn bán người qua biên giới 2" in response.content.decode()
    assert "Recruitment through a fake job offer 0" not in response.content.decode()


def test_an_imported_case_study_is_edited_and_published_in_the_admin_then_reimported(tmp_path, client):
    path = write(tmp_path, [line(0)])
    run(path, "--publish")
    page = CaseStudyPage.objects.get(import_key="id:demo-0")
    client.force_login(create_admin(), MODEL_BACKEND)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    assert data["title"] == "Recruitment through a fake job offer 0"
    data["title"] = "Edited after the import"
    data["detection"] = rich_text("<p>A labour inspection.</p>")
    # StreamFields are drawn by JavaScript, so their inputs are not in the HTML: post what the editor would.
    data.update(nested_form_data({"sources": streamfield([("source", {"title": "Field report 0", "url": ""})])}))
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Body of page 0.</p>"))])}))
    assert client.post(url, data).status_code == 302
    # Under the review workflow the editor's Publish is refused; the administrator publishes with a reason.
    override = reverse("safety_publish_without_review", args=[page.pk])
    assert client.post(override, {"reason": "Correction of an imported case."}).status_code == 302
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.title == "Edited after the import" and page.live and page.live_revision_id
    assert sorted((role.country.code, role.role) for role in page.country_roles.all()) == [
        ("KH", "origin"),
        ("TH", "destination"),
    ]
    assert IndexEntry.objects.get(doc_id=f"page:{page.pk}").title == "Edited after the import"

    run(write(tmp_path, [line(0, title="Imported once more")], "again.jsonl"), "--publish")
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.title == "Imported once more"
    assert page.live_revision_id == page.latest_revision_id
    assert page.get_latest_revision_as_object().title == "Imported once more"
    assert "Imported once more" in client.get(url).content.decode()
    assert LibraryPage.objects.count() == 1
    entry = PageLogEntry.objects.filter(page=page).order_by("-pk").first()
    assert (entry.action, entry.revision_id) == ("wagtail.edit", page.latest_revision_id)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200 and "Imported once more" in history.content.decode()


def test_new_identifying_details_for_a_live_page_become_a_draft_and_the_live_text_stays(tmp_path, client):
    run(write(tmp_path, [line(0)]), "--publish")
    page = CaseStudyPage.objects.get(import_key="id:demo-0")
    out, _, error = run_capturing(write(tmp_path, [line(0, summary=PHONE)], "b.jsonl"), "--publish", "--drafts")
    assert error is None and "1 updated, 0 published, 1 drafts" in out
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.live and page.summary == "Summary of imported page 0." and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary == PHONE
    assert IndexEntry.objects.get(doc_id=f"page:{page.pk}").summary == "Summary of imported page 0."
    assert "234 5678" not in client.get(page.url).content.decode()
    assert AnonymityCheck.objects.get(page_id=page.pk).open_count == 1


def test_reimporting_without_publish_leaves_live_pages_live_with_a_draft(tmp_path):
    run(write(tmp_path, [line(1)]), "--publish")
    run(write(tmp_path, [line(1, title="A draft title")], "b.jsonl"))
    page = MethodPage.objects.get(import_key="id:demo-1")
    assert page.live and page.title == TITLE_1 and page.draft_title == "A draft title"
    assert page.get_latest_revision_as_object().title == "A draft title"


TITLE_1 = "การค้ามนุษย์ในเรือประมง 1"


def test_the_import_checks_the_very_text_the_publish_guard_checks(tmp_path):
    body = "First line of <b>evidence</b>\nsecond line\n\nA new paragraph &amp; more"
    objects = [line(0, body=body), line(1, body=f"<p>{body}</p><ul><li>one</li><li>two</li></ul>"), line(2)]
    run(write(tmp_path, objects), "--publish")
    items, errors = validate.validate([json.dumps(obj) for obj in objects], scan_anonymity=False)
    assert not errors
    for item in items:
        page = LibraryPage.objects.get(import_key=item.key).specific
        checked = {text for text in scan.anonymity_text(item.title, item.summary, item.body_html).values() if text}
        assert {text for text in page_text(page).values() if text} == checked


def test_a_finding_deep_in_a_large_file_is_reported_with_its_line_number(tmp_path):
    objects = [line(n) for n in range(1, 301)]
    objects[249] = line(250, summary=PHONE)
    _, err, error = run_capturing(write(tmp_path, objects), "--publish")
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("line 250: anonymization check: summary: phone '+66 81 234 5678'")
    assert error and LibraryPage.objects.count() == 0


def test_tags_are_shared_without_regard_to_case(tmp_path):
    Tag.objects.create(name="Imported")
    run(write(tmp_path, [line(0), line(1, tags=["IMPORTED", "imported", "new tag"])]), "--publish")
    assert Tag.objects.filter(name__iexact="imported").count() == 1
    assert sorted(LibraryPage.objects.get(import_key="id:demo-1").tags.names()) == ["Imported", "new tag"]


def test_a_failure_half_way_leaves_the_earlier_chunks_unsaved(tmp_path, monkeypatch):
    run(write(tmp_path, [line(0), line(1)]), "--publish")
    monkeypatch.setattr(bulk_write, "CHUNK", 1)
    changed = [line(0, title="Changed title"), line(1, type="case-study", countries=["KH"])]
    _, _, error = run_capturing(write(tmp_path, changed, "b.jsonl"), "--publish")
    assert error == "type: line 2 was imported before as another type; nothing was imported."
    assert LibraryPage.objects.get(import_key="id:demo-0").title == "Recruitment through a fake job offer 0"


def test_a_large_import_analyzed_in_worker_processes_is_indexed_as_one_page_at_a_time_would_be(tmp_path):
    from search.documents import build
    from search.models import IndexEntry as Entry

    count = pool.PARALLEL_FROM + 10
    run(write(tmp_path, [line(n) for n in range(count)]), "--publish")
    assert Entry.objects.count() == count
    for key in ("id:demo-1", "id:demo-3", f"id:demo-{count - 1}"):
        page = LibraryPage.objects.get(import_key=key).specific
        stored = Entry.objects.get(doc_id=f"page:{page.pk}")
        fresh = Entry.from_document(build(page))
        fields = ["title", "summary", "text", "title_words", "title_grams", "body_words", "body_folded", "body_grams"]
        assert [getattr(stored, name) for name in fields] == [getattr(fresh, name) for name in fields]


def test_chunks_indexed_while_the_next_is_written_leave_every_page_indexed_as_it_ends_up(tmp_path, monkeypatch):
    """On PostgreSQL a chunk's site index entries are written after the next chunk's pages (the workers analyse
    meanwhile), the first and last chunks one scan task long: every line is written once, and a method the next
    chunk's case study uses is indexed as it ends up, not as its own chunk left it."""
    from search.documents import build

    monkeypatch.setattr(bulk_write, "CHUNK", 50)
    count = 2 * scan.SCAN_CHUNK + 60  # chunks of 100, 30, 30 and 100 lines when pipelined
    assert bulk_write.chunk_bounds(count, pipelined=True) == [(0, 100), (100, 130), (130, 160), (160, 260)]
    lines = [line(n) for n in range(count)]
    lines[207] = line(
        207, related_methods=["demo-151"]
    )  # a case study of the last chunk uses a method of the one before
    run(write(tmp_path, lines), "--publish")
    assert IndexEntry.objects.count() == LibraryPage.objects.count() == count
    fields = ["title", "summary", "text", "labels", "title_words", "body_words", "label_words"]
    for page in LibraryPage.objects.specific():
        stored = IndexEntry.objects.get(doc_id=f"page:{page.pk}")
        fresh = IndexEntry.from_document(build(page))
        assert [getattr(stored, name) for name in fields] == [getattr(fresh, name) for name in fields], page.slug
    user = LibraryPage.objects.get(import_key="id:demo-207").specific
    assert list(user.related_methods.values_list("import_key", flat=True)) == ["id:demo-151"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's")
def test_a_large_import_on_postgresql_stores_the_vectors_its_workers_built_as_the_database_would(tmp_path):
    count = pool.PARALLEL_FROM + 10
    lines = [line(n) for n in range(count)]
    run(write(tmp_path, lines), "--publish")
    run(write(tmp_path, [{**item, "summary": f"Updated summary {n}."} for n, item in enumerate(lines)]), "--publish")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT doc_id FROM search_indexentry WHERE search_vector IS DISTINCT FROM ({TRIGGER_VECTOR})")  # noqa: S608
        assert cursor.fetchall() == []
    assert IndexEntry.objects.count() == count
    assert IndexEntry.objects.filter(summary__startswith="Updated summary").count() == count


def test_the_command_shows_progress_and_a_summary(tmp_path):
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    args = reviewed((write(tmp_path, [line(n) for n in range(3)]), "--publish"))
    call_command("import_library", *args, stdout=out, stderr=err)
    assert "3/3" in err.getvalue()
    assert out.getvalue().startswith("Checking 3 lines…")
    assert "3 created, 0 updated, 3 published, 0 drafts, 3 in the search index." in out.getvalue()
