"""import_library refuses lines with identifying details, the editors' watch list included, unless told to draft them."""

import pytest

from library.models import LibraryPage
from safety.models import WatchedName
from tests.library.test_import_library import line, run, run_capturing, write

pytestmark = pytest.mark.django_db
WATCHED = "The Keomany network moved workers across the river."


def test_a_line_naming_a_watched_person_is_refused(tmp_path):
    path = write(tmp_path, [line(0), line(1, summary=WATCHED)])
    _, err, error = run_capturing(path, "--publish")
    assert error is None and LibraryPage.objects.count() == 2  # not identifying until the name is watched

    LibraryPage.objects.all().delete()
    WatchedName.objects.create(name="Keomany", note="witness")
    _, err, error = run_capturing(path, "--publish")
    assert "line 2: anonymization check" in err
    assert error and not LibraryPage.objects.filter(live=True).exists()


def test_with_drafts_the_watched_line_is_imported_unpublished(tmp_path):
    WatchedName.objects.create(name="Keomany")
    run(write(tmp_path, [line(0), line(1, summary=WATCHED)]), "--publish", "--drafts")
    assert LibraryPage.objects.get(import_key="id:demo-0").live
    assert not LibraryPage.objects.get(import_key="id:demo-1").live
