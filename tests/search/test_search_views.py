"""The search page and the JSON API, as a reader uses them."""

import pytest
from django.test import override_settings

from tests.factories.accounts import create_user, create_working_group, restrict_to_groups, restrict_to_members
from tests.factories.library import create_case_study, create_method, create_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    thai = create_case_study(
        title="คดีแรงงานประมง",
        language="th",
        summary="พบขบวนการค้ามนุษย์ข้ามชาติบนเรือประมง",
        countries=(("TH", "destination"), ("KH", "origin")),
        crimes=["forced-labour"],
        tags=["fishing"],
        year=2022,
    )
    vietnamese = create_case_study(
        title="Buôn bán người qua biên giới",
        language="vi",
        summary="Đối tượng buôn bán người dụ dỗ phụ nữ <sang> biên giới.",
        countries=(("VN", "origin"), ("CN", "destination")),
        crimes=["forced-marriage"],
        year=2023,
    )
    method = create_method(
        title="Interviewing trafficking victims",
        summary="Trauma-informed interviews of victims.",
        countries=("TH",),
        crimes=["forced-labour"],
        year=2021,
    )
    resource = create_resource(title="River crossing smuggling guide", summary="Routes used by smugglers.", year=2023)
    secret = create_case_study(title="Sealed compound raid", summary="Zanzibarite informant network.")
    group = create_working_group("Task force")
    restrict_to_groups(secret, [group])
    return {
        "thai": thai,
        "vietnamese": vietnamese,
        "method": method,
        "resource": resource,
        "secret": secret,
        "group": group,
    }


# The page


def test_page_shows_a_search_box_without_a_query(client, library):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert b'name="q"' in response.content


def test_page_lists_highlighted_hits_with_badges(client, library):
    response = client.get("/search/", {"q": "buon ban nguoi"})
    content = response.content.decode()
    assert "Buôn bán người qua biên giới" in content
    assert "<mark>" in content
    assert "&lt;sang&gt;" in content and "<sang>" not in content
    assert "Vietnamese" in content and "Viet Nam" in content


def test_page_finds_thai_inside_an_unspaced_phrase(client, library):
    content = client.get("/search/", {"q": "ค้ามนุษย์"}).content.decode()
    assert "คดีแรงงานประมง" in content


def test_page_offers_facet_links_that_filter(client, library):
    content = client.get("/search/").content.decode()
    assert "?country=TH" in content
    filtered = client.get("/search/", {"country": "TH", "type": "method"}).content.decode()
    assert "Interviewing trafficking victims" in filtered
    assert "คดีแรงงานประมง" not in filtered
    assert 'aria-current="true"' in filtered


def test_page_helps_when_nothing_is_found(client, library):
    content = client.get("/search/", {"q": "submarine"}).content.decode()
    assert "Nothing matches" in content
    assert "without accents" in content


def test_page_shows_the_results_of_the_corrected_spelling(client, library):
    content = client.get("/search/", {"q": "smugling"}).content.decode()
    assert "Showing results for <strong>smuggling</strong>" in content and "River crossing smuggling guide" in content
    assert "search instead for smugling" in content and "Did you mean" not in content


def test_page_searches_as_typed_on_request_and_suggests_the_spelling(client, library):
    content = client.get("/search/", {"q": "smugling", "as_typed": "1"}).content.decode()
    assert "Did you mean" in content and "smuggling" in content
    assert "River crossing smuggling guide" not in content and "Showing results for" not in content


def test_page_hides_restricted_pages_from_anonymous_readers(client, library):
    content = client.get("/search/", {"q": "compound"}).content.decode()
    assert "Sealed compound raid" not in content


def test_page_shows_restricted_pages_to_group_members(client, library):
    member = create_user()
    library["group"].user_set.add(member)
    client.force_login(member)
    content = client.get("/search/", {"q": "compound"}).content.decode()
    assert "Sealed compound raid" in content


def test_page_reports_a_bad_parameter(client, library):
    response = client.get("/search/", {"q": "x", "country": "XX"})
    assert response.status_code == 400
    assert "unknown country code &#x27;XX&#x27;" in response.content.decode()


def test_page_paginates(client, library):
    for number in range(22):
        create_method(title=f"Checkpoint method {number}")
    first = client.get("/search/", {"q": "checkpoint"}).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/search/", {"q": "checkpoint", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second and 'rel="prev"' in second


@override_settings(SEARCH_URL="http://127.0.0.1:9")
def test_page_says_so_when_the_cluster_is_down(client, library):
    response = client.get("/search/", {"q": "smuggling"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "River crossing smuggling guide" in content
    assert "not answering" in content


# The API


def test_api_returns_results_and_facets(client, library):
    response = client.get("/api/search/", {"q": "victims"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"count", "page", "pages", "engine", "results", "facets", "fallback", "suggestion"}
    assert data["engine"] == "embedded" and data["fallback"] is False
    assert data["count"] == 1
    hit = data["results"][0]
    assert hit["title"] == "Interviewing trafficking victims"
    assert set(hit) == {"title", "url", "type", "language", "countries", "year", "snippet"}
    assert hit["type"] == "method" and hit["countries"] == ["TH"] and hit["year"] == 2021
    assert "<mark>victims</mark>" in hit["snippet"]
    assert set(data["facets"]) == {"type", "country", "crime", "year", "language", "tag"}
    assert data["facets"]["type"] == [{"value": "method", "label": "Investigation method", "count": 1}]


def test_api_labels_facet_values(client, library):
    facets = client.get("/api/search/").json()["facets"]
    assert {"value": "TH", "label": "Thailand", "count": 2} in facets["country"]
    assert {"value": "vi", "label": "Vietnamese", "count": 1} in facets["language"]
    assert {"value": "forced-labour", "label": "Trafficking for forced labour", "count": 2} in facets["crime"]
    assert {"value": "fishing", "label": "fishing", "count": 1} in facets["tag"]


def test_api_filters_with_repeated_and_comma_separated_values(client, library):
    repeated = client.get("/api/search/?country=VN&country=KH").json()
    comma = client.get("/api/search/?country=vn,kh").json()
    assert repeated["count"] == comma["count"] == 3


def test_api_counts_exclude_restricted_pages(client, library):
    data = client.get("/api/search/").json()
    assert data["count"] == 4
    assert sum(item["count"] for item in data["facets"]["type"]) == 4


def test_api_answers_for_the_signed_in_reader(client, library):
    restrict_to_members(library["resource"])
    assert client.get("/api/search/", {"q": "smuggling"}).json()["count"] == 0
    client.force_login(create_user())
    assert client.get("/api/search/", {"q": "smuggling"}).json()["count"] == 1


def test_api_hides_members_pages_from_pending_members(client, library):
    restrict_to_members(library["resource"])
    client.force_login(create_user(approved=False))
    assert client.get("/api/search/", {"q": "smuggling"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "XX"}, "country"),
        ({"year": "twenty"}, "year"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "9"}, "page"),
        ({"type": "novel"}, "type"),
        ({"sort": "oldest"}, "sort"),
        ({"language": "fr"}, "language"),
        ({"crime": "piracy"}, "crime"),
        ({"tag": "no spaces!"}, "tag"),
    ],
)
def test_api_rejects_a_bad_parameter_naming_it(client, library, params, parameter):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    data = response.json()
    assert data["parameter"] == parameter
    assert data["error"]


def test_api_error_message_names_the_bad_country(client, library):
    assert client.get("/api/search/", {"country": "XX"}).json()["error"] == "unknown country code 'XX'"


def test_api_sorts_by_newest(client, library):
    data = client.get("/api/search/", {"sort": "newest", "q": "smuggling trafficking buon"}).json()
    assert data["count"] >= 2


@override_settings(SEARCH_URL="http://127.0.0.1:9")
def test_api_falls_back_to_the_embedded_index(client, library):
    response = client.get("/api/search/", {"q": "smuggling"})
    assert response.status_code == 200
    data = response.json()
    assert data["fallback"] is True and data["engine"] == "embedded"
    assert data["results"][0]["title"] == "River crossing smuggling guide"


def test_page_is_small_enough_for_a_phone(client, library):
    for number in range(25):
        create_method(title=f"Checkpoint screening method {number}", summary="Screening at the checkpoint. " * 20)
    response = client.get("/search/", {"q": "checkpoint screening"})
    assert response.status_code == 200
    assert response.content.count(b'class="card"') == 20
    assert b"<script" not in response.content
    assert len(response.content) < 40_000
