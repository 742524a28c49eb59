"""Countries, crime types, recruitment channels and tags are named in the reader's language on every surface."""

import html
import json

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.conf import settings
from django.urls import reverse
from taggit.models import Tag

from accounts.notifications import notify_approvers
from accounts.roles import EDITOR, FOCAL_POINT, OFFICER
from library.models import NAME_LANGUAGES, Country, CrimeType, RecruitmentChannel, TagNames
from safety.permits import data_load
from tests.factories.accounts import create_user
from tests.factories.library import TEST_DATA, create_admin, create_case_study

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ATOM = "{http://www.w3.org/2005/Atom}"
NAMES = json.loads((settings.BASE_DIR / "library" / "data" / "taxonomy_names.json").read_text(encoding="utf-8"))
LANGUAGES = ["km", "lo", "th", "vi"]


def country(code, language):
    return NAMES["countries"][code][language]


def crime(slug, language):
    return NAMES["crime_types"][slug][language]


def channel(slug, language):
    return NAMES["recruitment_channels"][slug][language]


@pytest.fixture
def case():
    """A public case study from Laos to Thailand: forced marriage through a marriage broker, tagged."""
    page = create_case_study(
        title="Bride sold across the Mekong",
        countries=(("LA", "origin"), ("TH", "destination")),
        crimes=["forced-marriage"],
        tags=["bride price"],
        year=2023,
    )
    page.recruitment_channels = list(RecruitmentChannel.objects.filter(slug="marriage-broker"))
    with data_load(TEST_DATA):
        page.save_revision().publish()
    TagNames.objects.create(tag=Tag.objects.get(name="bride price"), name_lo="ຄ່າດອງ", name_vi="Tiền thách cưới")
    return page


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def facet_text(content, name):
    section = BeautifulSoup(content, "html.parser").find(id=f"facet-{name}").find_parent("section")
    return section.get_text(" ", strip=True)


def test_every_shipped_entry_is_named_in_every_language():
    for model in (Country, CrimeType, RecruitmentChannel):
        entries = list(model.objects.all())
        assert entries
        assert [entry for entry in entries if entry.missing_languages()] == []
    assert Country.objects.get(code="LA").name_lo == "ລາວ"
    assert Country.objects.get(code="TH").name_lo == "ໄທ"


@pytest.mark.parametrize("language", LANGUAGES)
def test_library_facets_and_cards_name_countries_and_crime_types_in_the_readers_language(client, case, language):
    content = in_language(client, language).get("/library/").content.decode()
    countries = facet_text(content, "country")
    assert country("LA", language) in countries
    assert country("TH", language) in countries
    assert "Laos" not in countries
    crimes = facet_text(content, "crime")
    assert crime("forced-marriage", language) in crimes
    assert "Trafficking for forced marriage" not in crimes
    card = BeautifulSoup(content, "html.parser").select_one("article.card").get_text(" ", strip=True)
    assert country("LA", language) in card
    assert "Thailand" not in card


def test_a_case_study_shows_its_badges_facts_and_tags_in_lao(client, case):
    content = html.unescape(in_language(client, "lo").get(case.url).content.decode())
    soup = BeautifulSoup(content, "html.parser")
    badges = [badge.get_text(strip=True) for badge in soup.select(".page-header__meta a.badge")]
    assert badges == [country("LA", "lo"), country("TH", "lo"), crime("forced-marriage", "lo")]
    facts = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert country("LA", "lo") in facts
    assert crime("forced-marriage", "lo") in facts
    assert channel("marriage-broker", "lo") in facts
    assert "Marriage broker" not in facts
    assert "#ຄ່າດອງ" in soup.select_one(".tag-list").get_text()


def test_search_page_facets_and_api_labels_are_in_the_readers_language(client, case):
    content = in_language(client, "th").get("/search/").content.decode()
    assert country("LA", "th") in facet_text(content, "country")
    assert crime("forced-marriage", "th") in facet_text(content, "crime")

    data = in_language(client, "vi").get("/api/search/", {"tag": "bride-price"}).json()
    labels = {name: {item["value"]: item["label"] for item in values} for name, values in data["facets"].items()}
    assert labels["country"] == {"LA": country("LA", "vi"), "TH": country("TH", "vi")}
    assert labels["crime"] == {"forced-marriage": crime("forced-marriage", "vi")}
    assert labels["tag"] == {"bride-price": "Tiền thách cưới"}


def test_share_form_offers_countries_crime_types_and_channels_in_khmer(client):
    client.force_login(create_user(OFFICER), MODEL_BACKEND)
    soup = BeautifulSoup(in_language(client, "km").get("/share/").content.decode(), "html.parser")

    def choices(name):
        return [label.get_text(strip=True) for label in soup.select(f"#id_{name} label")]

    assert country("KH", "km") in choices("origin_countries")
    assert "Cambodia" not in choices("origin_countries")
    crimes = choices("crime_types")
    assert sorted(crimes) == sorted(NAMES["crime_types"][slug]["km"] for slug in NAMES["crime_types"])
    assert crimes == sorted(crimes, key=str.casefold)
    assert channel("broker", "km") in choices("recruitment_channels")


def test_feed_categories_name_countries_in_the_readers_language(client, case):
    feed = ElementTree.fromstring(in_language(client, "vi").get("/library/feed/").content)
    categories = [category.get("term") for category in feed.iter(f"{ATOM}category")]
    assert country("LA", "vi") in categories
    assert country("TH", "vi") in categories
    assert "Laos" not in categories


def test_the_new_member_email_names_the_country_in_the_approvers_language(mailoutbox):
    create_user(FOCAL_POINT, country_code="TH", ui_language="lo")
    applicant = create_user(None, approved=False, country_code="TH", ui_language="vi")
    notify_approvers(applicant.member)
    assert f", {country('TH', 'lo')})" in mailoutbox[-1].body
    assert "Thailand" not in mailoutbox[-1].body


def test_a_missing_translation_falls_back_to_english(client, case):
    CrimeType.objects.filter(slug="forced-marriage").update(name_lo="")
    content = in_language(client, "lo").get("/library/").content.decode()
    assert "Trafficking for forced marriage" in facet_text(content, "crime")
    assert country("LA", "lo") in facet_text(content, "country")
    untranslated = in_language(client, "th").get(case.url).content.decode()
    assert "#bride price" in untranslated


def test_the_completeness_view_lists_the_entries_missing_a_name_per_language(client, case):
    CrimeType.objects.filter(slug="document-fraud").update(name_th="")
    RecruitmentChannel.objects.create(name="Online game chat", slug="game-chat", name_vi="Trò chuyện trong trò chơi")
    create_case_study(title="Another case", tags=["untranslated tag"])
    client.force_login(create_admin(), MODEL_BACKEND)
    response = client.get(reverse("library_taxonomy_completeness"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    tables = {section.find("h2").get_text(strip=True): section for section in soup.select("section")}
    languages = [str(name) for name in NAME_LANGUAGES.values()]

    def rows(title):
        table = tables[title]
        header = [cell.get_text(strip=True) for cell in table.select("thead th")][1:]
        assert header == languages
        return {
            row.find("th").get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
            for row in table.select("tbody tr")
        }

    crimes = rows("Crime types")
    assert crimes["Document fraud"] == ["✓", "✓", "missing", "✓"]
    assert crimes["Named"] == ["6 / 6", "6 / 6", "5 / 6", "6 / 6"]
    assert "Trafficking for forced labour" not in crimes
    assert rows("Recruitment channels")["Online game chat"] == ["missing", "missing", "missing", "✓"]
    tags = rows("Tag translations")
    assert tags["bride price"] == ["missing", "✓", "missing", "✓"]
    assert tags["untranslated tag"] == ["missing"] * 4

    # An untranslated tag's link opens a new translation with the tag already chosen.
    link = tables["Tag translations"].find("a", string="untranslated tag")["href"]
    tag = Tag.objects.get(name="untranslated tag")
    form = BeautifulSoup(client.get(link).content.decode(), "html.parser")
    assert form.select_one("#id_tag option[selected]")["value"] == str(tag.pk)


def test_an_editor_fills_a_missing_translation_in_the_admin_and_lao_readers_see_it(client, case):
    crime_type = CrimeType.objects.get(slug="forced-marriage")
    CrimeType.objects.filter(pk=crime_type.pk).update(name_lo="")
    client.force_login(create_user(EDITOR), MODEL_BACKEND)
    assert "Trafficking for forced marriage" in client.get(reverse("library_taxonomy_completeness")).content.decode()
    form = {
        "name": crime_type.name,
        "slug": crime_type.slug,
        "description": "",
        **{f"name_{language}": getattr(crime_type, f"name_{language}") for language in LANGUAGES},
        "name_lo": "ການບັງຄັບແຕ່ງງານ",
    }
    edit_url = reverse("wagtailsnippets_library_crimetype:edit", args=[crime_type.pk])
    field = BeautifulSoup(client.get(edit_url).content.decode(), "html.parser").select_one("#id_name_lo")
    assert field["lang"] == "lo"
    assert field.get("value", "") == ""
    response = client.post(edit_url, form)
    assert response.status_code == 302
    client.logout()
    content = in_language(client, "lo").get("/library/").content.decode()
    assert "ການບັງຄັບແຕ່ງງານ" in facet_text(content, "crime")


def test_readers_without_taxonomy_permissions_cannot_open_the_completeness_view(client):
    client.force_login(create_user(OFFICER), MODEL_BACKEND)
    response = client.get(reverse("library_taxonomy_completeness"))
    assert response.status_code in (302, 403)
    assert "Missing translations" not in response.content.decode()
