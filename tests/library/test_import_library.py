"""manage.py import_library: validation of every line first, one transaction, no duplicates on re-import."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import ADMINISTRATOR
from library.models import CaseStudyPage, LibraryPage, MethodPage, ResourcePage
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from search.models import IndexEntry
from tests.factories.accounts import create_user
from tests.factories.library import library_index

pytestmark = pytest.mark.django_db
IMPORT_ADMINISTRATOR = "import-administrator@example.org"

LANGUAGES = ["en", "th", "vi", "km", "lo"]
TITLES = {
    "en": "Recruitment through a fake job offer {n}",
    "th": "การค้ามนุษย์ในเรือประมง {n}",
    "vi": "Buôn bán người qua biên giới {n}",
    "km": "ការជួញដូរមនុស្សតាមព្រំដែន {n}",
    "lo": "ການຄ້າມະນຸດຢູ່ຊາຍແດນ {n}",
}


def line(n, **overrides):
    """Return the JSON object of one import line."""
    kind = ("case-study", "method", "resource")[n % 3]
    language = LANGUAGES[n % 5]
    data = {
        "type": kind,
        "id": f"demo-{n}",
        "title": TITLES[language].format(n=n),
        "summary": f"Summary of imported page {n}.",
        "body": "" if kind == "resource" else f"<p>Body of page {n} with <b>bold</b> text.</p><script>x()</script>",
        "language": language,
        "countries": ["KH", {"code": "TH", "role": "destination"}] if kind == "case-study" else ["LA"],
        "crime_types": ["forced-labour"],
        "year": 2000 + n % 25,
        "tags": ["imported", f"batch-{n % 4}"],
        "source": f"https://example.org/source/{n}" if kind == "resource" else f"Field report {n}",
    }
    data.update(overrides)
    return data


def write(tmp_path, objects, name="pages.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False) for obj in objects))
    return str(path)


def reviewed(args):
    """Return the command's arguments with --publish as an administrator's recorded override of the review.

    These tests are about importing; tests/safety/test_review_guard.py covers --publish under the review workflow.
    """
    if "--publish" not in args:
        return args
    if not get_user_model().objects.filter(email=IMPORT_ADMINISTRATOR).exists():
        create_user(ADMINISTRATOR, email=IMPORT_ADMINISTRATOR)
    return (
        *args,
        "--without-review",
        "Reviewed before the import (test data).",
        "--administrator",
        IMPORT_ADMINISTRATOR,
    )


def run(*args):
    call_command("import_library", *reviewed(args), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


def run_capturing(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_library", *reviewed(args), "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def test_imports_every_type_as_drafts_by_default(tmp_path):
    out, _, error = run_capturing(write(tmp_path, [line(n) for n in range(6)]))
    assert error is None
    assert "6 created" in out
    pages = LibraryPage.objects.child_of(library_index())
    assert pages.count() == 6 and not pages.filter(live=True).exists()
    assert CaseStudyPage.objects.count() == 2 and MethodPage.objects.count() == 2 and ResourcePage.objects.count() == 2
    assert IndexEntry.objects.count() == 0


def test_published_pages_are_browsable_and_searchable(tmp_path, client):
    run(write(tmp_path, [line(n) for n in range(6)]), "--publish")
    case = CaseStudyPage.objects.get(import_key="id:demo-0")
    assert case.live and case.url.startswith("/library/")
    assert sorted((r.country.code, r.role) for r in case.country_roles.all()) == [
        ("KH", "origin"),
        ("TH", "destination"),
    ]
    assert sorted(case.countries.values_list("code", flat=True)) == ["KH", "TH"]
    assert sorted(case.tags.names()) == ["batch-0", "imported"]
    assert client.get(case.url).status_code == 200
    assert "<script>" not in str(case.body.render_as_block())
    resource = ResourcePage.objects.get(import_key="id:demo-2")
    assert resource.link == "https://example.org/source/2"
    results = EmbeddedEngine().search(SearchQuery(text="ค้ามนุษย์"))
    # The Thai page says it; the others are coded with a trafficking crime type, whose Thai name says it too.
    assert [hit.title for hit in results.hits][0] == "การค้ามนุษย์ในเรือประมง 1"
    assert IndexEntry.objects.count() == 6


def test_the_library_tree_stays_consistent(tmp_path):
    from library.models import LibraryIndexPage

    run(write(tmp_path, [line(n) for n in range(5)]), "--publish")
    index = LibraryIndexPage.objects.get()
    assert index.numchild == 5
    assert [page.title for page in index.get_children()][:1] == ["Recruitment through a fake job offer 0"]
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])


def test_reimporting_the_same_file_creates_no_duplicates(tmp_path):
    path = write(tmp_path, [line(n) for n in range(9)])
    run(path, "--publish")
    run(path, "--publish")
    assert LibraryPage.objects.count() == 9
    assert IndexEntry.objects.count() == 9


def test_reimport_updates_changed_lines(tmp_path):
    run(write(tmp_path, [line(1)]), "--publish")
    run(write(tmp_path, [line(1, title="A better title")], "second.jsonl"), "--publish")
    assert list(LibraryPage.objects.filter(import_key="id:demo-1").values_list("title", flat=True)) == [
        "A better title"
    ]
    assert IndexEntry.objects.get().title == "A better title"


def test_lines_without_id_are_keyed_by_source_and_title(tmp_path):
    objects = [line(n, id=None) for n in range(3)]
    run(write(tmp_path, objects), "--publish")
    run(write(tmp_path, objects), "--publish")
    assert LibraryPage.objects.count() == 3


def test_a_bad_country_on_line_1337_of_2000_is_reported_and_nothing_is_imported(tmp_path):
    objects = [line(n) for n in range(1, 2001)]
    objects[1336] = line(1337, countries=["KH", "XX"])
    _, err, error = run_capturing(write(tmp_path, objects), "--publish")
    assert err.strip().splitlines() == ["line 1337: countries: unknown country code 'XX'"]
    assert "1 invalid line(s); nothing was imported" in error
    assert LibraryPage.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"type": "novel"}, "line 1: type: unknown type 'novel' (use one of: case-study, method, resource)"),
        ({"title": ""}, "line 1: title: is required"),
        ({"year": "soon"}, "line 1: year: 'soon' is not a year between 1900 and 2100"),
        ({"language": "fr"}, "line 1: language: unknown language 'fr' (use one of: en, km, lo, th, vi)"),
        ({"crime_types": ["piracy"]}, "line 1: crime_types: unknown crime type 'piracy'"),
        (
            {"countries": [{"code": "TH", "role": "hub"}]},
            "line 1: countries: unknown role 'hub' for 'TH' (use one of: origin, transit, destination)",
        ),
        ({"countries": []}, "line 1: countries: a case study needs at least one country"),
        ({"colour": "red"}, "line 1: colour: unknown field"),
    ],
)
def test_each_invalid_line_is_explained(tmp_path, overrides, message):
    objects = [line(3, **overrides)] if "type" in overrides else [line(0, **overrides)]
    _, err, error = run_capturing(write(tmp_path, objects))
    assert err.strip() == message
    assert error


def test_broken_json_and_duplicate_ids_are_reported_with_line_numbers(tmp_path):
    _, err, _ = run_capturing(write(tmp_path, [line(0), "{not json", line(0)]))
    lines = err.strip().splitlines()
    assert lines[0].startswith("line 2: not valid JSON")
    assert lines[1] == "line 3: id: the same page as line 1 (same id, or same source and title)"


def test_a_missing_file_is_a_clear_error():
    _, _, error = run_capturing("/nonexistent/pages.jsonl")
    assert error.startswith("Cannot read /nonexistent/pages.jsonl")


PHONE = "Call the broker on +66 81 234 5678 for details."


def test_lines_with_identifying_details_are_refused(tmp_path):
    _, err, error = run_capturing(write(tmp_path, [line(0), line(1, summary=PHONE)]), "--publish")
    assert err.strip().startswith("line 2: anonymization check: summary:")
    assert "--drafts" in err
    assert error and LibraryPage.objects.count() == 0


def test_with_drafts_such_lines_are_imported_unpublished(tmp_path):
    run(write(tmp_path, [line(0), line(1, summary=PHONE)]), "--publish", "--drafts")
    assert LibraryPage.objects.get(import_key="id:demo-0").live
    assert not LibraryPage.objects.get(import_key="id:demo-1").live
    assert list(IndexEntry.objects.values_list("doc_id", flat=True)) == [
        f"page:{LibraryPage.objects.get(import_key='id:demo-0').pk}"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "line 2: not valid JSON (nested too deeply)"),
        (json.dumps(line(5, title="Raid\u0000report")), "line 2: title: contains a NUL character (\\u0000)"),
        (json.dumps(line(5, body="<p>a\u0000b</p>")), "line 2: body: contains a NUL character (\\u0000)"),
        (json.dumps(line(5, tags=["x\u0000"])), "line 2: tags: 'x\u0000' is not a tag"),
        (json.dumps(line(5, body="word " * 50_000)), "line 2: body: is longer than 200,000 characters"),
        (json.dumps(line(5, summary="s", body="<p>" + "x" * 1_000_001 + "</p>")), "line 2: longer than 1,000,000"),
    ],
)
def test_hostile_lines_get_a_line_numbered_message_and_nothing_is_imported(tmp_path, raw, message):
    _, err, error = run_capturing(write(tmp_path, [line(0), raw]), "--publish")
    assert err.strip().startswith(message)
    assert "nothing was imported" in error
    assert LibraryPage.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("library.management.commands.import_library.MAX_FILE_BYTES", 1000)
    _, _, error = run_capturing(write(tmp_path, [line(n) for n in range(10)]))
    assert "import files of at most" in error and "split it into several files" in error
    assert LibraryPage.objects.count() == 0


def import_queries(path):
    """Return the SQL statements of importing a file (published), without Wagtail's admin search row updates.

    On SQLite Wagtail's admin search backend updates an existing page's entry with one statement per page.
    """
    with CaptureQueriesContext(connection) as captured:
        run(path, "--publish")
    return [query["sql"] for query in captured.captured_queries if "wagtailsearch_indexentry" not in query["sql"]]


def test_an_import_asks_the_database_per_chunk_not_per_page(tmp_path):
    # Lines that leave the pick-lists, provinces, method links and legal bases out: their pages' relations are read
    # (or, new, known empty) for the whole chunk. 30 lines take about the queries of 6, new and as updates.
    small = write(tmp_path, [line(n) for n in range(6)], "small.jsonl")
    large = write(tmp_path, [line(n) for n in range(100, 130)], "large.jsonl")
    new_small, new_large = import_queries(small), import_queries(large)
    again_small, again_large = import_queries(small), import_queries(large)
    assert LibraryPage.objects.count() == 36
    assert len(new_large) - len(new_small) < 10
    assert len(again_large) - len(again_small) < 10
