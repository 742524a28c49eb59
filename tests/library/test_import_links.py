"""import_library lines name their address, the pages they translate or use, their audience, documents, sources
and body blocks: each checked with a line-numbered message, and a refused file saves nothing."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from accounts.roles import PARTICIPANT, officer_groups
from library.importing import write as write_module
from library.models import CaseStudyPage, LibraryDocument, LibraryPage, MethodPage, ResourcePage
from safety.permits import data_load
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from tests.factories.accounts import create_user, create_working_group
from tests.factories.library import pdf_with_text
from tests.library.test_import_library import line, run, run_capturing, write

pytestmark = pytest.mark.django_db


def method(n=1, **overrides):
    return line(n, **overrides)


def case(n=0, **overrides):
    return line(n, **overrides)


def resource(n=2, **overrides):
    return line(n, **overrides)


def test_lines_name_their_address_their_original_and_their_methods(tmp_path, client):
    original = method(1, slug="first-interview", language="en", title="The first interview")
    translation = method(4, slug="km-first-interview", translation_of="demo-1")
    story = case(0, slug="river-crossing", language="en", related_methods=["demo-1", "demo-4"])
    run(write(tmp_path, [original, translation, story]), "--publish")
    first = MethodPage.objects.get(slug="first-interview")
    assert first.url == "/library/first-interview/"
    assert LibraryPage.objects.get(slug="km-first-interview").translation_of_id == first.pk
    assert first.search_description == first.summary
    page = CaseStudyPage.objects.get(slug="river-crossing")
    assert sorted(page.related_methods.values_list("slug", flat=True)) == ["first-interview", "km-first-interview"]
    assert "The first interview" in client.get(page.url).content.decode()
    # A later file names pages of an earlier import by their ids; a re-import keeps the address.
    later = case(3, translation_of="demo-0", language="th", related_methods=["demo-1"])
    run(write(tmp_path, [later, method(1, slug="another-address", language="en")], "b.jsonl"), "--publish")
    assert CaseStudyPage.objects.get(import_key="id:demo-3").translation_of_id == page.pk
    assert MethodPage.objects.get(import_key="id:demo-1").slug == "first-interview"


def test_references_and_addresses_are_checked_line_by_line(tmp_path):
    lines = [
        case(0, related_methods=["demo-1"]),  # line 1: names line 2
        method(1),
        method(4, translation_of="nowhere"),
        case(3, related_methods=["demo-0"]),  # a case study, not a method
        method(7, translation_of="demo-1", language="vi"),  # line 5: demo-1 is in Thai... (n=1 -> th)
        method(10, translation_of="demo-10"),
        method(13, slug="two words"),
        method(16, slug="same"),
        method(19, slug="same"),
        method(22, translation_of="demo-1", language="th"),
    ]
    _out, err, error = run_capturing(write(tmp_path, lines))
    assert "invalid line(s); nothing was imported" in error
    assert "line 1: related_methods: 'demo-1' is line 2, after this one; put the line it names first" in err
    assert "line 3: translation_of: no line before this one, and no page imported before, has the id 'nowhere'" in err
    assert "line 4: related_methods: 'demo-0' is a case-study, not a method" in err
    assert "line 5:" not in err
    assert "line 6: translation_of: a page cannot be a translation of itself" in err
    assert "line 7: slug: 'two words' is not a slug" in err
    assert "line 9: slug: 'same' is the slug of line 8 too" in err
    assert "line 10: translation_of: 'demo-1' is in th too; a translation is in another language" in err
    assert not LibraryPage.objects.exists()


def test_a_slug_taken_by_another_page_is_refused(tmp_path):
    run(write(tmp_path, [method(1, slug="taken")]))
    _out, err, _error = run_capturing(write(tmp_path, [method(4, slug="taken")], "b.jsonl"))
    assert "line 1: slug: 'taken' is already the address of another library page" in err
    assert LibraryPage.objects.count() == 1


def test_audience_restricts_pages_before_they_are_indexed_and_a_reimport_changes_it(tmp_path, client):
    group = create_working_group("Mekong task force")
    lines = [
        case(0, audience="members"),
        method(1, audience="officers"),
        resource(2, audience={"groups": ["Mekong task force"]}),
        case(3, audience="public"),
    ]
    run(write(tmp_path, lines), "--publish")
    restriction = {
        page.import_key: (r.restriction_type, set(r.groups.all()))
        for page in LibraryPage.objects.all()
        for r in PageViewRestriction.objects.filter(page=page)
    }
    assert restriction == {
        "id:demo-0": (PageViewRestriction.LOGIN, set()),
        "id:demo-1": (PageViewRestriction.GROUPS, set(officer_groups())),
        "id:demo-2": (PageViewRestriction.GROUPS, {group}),
    }
    assert client.get(CaseStudyPage.objects.get(import_key="id:demo-0").url).status_code == 404
    visible = set(LibraryPage.objects.visible_to(AnonymousUser()).values_list("import_key", flat=True))
    assert visible == {"id:demo-3"}
    hits = EmbeddedEngine().search(SearchQuery(text="imported page")).hits
    assert [hit.title for hit in hits] == [CaseStudyPage.objects.get(import_key="id:demo-3").title]
    member = create_user(PARTICIPANT)
    assert "id:demo-0" in set(LibraryPage.objects.visible_to(member).values_list("import_key", flat=True))

    run(write(tmp_path, [case(0, audience="public"), method(1), case(3, audience="members")], "b.jsonl"), "--publish")
    restricted = set(PageViewRestriction.objects.values_list("page__librarypage__import_key", flat=True))
    assert restricted == {"id:demo-1", "id:demo-2", "id:demo-3"}  # a line without audience leaves it as it is


def test_an_unknown_audience_or_group_is_refused(tmp_path):
    lines = [case(0, audience="everyone"), method(1, audience={"groups": ["Nobody's group"]})]
    _out, err, _error = run_capturing(write(tmp_path, lines))
    assert "line 1: audience: give one of public, members, officers, or" in err
    assert "line 2: audience: no group named 'Nobody's group'" in err


def test_a_resource_attaches_its_document_once_and_readers_download_it(tmp_path, client):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "checklist.pdf").write_bytes(pdf_with_text("Checkpoint screening checklist"))
    line_ = resource(2, source="", document={"file": "files/checklist.pdf", "title": "Screening checklist"})
    run(write(tmp_path, [line_]), "--publish")
    page = ResourcePage.objects.get()
    assert page.document.title == "Screening checklist" and page.link == ""
    assert page.document.extracted_text == "Checkpoint screening checklist"
    download = client.get(page.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert [hit.title for hit in EmbeddedEngine().search(SearchQuery(text="checklist")).hits] == [page.title]
    run(write(tmp_path, [line_], "again.jsonl"), "--publish")
    assert LibraryDocument.objects.count() == 1
    (tmp_path / "files" / "checklist.pdf").write_bytes(pdf_with_text("Checkpoint screening checklist, 2nd edition"))
    run(write(tmp_path, [line_], "again.jsonl"), "--publish")
    assert ResourcePage.objects.get().document.extracted_text.endswith("2nd edition")


def test_document_paths_and_files_are_checked(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"plain text, not a PDF")
    outside = tmp_path.parent / "outside.pdf"
    outside.write_bytes(pdf_with_text("Outside"))
    lines = [
        resource(2, source="", document={"file": "../outside.pdf"}),
        resource(5, source="", document={"file": "missing.pdf"}),
        resource(8, source="", document={"file": "notes.pdf"}),
        resource(11, source="", document="notes.pdf"),
        resource(14, source=""),
    ]
    _out, err, _error = run_capturing(write(tmp_path, lines))
    assert "line 1: document: '../outside.pdf' is not inside the folder of the import file" in err
    assert "line 2: document: no file 'missing.pdf' next to the import file" in err
    assert "line 3: document: 'notes.pdf': This file is not a PDF or Word (DOCX) document" in err
    assert 'line 4: document: give an object with a "file"' in err
    assert "line 5: source: a resource needs its address (http:// or https://) in source, or a document" in err
    assert not LibraryDocument.objects.exists() and not LibraryPage.objects.exists()


def test_a_case_study_gives_its_sources_and_its_body_as_blocks(tmp_path, client):
    body = [
        {"type": "paragraph", "value": "<p>Illustrative case.</p>"},
        {"type": "heading", "value": "Why this case matters"},
        {"type": "quote", "value": {"text": "Screen everyone.", "attribution": "A border officer"}},
    ]
    sources = [
        {"title": "Trafficking in persons report", "publisher": "UNODC", "year": 2024, "url": "https://unodc.org/"},
        {"title": "Field notes"},
    ]
    run(write(tmp_path, [case(0, source="", sources=sources, body=body)]), "--publish")
    page = CaseStudyPage.objects.get()
    assert [block.block_type for block in page.body] == ["paragraph", "heading", "quote"]
    assert page.body[1].value == "Why this case matters"
    assert [dict(source.value) for source in page.sources] == [
        {"title": "Trafficking in persons report", "publisher": "UNODC", "year": 2024, "url": "https://unodc.org/"},
        {"title": "Field notes", "publisher": "", "year": None, "url": ""},
    ]
    content = client.get(page.url).content.decode()
    assert "Why this case matters" in content and "Screen everyone." in content


def test_sources_and_body_blocks_are_checked(tmp_path):
    lines = [
        case(0, sources=[{"title": "Report", "url": "ftp://x"}]),
        case(3, source="", body=[{"type": "image", "value": 1}]),
        case(6, source="", body=[{"type": "heading", "value": ""}]),
        method(1, body=[{"type": "paragraph", "value": "<p>x</p>"}]),
        case(9, source="", sources=[{"publisher": "UNODC"}]),
        case(12, body=[{"type": "paragraph", "value": "<p>Call +66 81 234 5678.</p>"}], source=""),
    ]
    _out, err, _error = run_capturing(write(tmp_path, lines))
    assert "line 1: sources: source 1: url: 'ftp://x' is not a web address" in err
    assert "line 2: body: block 1: unknown block type 'image' (use one of: paragraph, heading, quote)" in err
    assert "line 3: body: block 1 (heading): value: is required" in err
    assert "line 4: body: the body of a method is text or HTML, not blocks" in err
    assert "line 5: sources: give objects with 'title'" in err
    assert "line 6: anonymization check: body: phone" in err
    assert not LibraryPage.objects.exists()


def test_a_refused_import_leaves_no_document_file_behind(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(write_module, "CHUNK", 1)  # the first line is written before the second is refused
    (tmp_path / "refused-guide.pdf").write_bytes(pdf_with_text("Screening guide"))
    lines = [resource(2, source="", document={"file": "refused-guide.pdf"}), case(0, summary="Call 081 234 5678.")]
    _out, err, _error = run_capturing(write(tmp_path, lines))
    assert "line 2: anonymization check: summary: phone" in err
    assert not LibraryDocument.objects.exists() and not LibraryPage.objects.exists()
    assert list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("refused-guide*")) == []


def test_a_method_line_names_the_case_studies_that_use_it(tmp_path, client):
    """A method line's related_case_studies makes those case studies link to it; a later import replaces the list."""
    lines = [
        case(0, slug="river-case", language="en", title="River case"),
        case(3, slug="market-case", language="en", title="Market case"),
        method(1, slug="phone-check", language="en", title="Phone check", related_case_studies=["demo-0", "demo-3"]),
    ]
    run(write(tmp_path, lines), "--publish")
    phone = MethodPage.objects.get(slug="phone-check")
    river = CaseStudyPage.objects.get(slug="river-case")
    assert list(river.related_methods.values_list("slug", flat=True)) == ["phone-check"]
    method_page = client.get(phone.url).content.decode()
    assert "River case" in method_page and "Market case" in method_page
    assert "Phone check" in client.get(river.url).content.decode()
    # Re-importing the method with one case study: the other stops linking to it, on its page and in search.
    again = method(1, language="en", title="Phone check", related_case_studies=["demo-3"])
    run(write(tmp_path, [again], "b.jsonl"), "--publish")
    river = CaseStudyPage.objects.get(slug="river-case")
    assert not river.related_methods.exists()
    assert "Phone check" not in client.get(river.url).content.decode()
    assert "River case" not in client.get(phone.url).content.decode()
    assert CaseStudyPage.objects.get(slug="market-case").related_methods.get() == phone


def test_related_case_studies_are_checked_line_by_line(tmp_path):
    lines = [
        method(1, related_case_studies=["demo-3"]),  # line 1: names line 2
        case(3),
        method(4, related_case_studies=["nowhere"]),
        method(7, related_case_studies=["demo-1"]),  # a method, not a case study
        method(10, related_case_studies="demo-3"),
        case(12, related_case_studies=["demo-3"]),  # a field of methods only
    ]
    _out, err, error = run_capturing(write(tmp_path, lines))
    assert "invalid line(s); nothing was imported" in error
    assert "line 1: related_case_studies: 'demo-3' is line 2, after this one; put the line it names first" in err
    assert (
        "line 3: related_case_studies: no line before this one, and no page imported before, has the id 'nowhere'"
        in err
    )
    assert "line 4: related_case_studies: 'demo-1' is a method, not a case-study" in err
    assert "line 5: related_case_studies: must be a list" in err
    assert "line 6: related_case_studies: is a field of method, not of case-study" in err
    assert not LibraryPage.objects.exists()


def test_undoing_an_import_restores_the_case_studies_a_method_line_linked(tmp_path):
    run(write(tmp_path, [case(0, slug="old-case"), method(1, slug="first-method")]), "--publish")
    story = CaseStudyPage.objects.get(slug="old-case")
    story.related_methods = [MethodPage.objects.get(slug="first-method")]
    with data_load("test data"):
        story.save_revision().publish()
    run(write(tmp_path, [method(4, slug="second-method", related_case_studies=["demo-0"])], "b.jsonl"), "--publish")
    story = CaseStudyPage.objects.get(slug="old-case")
    assert sorted(story.related_methods.values_list("slug", flat=True)) == ["first-method", "second-method"]
    # The case study's editor shows the link: its latest revision holds it.
    revision = story.get_latest_revision_as_object()
    assert sorted(method.slug for method in revision.related_methods.all()) == ["first-method", "second-method"]
    run_record = write_module.ImportRun.objects.order_by("-pk").first()
    write_module.undo_run(run_record)
    assert list(CaseStudyPage.objects.get(slug="old-case").related_methods.values_list("slug", flat=True)) == [
        "first-method"
    ]
    assert not MethodPage.objects.filter(slug="second-method").exists()


def test_a_case_study_line_names_its_provinces_of_its_own_countries(tmp_path, client):
    lines = [
        case(0, slug="tak-case", provinces=["sa-kaeo", "banteay-meanchey"]),  # Thailand and Cambodia: named
        case(3, provinces=["bokeo"]),  # Laos is not among the line's countries
        case(6, provinces=["nowhere"]),
    ]
    _out, err, error = run_capturing(write(tmp_path, lines))
    assert "line 2: provinces: 'bokeo' is a province of LA, which the line's countries do not name" in err
    assert "line 3: provinces: unknown value 'nowhere'" in err
    run(write(tmp_path, lines[:1], "b.jsonl"), "--publish")
    page = CaseStudyPage.objects.get(slug="tak-case")
    assert sorted(page.provinces.values_list("slug", flat=True)) == ["banteay-meanchey", "sa-kaeo"]
    assert "Sa Kaeo" in client.get(page.url).content.decode()
