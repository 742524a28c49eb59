"""Insights: aggregates computed by hand on a small library, suppression of small victim-profile cells, exports."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from accounts.roles import OFFICER, PARTICIPANT
from insights.aggregates import Filters, Insights
from library.models import CaseStudyPage, Province, RecruitmentChannel
from safety.permits import data_load
from tests.factories.accounts import create_user, restrict_to_officers
from tests.factories.library import TEST_DATA, create_case_study, create_method
from tests.insights.test_suppression import Cell, computable

pytestmark = pytest.mark.django_db

# (title, countries with roles, crime, year, channel, age band, gender, methods linked)
CASES = [
    (
        "Cassava farm debts",
        (("LA", "origin"), ("TH", "destination")),
        "forced-labour",
        2021,
        "social-media",
        "under-18",
        "female",
        ["m1"],
    ),
    (
        "Factory dormitory",
        (("LA", "origin"), ("TH", "destination")),
        "forced-labour",
        2022,
        "social-media",
        "under-18",
        "male",
        ["m1"],
    ),
    (
        "Karaoke bar",
        (("LA", "origin"), ("TH", "destination")),
        "sexual-exploitation",
        2022,
        "broker",
        "under-18",
        "female",
        ["m2"],
    ),
    (
        "Fishing boat crew",
        (("KH", "origin"), ("TH", "destination")),
        "forced-labour",
        2020,
        "broker",
        "18-24",
        "male",
        ["m1"],
    ),
    (
        "Compound in the hills",
        (("MM", "transit"), ("TH", "origin"), ("MM", "destination")),
        "scam-compounds",
        2023,
        "social-media",
        "25-34",
        "mixed",
        [],
    ),
    (
        "Bride across the border",
        (("VN", "origin"), ("CN", "destination")),
        "forced-marriage",
        2023,
        "marriage-broker",
        "18-24",
        "female",
        [],
    ),
]


# The three Laos → Thailand cases with victims under 18 all happened in one Thai province.
PROVINCE_OF = {
    "Cassava farm debts": ["nong-khai"],
    "Factory dormitory": ["nong-khai"],
    "Karaoke bar": ["nong-khai"],
    "Fishing boat crew": ["ranong"],
    "Compound in the hills": ["tak", "kayin-state"],
}


@pytest.fixture
def library():
    methods = {
        "m1": create_method(title="Interviewing with an interpreter"),
        "m2": create_method(title="Financial investigation"),
    }
    pages = []
    for title, countries, crime, year, channel, age, gender, linked in CASES:
        page = create_case_study(
            title=title,
            countries=countries,
            crimes=[crime],
            year=year,
            victim_age_band=age,
            victim_gender=gender,
            related_methods=[methods[key] for key in linked],
            publish=False,
        )
        page.recruitment_channels = list(RecruitmentChannel.objects.filter(slug=channel))
        page.provinces = list(Province.objects.filter(slug__in=PROVINCE_OF.get(title, [])))
        with data_load(TEST_DATA):
            page.save_revision().publish()
        pages.append(page)
    return {"pages": pages, "methods": methods}


@pytest.fixture
def officer_only_case(library):
    """A fourth Laos → Thailand case with under-18 victims, that only officers may open."""
    page = create_case_study(
        title="Officer-only sawmill case",
        countries=(("LA", "origin"), ("TH", "destination")),
        crimes=["forced-labour"],
        year=2023,
        victim_age_band="under-18",
        victim_gender="male",
    )
    restrict_to_officers(page)
    return page


def cells(table, country):
    return {
        value: cell
        for (value, _label), cell in zip(
            table["bands"], next(r for r in table["rows"] if r["country"].code == country)["cells"], strict=True
        )
    }


def test_the_aggregates_match_a_count_by_hand(library):
    insights = Insights(AnonymousUser(), Filters())
    assert insights.total == 6
    flows = {(f["origin"], f["destination"]): f["cell"].count for f in insights.routes()["flows"]}
    assert flows == {("LA", "TH"): 3, ("KH", "TH"): 1, ("TH", "MM"): 1, ("VN", "CN"): 1}
    roles = {
        row["country"].code: (row["origin"].count, row["transit"].count, row["destination"].count)
        for row in insights.routes()["roles"]
    }
    assert roles["TH"] == (1, 0, 4) and roles["MM"] == (0, 1, 1) and roles["LA"] == (3, 0, 0)
    matrix = insights.matrix()
    crimes = [crime.slug for crime in matrix["crimes"]]
    grid = {
        row["country"].code: dict(zip(crimes, [cell.count for cell in row["cells"]], strict=True))
        for row in matrix["rows"]
    }
    assert (
        grid["TH"]["forced-labour"] == 3 and grid["LA"]["forced-labour"] == 2 and grid["LA"]["sexual-exploitation"] == 1
    )
    assert grid["CN"] == {**dict.fromkeys(crimes, 0), "forced-marriage": 1}
    trend = insights.trend("channel", {})
    assert trend["years"] == ["2020", "2021", "2022", "2023"]
    by_channel = {s["value"]: [c.count for c in s["cells"]] for s in trend["series"]}
    assert by_channel == {"social-media": [0, 1, 1, 1], "broker": [1, 0, 1, 0], "marriage-broker": [0, 0, 0, 1]}
    methods = {
        p["crime"].slug: [(m["method"].title, m["cell"].count) for m in p["methods"]] for p in insights.methods()
    }
    assert methods == {
        "forced-labour": [("Interviewing with an interpreter", 3)],
        "sexual-exploitation": [("Financial investigation", 1)],
    }


def test_filters_narrow_every_figure(library):
    insights = Insights(AnonymousUser(), Filters(country=["LA"], year_from=2022, year_to=2023))
    assert insights.total == 2
    assert {(f["origin"], f["destination"]): f["cell"].count for f in insights.routes()["flows"]} == {("LA", "TH"): 2}
    assert Insights(AnonymousUser(), Filters(crime=["forced-marriage"], language=["en"])).total == 1


def test_three_under_18_cases_read_fewer_than_5_for_visitors_and_members_but_not_officers(library, client):
    age = next(t for t in Insights(AnonymousUser(), Filters()).profiles() if t["facet"] == "age")
    laos = cells(age, "LA")
    assert laos["under-18"].suppressed and laos["under-18"].count is None
    # Laos has 3 case studies (the listing says so) and its other bands are 0: one more cell hides with it, or
    # 3 minus the zeros would give the hidden one away.
    assert sum(cell.suppressed for cell in laos.values()) == 2
    assert all(cell.count == 0 for cell in laos.values() if not cell.suppressed)
    member = create_user(PARTICIPANT)
    assert cells(next(t for t in Insights(member, Filters()).profiles() if t["facet"] == "age"), "LA")[
        "under-18"
    ].suppressed
    officer = create_user(OFFICER)
    officer_age = next(t for t in Insights(officer, Filters()).profiles() if t["facet"] == "age")
    assert cells(officer_age, "LA")["under-18"].count == 3

    soup = BeautifulSoup(client.get("/insights/").content.decode(), "html.parser")
    age_table = soup.find("caption", string="Age band of most victims").find_parent("table")
    laos_row = next(row for row in age_table.select("tbody tr") if row.th.get_text(strip=True) == "Laos")
    assert "fewer than 5" in [td.get_text(strip=True) for td in laos_row.find_all("td")]
    assert "3" not in [td.get_text(strip=True) for td in laos_row.find_all("td")]

    rows = list(
        csv.DictReader(
            line
            for line in io.StringIO(client.get("/api/insights/victim-age.csv").content.decode())
            if not line.startswith("#")
        )
    )
    assert {"country": "LA", "band": "under-18", "case_studies": "<5"} in rows
    data = client.get("/api/insights/victim-age.json").json()
    assert {"country": "LA", "band": "under-18", "case_studies": "<5"} in data["rows"]
    assert data["suppressed_below"] == 5
    htcds = client.get("/api/insights/htcds.json").json()["rows"]
    assert {
        "htcds_field": "ftl_VictimAgeBand",
        "htcds_value": "under-18",
        "term": "under-18",
        "label": "Under 18",
        "case_studies": "<5",
    } in htcds


def test_a_lone_small_cell_in_a_row_takes_its_smallest_neighbour_with_it(library, settings):
    settings.INSIGHTS_MIN_CELL = 2
    gender = next(t for t in Insights(AnonymousUser(), Filters()).profiles() if t["facet"] == "gender")
    laos = cells(gender, "LA")  # female 2, male 1: the 1 is hidden, and so is the 2 that would give it away
    assert laos["male"].suppressed and laos["female"].suppressed


def test_an_officer_only_case_study_changes_officers_charts_but_not_visitors(officer_only_case, client):
    visitor = Insights(AnonymousUser(), Filters())
    officer = Insights(create_user(OFFICER), Filters())
    assert (visitor.total, officer.total) == (6, 7)
    assert visitor.count(("origin", "LA"), ("destination", "TH")) == 3
    assert officer.count(("origin", "LA"), ("destination", "TH")) == 4
    assert "Officer-only sawmill case" not in client.get("/insights/brief/LA/").content.decode()
    api = client.get("/api/insights/routes.json").json()["rows"]
    assert {"origin": "LA", "destination": "TH", "case_studies": 3} in api
    # The officer's answers are private (no shared cache keeps them); the visitor after them sees their own.
    client.force_login(create_user(OFFICER))
    for url in ("/insights/", "/api/insights/routes.json", "/api/insights/routes.csv", "/insights/brief/LA/"):
        response = client.get(url)
        assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"], url
    assert {"origin": "LA", "destination": "TH", "case_studies": 4} in client.get("/api/insights/routes.json").json()[
        "rows"
    ]
    assert "7 case studies counted." in client.get("/insights/").content.decode()
    client.logout()
    assert "6 case studies counted." in client.get("/insights/").content.decode()
    assert {"origin": "LA", "destination": "TH", "case_studies": 3} in client.get("/api/insights/routes.json").json()[
        "rows"
    ]


def test_every_figure_links_to_the_library_filtered_on_it(library, client):
    insights = Insights(AnonymousUser(), Filters(year_from=2021, year_to=2022))
    matrix = insights.matrix()
    row = next(r for r in matrix["rows"] if r["country"].code == "TH")
    cell = row["cells"][[c.slug for c in matrix["crimes"]].index("forced-labour")]
    assert cell.url == "/library/?type=case-study&country=TH&crime=forced-labour&from=2021&to=2022"
    listing = client.get(cell.url)
    assert listing.context["listing"].total == cell.count == 2
    trend = insights.trend("crime", {})
    series = next(s for s in trend["series"] if s["value"] == "forced-labour")
    assert client.get(series["cells"][1].url).context["listing"].total == series["cells"][1].count == 1


def listing_count(client, url):
    """Return the number of pages the library listing at url says it shows (its results heading)."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return int(page.select_one("#results-heading").get_text().split()[0])


def figure_links(client, url):
    """Return (number shown, library link) of every count in the insights page's tables."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        (int(link.get_text()), link["href"])
        for link in page.select("table a[href^='/library/']")
        if link.get_text().strip().isdigit()
    ]


@pytest.mark.parametrize("reader", ["visitor", "officer"])
@pytest.mark.parametrize("query", ["", "?country=LA&country=TH", "?crime=forced-labour&from=2021&to=2022"])
def test_each_figure_opens_the_listing_of_exactly_the_case_studies_it_counts(officer_only_case, client, reader, query):
    if reader == "officer":
        client.force_login(create_user(OFFICER))
    links = figure_links(client, f"/insights/{query}")
    assert len(links) >= 8
    named = set()
    for number, url in links:
        assert listing_count(client, url) == number, url
        named |= set(parse_qs(urlsplit(url).query))
    # Bars of both trends, route arrows, the roles table, matrix cells and method bars all link.
    assert {"year", "channel", "origin", "destination", "crime", "method"} <= named
    # The officer-only case is counted for the officer only, in the figure and in the listing it opens.
    route = next(n for n, url in links if "origin=LA" in url and "destination=TH" in url)
    expected = {"": 3, "?country=LA&country=TH": 3, "?crime=forced-labour&from=2021&to=2022": 2}[query]
    assert route == expected + (reader == "officer" and "crime" not in query)


def test_the_listing_refuses_bad_figure_filters_with_a_message(library, client):
    page = client.get("/library/?origin=XX&channel=nope&method=abc&from=20x&type=case-study")
    text = page.content.decode()
    assert page.status_code == 200
    assert "unknown country code &#x27;XX&#x27;" in text or "unknown country code 'XX'" in text
    assert "nope" in text and "abc" in text and "is not a year" in text
    assert listing_count(client, "/library/?origin=XX&type=case-study") == 6
    # A method the reader may not open is not a filter for them.
    hidden = create_method(title="Officers' method")
    restrict_to_officers(hidden)
    assert "unknown value" in client.get(f"/library/?method={hidden.pk}").content.decode()
    assert listing_count(client, "/library/?from=2022&to=2023&type=case-study") == 4
    assert listing_count(client, "/library/?from=2030&type=case-study") == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?country=XX", "unknown country code"),
        ("?crime=<script>", "unknown crime type"),
        ("?from=abcd", "is not a year"),
        ("?from=2024&to=2020", "The first year must not be after the last year."),
        ("?language=xx", "unknown language"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error_page(library, client, query, message):
    page = client.get(f"/insights/{query}")
    assert page.status_code == 400 and message in page.content.decode()
    api = client.get(f"/api/insights/routes.json{query}")
    assert api.status_code == 400 and message in api.json()["error"]
    assert client.get("/api/insights/no-such-table.json").status_code == 404
    assert client.get("/api/insights/routes.xml").status_code == 404
    assert client.get("/insights/brief/ZZ/").status_code == 404
    brief = client.get(f"/insights/brief/LA/{query}")
    assert brief.status_code == 400 and message in brief.content.decode()


def test_the_downloads_carry_the_licence_and_citation(library, client):
    text = client.get("/api/insights/country-crime.csv").content.decode()
    assert text.startswith("# Licence: CC BY 4.0")
    assert "# Cite as: Frontline Exchange, Insights" in text
    assert "country,crime_type,case_studies" in text
    data = client.get("/api/insights/country-crime.json").json()
    assert data["licence"].startswith("CC BY 4.0") and data["unit"] == "case studies"
    index = client.get("/api/insights/").json()
    assert set(index["tables"]) >= {"routes", "country-crime", "victim-age", "htcds"}


def test_the_page_in_thai_draws_small_svg_and_tables(library, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    response = client.get("/insights/")
    content = response.content.decode()
    soup = BeautifulSoup(content, "html.parser")
    svgs = soup.select("svg.chart")
    assert len(svgs) >= 4 and "<script" not in content
    route_map = soup.select_one("svg.chart--map")
    assert len(str(route_map).encode()) <= 60_000
    assert "ไทย" in route_map.get_text()
    assert route_map.select_one('a[href^="/library/?type=case-study"]')
    assert len(soup.select("details.figure-table table")) >= 4


def test_the_country_brief_lists_routes_crimes_and_the_newest_case_studies(library, client):
    content = client.get("/insights/brief/LA/").content.decode()
    for text in ("Brief: Laos", "Laos → Thailand", "Karaoke bar", "Interviewing with an interpreter"):
        assert text in content
    assert CaseStudyPage.objects.count() == 6


def test_the_brief_of_laos_downloads_as_a_pdf_in_lao(library, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    response = client.get("/insights/brief/LA.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief-LA.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "ລາວ" in text and "Karaoke bar" in text


def province_row(soup, caption, name):
    table = soup.find("caption", string=caption).find_parent("table")
    return [
        td.get_text(strip=True) for td in next(r for r in table.select("tbody tr") if name in r.th.get_text())("td")
    ]


def test_three_under_18_cases_in_one_province_read_fewer_than_5_for_visitors_not_officers(library, client):
    caption = "Age band of most victims, by province"
    bands = [value for value, _label in CaseStudyPage._meta.get_field("victim_age_band").choices]
    visitor = province_row(BeautifulSoup(client.get("/insights/").content, "html.parser"), caption, "Nong Khai")
    assert visitor[bands.index("under-18")] == "fewer than 5" and "3" not in visitor
    rows = client.get("/api/insights/victim-age-province.json").json()["rows"]
    assert {"country": "TH", "province": "nong-khai", "band": "under-18", "case_studies": "<5"} in rows
    csv_text = client.get("/api/insights/victim-age-province.csv").content.decode()
    assert "TH,nong-khai,under-18,<5" in csv_text
    brief = BeautifulSoup(client.get("/insights/brief/TH/").content, "html.parser")
    assert "fewer than 5" in province_row(brief, caption, "Nong Khai")
    # Never finer than the province: no table, export or brief names a district, a town or a border area.
    assert "border_area" not in csv_text
    # An officer sees the count; the province's row links to exactly its case studies.
    client.force_login(create_user(OFFICER))
    page = BeautifulSoup(client.get("/insights/").content, "html.parser")
    assert province_row(page, caption, "Nong Khai")[bands.index("under-18")] == "3"
    link = page.find("caption", string=caption).find_parent("table").find("a", string=lambda t: "Nong Khai" in t)
    assert listing_count(client, link["href"]) == 3


def test_a_lone_suppressed_province_cell_takes_the_smallest_other_province_of_its_country_with_it(library, settings):
    # Tak holds one 25-34 case, Ranong one 18-24 case: each is alone and below 5 in its row and column.
    tables = Insights(AnonymousUser(), Filters()).province_profiles()
    age = next(t for t in tables if t["facet"] == "age")
    thai = {row["province"].slug: row["cells"] for row in age["rows"] if row["country"].code == "TH"}
    assert all(cell.count is None or cell.count == 0 for cells_ in thai.values() for cell in cells_)
    settings.INSIGHTS_MIN_CELL = 3
    age = next(t for t in Insights(AnonymousUser(), Filters()).province_profiles() if t["facet"] == "age")
    nong_khai = next(row for row in age["rows"] if row["province"].slug == "nong-khai")["cells"]
    assert 3 in [cell.count for cell in nong_khai]


def test_provinces_are_seeded_in_five_languages_and_the_demo_codes_case_studies_with_them():
    tak = Province.objects.get(slug="tak")
    assert (tak.country.code, tak.name, tak.name_th, tak.name_km, tak.name_lo, tak.name_vi) == (
        "TH",
        "Tak",
        "ตาก",
        "តាក់",
        "ຕາກ",
        "Tak",
    )
    assert set(Province.objects.values_list("country__code", flat=True)) == {"KH", "LA", "MM", "TH", "VN"}


PROFILE_API = {"age": "victim-age", "gender": "victim-gender", "victims": "victim-count"}
HTCDS_FIELD = {"age": "ftl_VictimAgeBand", "gender": "prs_Gender", "victims": "ftl_VictimCountBand"}


def published_profile_equations(client, facet, query=""):
    """Return (equations, hidden cells) of what a reader gets from the API for one profile facet.

    The sums a reader knows: each country's and each province's bands add up to its case studies (the library
    listing says how many), each band's countries add up to the regional total (htcds.json), each country's
    provinces add up to the country's cell.
    """

    def cell(value, total=False):
        return Cell(None if value == "<5" or str(value).startswith("<") else value, str(value).startswith("<"), total)

    countries, provinces = {}, {}
    for row in client.get(f"/api/insights/{PROFILE_API[facet]}.json{query}").json()["rows"]:
        countries.setdefault(row["country"], {})[row["band"]] = cell(row["case_studies"])
    for row in client.get(f"/api/insights/{PROFILE_API[facet]}-province.json{query}").json()["rows"]:
        provinces.setdefault((row["country"], row["province"]), {})[row["band"]] = cell(row["case_studies"])
    totals = {
        row["htcds_value"]: cell(row["case_studies"], total=True)
        for row in client.get(f"/api/insights/htcds.json{query}").json()["rows"]
        if row["htcds_field"] == HTCDS_FIELD[facet]
    }
    bands = list(totals)
    equations = [list(cells.values()) for cells in countries.values()]
    equations += [list(cells.values()) for cells in provinces.values()]
    equations.append(list(totals.values()))
    equations += [[*(cells[band] for cells in countries.values()), totals[band]] for band in bands]
    for code, cells in countries.items():
        mine = [found for (country, _slug), found in provinces.items() if country == code]
        if mine:
            equations += [
                [*(found[band] for found in mine), Cell(cells[band].count, cells[band].suppressed, True)]
                for band in bands
            ]
    hidden = [term for equation in equations for term in equation if term.suppressed]
    return equations, hidden, countries, provinces, totals


@pytest.mark.parametrize("k", [3, 5])
def test_no_published_victim_figure_lets_a_visitor_compute_a_hidden_one(officer_only_case, client, settings, k):
    settings.INSIGHTS_MIN_CELL = k
    for facet in PROFILE_API:
        equations, hidden, countries, provinces, _totals = published_profile_equations(client, facet)
        assert hidden, facet
        for term in hidden:
            assert not computable(equations, term), facet
        # Every shown count is at least k (or 0), everywhere.
        for term in (term for equation in equations for term in equation if not term.suppressed):
            assert term.count == 0 or term.count >= k
    # The hole: Laos's three under-18 case studies, the rest of its row 0: a zero band hides with them.
    laos = published_profile_equations(client, "age")[2]["LA"]
    if k == 5:
        assert laos["under-18"].suppressed and sum(cell.suppressed for cell in laos.values()) >= 2
    else:
        assert laos["under-18"].count == 3  # 3 is not under k = 3: shown


def test_filters_do_not_change_a_visitors_victim_figures_but_narrow_an_officers(officer_only_case, client):
    def rows(query):
        return client.get(f"/api/insights/victim-age.json{query}").json()["rows"]

    everything = rows("")
    for query in ("?crime=forced-labour", "?from=2022&to=2023", "?language=en", "?crime=forced-labour&from=2021"):
        assert rows(query) == everything, query
    # The country filter picks rows, with the same cells.
    assert rows("?country=LA") == [row for row in everything if row["country"] == "LA"]
    page = client.get("/insights/?crime=forced-labour").content.decode()
    assert "whatever the crime types, borders, languages and years chosen" in page
    assert "whatever the crime types" not in client.get("/insights/").content.decode()
    client.force_login(create_user(OFFICER))
    officer = {(r["country"], r["band"]): r["case_studies"] for r in rows("")}
    narrowed = {(r["country"], r["band"]): r["case_studies"] for r in rows("?from=2023")}
    assert officer[("LA", "under-18")] == 4 and narrowed[("LA", "under-18")] == 1
