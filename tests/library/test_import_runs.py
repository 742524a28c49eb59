"""import_library as a recorded run: batches committed one by one on SQLite, a run that fails half-way undone as
a whole (pages it created gone, pages it updated as they were), and `manage.py undo_import` for a finished run."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page, PageLogEntry, Revision

from library.importing import write as write_module
from library.models import CaseStudyPage, ImportRun, LibraryIndexPage, LibraryPage
from search.models import IndexEntry
from tests.library.test_import_library import PHONE, line, reviewed, run_capturing, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(write_module, "CHUNK", 4)


def _state():
    """What a reader and an editor see of the library: pages with their text, taxonomy and search entries."""
    pages = {}
    for page in LibraryPage.objects.specific().order_by("pk"):
        pages[page.import_key] = (
            page.title,
            page.summary,
            page.live,
            sorted(page.countries.values_list("code", flat=True)),
            sorted(page.tags.names()),
            page.latest_revision_id,
        )
    index = sorted(IndexEntry.objects.values_list("title", flat=True))
    return pages, index, LibraryIndexPage.objects.get().numchild


def test_an_import_on_sqlite_commits_in_batches_and_is_recorded(tmp_path, small_batches):
    out, _, error = run_capturing(write(tmp_path, [line(n) for n in range(10)]), "--publish")
    assert error is None
    record = ImportRun.objects.get()
    assert (record.status, record.lines, record.created, record.updated) == ("done", 10, 10, 0)
    assert f"Import run {record.pk}: `manage.py undo_import {record.pk}` undoes it" in out
    assert record.pages.filter(created=True).count() == 10
    assert LibraryIndexPage.objects.get().numchild == 10
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL imports in one transaction, beside other writers")
def test_between_batches_the_import_lets_other_writers_take_the_lock(tmp_path, small_batches, monkeypatch):
    """SQLite has one writer: after each batch but the last the importer pauses with its batch committed, long enough
    for a request polling for the lock (every 100 ms at most) to take it before the next batch does."""
    outside = len(connection.atomic_blocks)  # the test's own transaction
    pauses = []
    monkeypatch.setattr(
        write_module.time, "sleep", lambda seconds: pauses.append((seconds, len(connection.atomic_blocks)))
    )
    _, _, error = run_capturing(write(tmp_path, [line(n) for n in range(10)]), "--publish")  # batches of 4, 4, 2
    assert error is None
    assert [depth for _seconds, depth in pauses] == [outside, outside]
    assert all(seconds >= 0.1 for seconds, _depth in pauses)


def test_a_run_that_fails_half_way_is_undone_as_a_whole(tmp_path, small_batches, monkeypatch):
    # The batched path (SQLite's default) on every database the suite runs on: PostgreSQL imports in one transaction.
    monkeypatch.setattr(write_module, "writes_in_batches", lambda connection: True)
    run_capturing(write(tmp_path, [line(n) for n in range(3)]), "--publish")
    before = _state()
    original = write_module.Importer._write
    calls = []

    def fail_on_the_third_batch(self, items, drafts, report):
        calls.append(len(items))
        if len(calls) == 3:
            raise OSError("disk full")
        return original(self, items, drafts, report)

    monkeypatch.setattr(write_module.Importer, "_write", fail_on_the_third_batch)
    changed = [line(n, title=f"Changed title {n}", summary="Changed.", tags=["changed"]) for n in range(3)]
    new = [line(n) for n in range(3, 12)]
    with pytest.raises(OSError, match="disk full"):
        call_command(
            "import_library",
            *reviewed((write(tmp_path, changed + new, "second.jsonl"), "--publish")),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert len(calls) == 3  # two batches had been committed
    assert _state() == before  # the three updated pages as they were, none of the new ones
    failed = ImportRun.objects.filter(status="failed").get()
    assert "disk full" in failed.error
    assert Page.find_problems() == ([], [], [], [], [])


def test_undo_import_undoes_a_finished_run(tmp_path, small_batches):
    run_capturing(write(tmp_path, [line(n) for n in range(5)]), "--publish")
    before = _state()
    history = PageLogEntry.objects.count()
    changed = [line(n, title=f"Changed title {n}", countries=["VN"], tags=["changed"]) for n in range(5)]
    run_capturing(write(tmp_path, changed + [line(n) for n in range(5, 9)], "second.jsonl"), "--publish")
    second = ImportRun.objects.order_by("-pk").first()
    assert CaseStudyPage.objects.filter(title__startswith="Changed title").exists()
    out = io.StringIO()
    call_command("undo_import", str(second.pk), stdout=out)
    assert "4 page(s) deleted, 5 page(s) restored" in out.getvalue()
    assert _state() == before
    assert PageLogEntry.objects.count() == history
    assert not Revision.objects.filter(
        object_id__in=[str(pk) for pk in second.pages.values_list("page_id", flat=True)],
        created_at__gte=second.started_at,
    ).exists()
    second.refresh_from_db()
    assert second.status == "undone"
    with pytest.raises(CommandError, match="nothing to undo"):
        call_command("undo_import", str(second.pk), stdout=io.StringIO())
    listing = io.StringIO()
    call_command("undo_import", stdout=listing)
    assert f"{second.pk} " in listing.getvalue() and "undone" in listing.getvalue()


def test_undo_import_of_an_unknown_run_is_a_clear_error():
    with pytest.raises(CommandError, match="There is no import run 999"):
        call_command("undo_import", "999", stdout=io.StringIO())


def test_refused_lines_leave_nothing_not_even_a_batch(tmp_path, small_batches):
    objects = [line(n) for n in range(10)]
    objects[8] = line(8, summary=PHONE)
    _, err, error = run_capturing(write(tmp_path, objects), "--publish")
    assert error and "nothing was imported" in error
    assert "line 9" in err
    assert LibraryPage.objects.count() == 0
