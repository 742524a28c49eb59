"""Run by tests/library/test_new_page_kind.py under tests/pagekind_app/settings.py: the new kind works everywhere.

Not collected by the normal test run (the app is not installed there): the file name does not start with test_.
"""

import json

import pytest

from library.models import LibraryIndexPage
from tests.library.test_import_library import line, run, run_capturing, write
from tests.pagekind_app.models import TrainingModulePage

pytestmark = pytest.mark.django_db


def training_line(n, **overrides):
    """Return the JSON object of one training-module import line."""
    return line(
        n,
        type="training-module",
        title=f"Screening at the checkpoint, module {n}",
        summary="A self-study module on screening travellers for indicators of trafficking.",
        body="<p>Recognise the indicators; refer the traveller; record what you saw.</p>",
        source="",
        **overrides,
    )


def test_the_library_index_accepts_the_new_kind():
    assert TrainingModulePage in LibraryIndexPage.allowed_subpage_models()


def test_import_lines_of_the_new_kind_become_published_pages(tmp_path):
    run(write(tmp_path, [training_line(1), line(2)]), "--publish")
    module = TrainingModulePage.objects.get()
    assert module.live and module.title == "Screening at the checkpoint, module 1"
    assert module.learning_goals == "<p>Recognise the indicators; refer the traveller; record what you saw.</p>"
    assert module.kind_slug == "training-module"


def test_the_new_kind_checks_its_own_import_rule_and_is_named_in_the_type_message(tmp_path):
    lines = [training_line(1, tags=[]), json.dumps({**line(2), "type": "novel"})]
    _out, err, error = run_capturing(write(tmp_path, lines), "--publish")
    assert error == "2 invalid line(s); nothing was imported."
    assert "line 1: tags: a training module needs at least one tag" in err
    assert "use one of: case-study, method, resource, training-module" in err
    assert not TrainingModulePage.objects.exists()


def test_the_library_listing_offers_and_filters_the_new_kind(tmp_path, client):
    run(write(tmp_path, [training_line(1), line(2)]), "--publish")
    response = client.get("/library/", {"type": "training-module"})
    assert response.status_code == 200
    facets = {facet.name: facet for facet in response.context["listing"].facets}
    assert {value.value: (str(value.label), value.count) for value in facets["type"].values}["training-module"] == (
        "Training module",
        1,
    )
    content = response.content.decode()
    assert "Screening at the checkpoint, module 1" in content


def test_the_search_api_finds_and_facets_the_new_kind(tmp_path, client):
    run(write(tmp_path, [training_line(1), line(2)]), "--publish")
    data = client.get("/api/search/", {"q": "checkpoint", "type": "training-module"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Screening at the checkpoint, module 1"]
    assert data["results"][0]["type"] == "training-module"
    assert {"value": "training-module", "label": "Training module", "count": 1} in data["facets"]["type"]
    page = client.get("/search/", {"q": "checkpoint", "type": "training-module"})
    assert page.status_code == 200 and "Screening at the checkpoint, module 1" in page.content.decode()
