"""Insights and the library listing count a case study once, whatever the number of its translations a reader may
open; a border filter keeps the case studies whose route includes both countries."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from accounts.roles import OFFICER
from insights.aggregates import Filters, Insights
from library.models import RecruitmentChannel
from safety.permits import data_load
from tests.factories.accounts import create_user, restrict_to_officers
from tests.factories.library import TEST_DATA, create_case_study

pytestmark = pytest.mark.django_db

ROUTE = (("MM", "origin"), ("TH", "destination"))


def case(title, *, year, channel, countries=ROUTE, language="en", translation_of=None, restricted=False):
    page = create_case_study(
        title=title,
        countries=countries,
        crimes=["scam-compounds"],
        year=year,
        language=language,
        translation_of=translation_of,
        victim_age_band="18-24",
        victim_gender="male",
        publish=False,
    )
    page.recruitment_channels = list(RecruitmentChannel.objects.filter(slug=channel))
    with data_load(TEST_DATA):
        page.save_revision().publish()
    if restricted:
        restrict_to_officers(page)
    return page


@pytest.fixture
def translated():
    """A Myanmar → Thailand case study in English, its Thai translation and an officers-only Lao translation; a
    second Myanmar → Thailand case in English only, and a Cambodia → Thailand case (another border)."""
    original = case("Job advert on a messaging app", year=2022, channel="social-media")
    thai = case("ประกาศรับสมัครงานในแอปแชท", year=2022, channel="social-media", language="th", translation_of=original)
    lao = case(
        "ປະກາດຮັບສະໝັກວຽກໃນແອັບ",
        year=2022,
        channel="social-media",
        language="lo",
        translation_of=original,
        restricted=True,
    )
    other = case("Broker at the bus station", year=2022, channel="broker")
    cambodia = case("Fishing crew", year=2022, channel="broker", countries=(("KH", "origin"), ("TH", "destination")))
    return {"original": original, "thai": thai, "lao": lao, "other": other, "cambodia": cambodia}


def listing(client, url):
    """Return (count in the results heading, card titles) of a library listing."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    count = int(soup.select_one("#results-heading").get_text().split()[0])
    return count, [title.get_text(strip=True) for title in soup.select(".card__title")]


def route_cell(client, query=""):
    """Return (number shown, link) of the Myanmar → Thailand arrow's row in the insights page's route table."""
    soup = BeautifulSoup(client.get(f"/insights/{query}").content, "html.parser")
    for link in soup.select("table a[href^='/library/']"):
        params = parse_qs(urlsplit(link["href"]).query)
        if params.get("origin") == ["MM"] and params.get("destination") == ["TH"] and link.get_text().strip().isdigit():
            return int(link.get_text()), link["href"]
    raise AssertionError("no Myanmar → Thailand route link")


@pytest.mark.parametrize("reader", ["visitor", "officer"])
def test_a_case_study_and_its_translations_count_once(translated, reader):
    user = create_user(OFFICER) if reader == "officer" else AnonymousUser()
    insights = Insights(user, Filters())
    assert insights.total == 3
    assert insights.count(("origin", "MM"), ("destination", "TH")) == 2
    assert insights.counts("channel") == {"social-media": 1, "broker": 2}
    # Filtered on Thai, the Thai translation stands for its case study; on Lao, only officers find one.
    assert Insights(user, Filters(language=["th"])).total == 1
    assert Insights(user, Filters(language=["lo"])).total == (1 if reader == "officer" else 0)
    assert Insights(user, Filters(language=["th", "en"])).total == 3


@pytest.mark.parametrize("reader", ["visitor", "officer"])
@pytest.mark.parametrize("interface", ["en", "th", "lo"])
def test_the_bar_opens_one_entry_per_case_study_in_the_readers_language(translated, client, reader, interface):
    if reader == "officer":
        client.force_login(create_user(OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = interface
    number, url = route_cell(client)
    count, titles = listing(client, url)
    assert number == count == len(titles) == 2
    expected = {
        "en": "Job advert on a messaging app",
        "th": "ประกาศรับสมัครงานในแอปแชท",
        # A visitor may not open the Lao translation: they get the original, and never learn the Lao one exists.
        "lo": "ປະກາດຮັບສະໝັກວຽກໃນແອັບ" if reader == "officer" else "Job advert on a messaging app",
    }[interface]
    assert expected in titles
    assert "Broker at the bus station" in titles
    # The listing's own counts agree: one case study per language it is written in, the type counted once.
    found = client.get("/library/?type=case-study").context["listing"]
    assert found.total == 3
    assert found.found.facets["language"] == (
        {"en": 3, "th": 1, "lo": 1} if reader == "officer" else {"en": 3, "th": 1}
    )


def test_the_api_and_the_brief_count_and_list_each_case_study_once(translated, client):
    rows = client.get("/api/insights/routes.json").json()["rows"]
    assert {"origin": "MM", "destination": "TH", "case_studies": 2} in rows
    assert "MM,TH,2" in client.get("/api/insights/routes.csv").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    soup = BeautifulSoup(client.get("/insights/brief/MM/").content, "html.parser")
    text = soup.get_text()
    assert text.count("ประกาศรับสมัครงานในแอปแชท") == 1
    assert "Job advert on a messaging app" not in text and "ປະກາດ" not in text
    client.force_login(create_user(OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    text = BeautifulSoup(client.get("/insights/brief/MM/").content, "html.parser").get_text()
    assert text.count("ປະກາດຮັບສະໝັກວຽກໃນແອັບ") == 1 and "Job advert on a messaging app" not in text


def test_a_restricted_original_leaves_its_public_translation_counted_once_for_visitors(translated, client):
    restrict_to_officers(translated["original"])
    visitor = Insights(AnonymousUser(), Filters())
    assert visitor.count(("origin", "MM"), ("destination", "TH")) == 2
    number, url = route_cell(client)
    count, titles = listing(client, url)
    assert number == count == 2
    assert "Job advert on a messaging app" not in titles and "ประกาศรับสมัครงานในแอปแชท" in titles


def test_the_border_filter_keeps_case_studies_whose_route_includes_both_countries(translated, client):
    insights = Insights(AnonymousUser(), Filters.from_query(QueryDict("border=th-mm")))
    assert insights.filters.border == ["MM-TH"]
    assert insights.total == 2
    trend = insights.trend("channel", {})
    links = [cell.url for series in trend["series"] for cell in series["cells"] if cell.count]
    assert links and all("border=MM-TH" in url for url in links)
    for series in trend["series"]:
        for cell in series["cells"]:
            if cell.count:
                assert listing(client, cell.url)[0] == cell.count
    # The page offers the borders the reader's case studies cross, in the reader's language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    soup = BeautifulSoup(client.get("/insights/?border=MM-TH").content, "html.parser")
    options = {option["value"]: option.get_text() for option in soup.select("select[name=border] option")}
    assert set(options) == {"", "KH-TH", "MM-TH"}
    assert soup.select_one("select[name=border] option[selected]")["value"] == "MM-TH"
    rows = client.get("/api/insights/routes.json?border=TH-MM").json()
    assert rows["filters"]["border"] == ["MM-TH"]
    assert {(row["origin"], row["destination"]) for row in rows["rows"]} == {("MM", "TH")}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("TH", "is not a border"),
        ("TH-TH", "two different countries"),
        ("TH-XX", "unknown country code 'XX'"),
        ("<script>-TH", "is not a border"),
    ],
)
def test_a_bad_border_gets_a_clear_message_not_an_error_page(translated, client, value, message):
    page = client.get("/insights/", {"border": value})
    assert page.status_code == 400 and message in BeautifulSoup(page.content, "html.parser").get_text()
    api = client.get("/api/insights/routes.json", {"border": value})
    assert api.status_code == 400 and message in api.json()["error"]
    assert api.json()["error"].startswith("Border: ")
    listed = client.get("/library/", {"border": value, "type": "case-study"})
    assert listed.status_code == 200 and message in BeautifulSoup(listed.content, "html.parser").get_text()
