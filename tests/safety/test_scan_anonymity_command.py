"""Tests of the scan_anonymity management command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from library.models import CaseStudyPage, LibraryIndexPage
from safety.guard import page_text
from safety.review.findings import watched_names
from tests.factories.library import create_case_study

# The watch list is read from the database (safety.WatchedName), so every scan needs it.
pytestmark = pytest.mark.django_db


def published_before_the_guard(summary, **fields):
    """Return a case study whose summary gained identifying details without the anonymity guard (older content)."""
    page = create_case_study(**fields)
    CaseStudyPage.objects.filter(pk=page.pk).update(summary=summary)
    page.refresh_from_db()
    return page


def run(*args, stdin=None, monkeypatch=None):
    """Run the command and return its standard output."""
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("scan_anonymity", *args, stdout=out)
    return out.getvalue()


def test_text_option_lists_findings():
    output = run("--text", "Mr Sok Dara called 012 345 678.")
    assert "person\t[PERSON 1]\t'Sok Dara'" in output
    assert "phone\t[PHONE 1]\t'012 345 678'" in output
    assert "2 finding(s)." in output


def test_json_prints_one_object_per_finding_with_exact_offsets():
    text = "ผู้ต้องหาคือ นายสมชาย ใจดี โทร 081-234-5678"
    lines = run("--text", text, "--json").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["kind"] for row in rows] == ["person", "phone"]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["placeholder"]


def test_reads_standard_input_without_text(monkeypatch):
    output = run("--json", stdin="Email: someone@example.org\n", monkeypatch=monkeypatch)
    assert json.loads(output)["text"] == "someone@example.org"


def test_watch_is_repeatable():
    lines = run("--text", "Bopha met Dara at the market.", "--watch", "Bopha", "--watch", "Dara", "--json").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Bopha", "Dara"]


def test_no_findings_is_not_an_error():
    assert run("--text", "In 2023, 45% of cases involved fees of USD 3,000.") == "0 finding(s).\n"


def test_text_and_all_together_is_a_clear_error():
    with pytest.raises(CommandError, match="either --text or --all"):
        call_command("scan_anonymity", "--text", "x", "--all")


def test_empty_watch_name_is_a_clear_error():
    with pytest.raises(CommandError, match="non-empty name"):
        call_command("scan_anonymity", "--text", "x", "--watch", " ")


def test_watch_list_is_read_from_the_watched_name_model():
    from safety.models import WatchedName

    assert watched_names() == []
    WatchedName.objects.create(name="Bopha")
    WatchedName.objects.create(name="Dara", active=False)
    assert watched_names() == ["Bopha"]


@pytest.mark.django_db
def test_all_scans_published_pages_and_reports_page_id_title_and_url():
    page = published_before_the_guard(
        "The broker, Mr Heng Vanna, used +855 12 345 678.", title="Recruited via Telegram"
    )
    draft = create_case_study(title="Draft case", publish=False, slug="draft-case")
    CaseStudyPage.objects.filter(pk=draft.pk).update(summary="Ms Keo Lina called 012 999 888.")
    root = Page.objects.get(depth=1)
    plain = root.add_child(instance=Page(title="Contact Dr Lim Chenda", slug="plain-page"))
    rows = [json.loads(line) for line in run("--all", "--json").splitlines()]
    by_page = {(row["page_id"], row["kind"], row["text"]) for row in rows}
    assert (page.pk, "person", "Heng Vanna") in by_page
    assert (page.pk, "phone", "+855 12 345 678") in by_page
    assert (plain.pk, "person", "Lim Chenda") in by_page
    assert not any(row["text"] == "Keo Lina" for row in rows)
    row = next(row for row in rows if row["page_id"] == page.pk)
    assert row["page_title"] == "Recruited via Telegram"
    assert row["url"].endswith(page.url)
    assert row["field"] == "summary"

    text_output = run("--all")
    assert f"Page {page.pk}: Recruited via Telegram" in text_output
    assert "finding(s) on" in text_output


@pytest.mark.django_db
def test_page_text_of_an_unguarded_page_is_its_text_fields():
    index = LibraryIndexPage.objects.get()
    index.intro = "<p>Ask <b>Ms Keo Lina</b> &amp; co.</p>"
    fields = page_text(index)
    assert fields["title"] == index.title
    assert fields["intro"] == "Ask Ms Keo Lina & co."


@pytest.mark.django_db
def test_all_reports_unreadable_pages_and_carries_on(monkeypatch):
    published_before_the_guard("Call Mr Sok Dara.", title="Readable")
    module = "safety.management.commands.scan_anonymity"
    real = page_text

    def flaky(page):
        if page.title == "Readable":
            raise RuntimeError("template missing")
        return real(page)

    monkeypatch.setattr(f"{module}.page_text", flaky)
    out, err = io.StringIO(), io.StringIO()
    call_command("scan_anonymity", "--all", stdout=out, stderr=err)
    assert "Could not read the text of page" in err.getvalue()
    assert "template missing" in err.getvalue()


def test_invalid_utf8_on_standard_input_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("bad \udcff bytes"))
    with pytest.raises(CommandError, match="not valid UTF-8"):
        call_command("scan_anonymity")
