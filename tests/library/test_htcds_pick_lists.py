"""The HTCDS-aligned pick-lists: seeded with names in every language, coded on case studies, imported, shown."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from library.models import HTCDS_PICK_LISTS, CaseStudyPage, ControlMeans, RecruitmentPlatform, TransportType
from safety.permits import data_load
from tests.factories.library import TEST_DATA, create_admin, create_case_study
from tests.library.test_import_library import line, run, run_capturing, write

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NAMES = json.loads((settings.BASE_DIR / "library" / "data" / "taxonomy_names.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("group", "model"), [(name, model) for name, model in HTCDS_PICK_LISTS])
def test_every_shipped_term_is_seeded_with_its_names_and_htcds_value(group, model):
    seeded = {term.slug: term for term in model.objects.all()}
    assert set(seeded) == set(NAMES[group])
    for slug, entry in NAMES[group].items():
        term = seeded[slug]
        assert term.name == entry["en"]
        assert [term.name_km, term.name_lo, term.name_th, term.name_vi] == [
            entry[lang] for lang in ("km", "lo", "th", "vi")
        ]
        assert term.missing_languages() == []
        assert (term.htcds_field, term.htcds_value) == (entry["htcds_field"], entry["htcds_value"])
        assert term.htcds_field, f"{group}/{slug} names no HTCDS field"


def test_a_coded_case_study_shows_its_terms_in_the_readers_language(client):
    page = create_case_study(title="Fishing boat crew held by debt", publish=False)
    page.control_means = list(ControlMeans.objects.filter(slug__in=["debt-bondage", "withholds-documents"]))
    page.transport_types = list(TransportType.objects.filter(slug="sea"))
    with data_load(TEST_DATA):
        page.save_revision().publish()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    soup = BeautifulSoup(client.get(page.url).content.decode(), "html.parser")
    rows = {row.find("dt").get_text(strip=True): row.find("dd").get_text(strip=True) for row in soup.select("dl div")}
    assert rows["วิธีการควบคุม"] == "แรงงานขัดหนี้, ยึดเอกสาร"
    assert rows["การเดินทางและการข้ามแดน"] == "ทางทะเล"


def test_the_case_study_editor_offers_each_pick_list(client):
    page = create_case_study()
    client.force_login(create_admin(), MODEL_BACKEND)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Coding on the Human Trafficking Case Data Standard (HTCDS)" in content
    for name, model in HTCDS_PICK_LISTS:
        first = model.objects.first()
        assert f'name="{name}" value="{first.pk}"' in content


def test_the_completeness_view_counts_the_pick_lists(client):
    RecruitmentPlatform.objects.create(name="Zalo", slug="zalo", htcds_value="Other")
    client.force_login(create_admin(), MODEL_BACKEND)
    soup = BeautifulSoup(client.get(reverse("library_taxonomy_completeness")).content.decode(), "html.parser")
    titles = [section.find("h2").get_text(strip=True) for section in soup.select("section")]
    assert "Means of control" in titles and "Referral and assistance" in titles
    platforms = next(
        section
        for section in soup.select("section")
        if section.find("h2").get_text(strip=True) == "Recruitment platforms"
    )
    assert "Zalo" in platforms.get_text()
    assert RecruitmentPlatform.objects.get(slug="zalo").htcds_field == "vic_RecruitmentWebsitesAndApps"


def test_an_import_line_codes_a_case_study_and_an_unknown_term_is_refused(tmp_path):
    coded = line(
        0, control_means=["debt-bondage"], recruitment_platforms=["facebook", "telegram"], assistance_types=["shelter"]
    )
    run(write(tmp_path, [coded]), "--publish")
    page = CaseStudyPage.objects.get()
    assert list(page.control_means.values_list("slug", flat=True)) == ["debt-bondage"]
    assert sorted(page.recruitment_platforms.values_list("slug", flat=True)) == ["facebook", "telegram"]
    assert list(page.assistance_types.values_list("slug", flat=True)) == ["shelter"]
    # A line without the field leaves the coding alone; a line naming an unknown term is refused with its number.
    run(write(tmp_path, [line(0)], "b.jsonl"), "--publish")
    assert list(CaseStudyPage.objects.get().control_means.values_list("slug", flat=True)) == ["debt-bondage"]
    _out, err, error = run_capturing(write(tmp_path, [line(0, transport_types=["teleport"])], "c.jsonl"), "--publish")
    assert error == "1 invalid line(s); nothing was imported."
    assert err.startswith("line 1: transport_types: unknown value 'teleport'"), err
