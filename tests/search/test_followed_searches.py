"""Followed searches (issue 15 item 5): follow from /search/ and the library, the worker's check, alerts, email in the
member's language, the daily digest, signed unsubscribe links, limits, and nothing restricted ever alerting."""

import json
import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import NotificationPreference
from accounts.roles import OFFICER
from forum.notifications import send_digests
from library.models import CaseStudyPage, Province, RecruitmentChannel
from safety.permits import data_load
from search.backends.embedded import EmbeddedEngine
from search.follows import checks, core
from search.follows.models import Delivery, FollowedSearch, SearchAlert
from search.follows.tasks import check_followed_searches
from tests.factories.accounts import create_user, restrict_to_officers
from tests.factories.library import TEST_DATA, create_case_study, create_method

pytestmark = pytest.mark.django_db

SCAM = {"q": "scam compound", "country": "KH"}


@pytest.fixture
def vietnamese_member():
    return create_user(None, country_code="VN", ui_language="vi", email="lan@example.org")


@pytest.fixture
def english_member():
    return create_user(None, country_code="TH", ui_language="en", email="somchai@example.org")


@pytest.fixture
def officer():
    return create_user(OFFICER, country_code="KH", ui_language="en", email="officer@example.org")


def follow_scam_compound(client, user, **extra):
    client.force_login(user)
    response = client.post(reverse("follows:follow"), {**SCAM, "next": "/search/?q=scam+compound&country=KH", **extra})
    assert response.status_code == 302
    return FollowedSearch.objects.get(user=user)


def publish_scam_case(title="Scam compound in Sihanoukville", restricted=False, **fields):
    """Publish a matching case study as an editor would (restricted before it is published, if asked)."""
    fields.setdefault("countries", (("KH", "destination"),))
    page = create_case_study(title=title, crimes=("scam-compounds",), publish=not restricted, **fields)
    if restricted:
        restrict_to_officers(page)
        with data_load(TEST_DATA):
            page.save_revision().publish()
    return page


def unsubscribe_link(message):
    return re.search(r"http://\S+/search/following/unsubscribe/\S+/", message.body).group(0)


def test_the_issue_scenario_one_email_in_vietnamese(client, vietnamese_member):
    followed = follow_scam_compound(client, vietnamese_member)
    assert followed.query == "scam compound" and followed.filters == {"country": ["KH"]}
    page = client.get("/search/?q=scam+compound&country=KH").content.decode()
    assert "You follow this search" in page or "Bạn đang theo dõi" in page

    publish_scam_case()
    publish_scam_case(title="Scam compound in Myawaddy", countries=(("MM", "destination"),))  # not Cambodia
    checks.run(now=timezone.now() + timedelta(minutes=10))
    checks.run(now=timezone.now() + timedelta(minutes=20))  # a repeated run sends nothing twice
    check_followed_searches.enqueue()  # the worker's task (immediate backend in tests): still nothing twice

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.org"]
    with translation.override("vi"):
        intro = translation.gettext("New on Frontline Exchange for your followed search “%(name)s”:")
    assert intro != "New on Frontline Exchange for your followed search “%(name)s”:"  # translated
    assert intro.split("“")[0] in message.body
    assert "Scam compound in Sihanoukville" in message.body and "Myawaddy" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_link(message) in message.extra_headers["List-Unsubscribe"]
    assert SearchAlert.objects.filter(user=vietnamese_member).count() == 1
    assert core.unread_count(vietnamese_member) == 1

    listing = client.get(reverse("follows:list")).content.decode()
    assert "Scam compound in Sihanoukville" in listing
    alert = SearchAlert.objects.get()
    response = client.get(reverse("follows:alert", args=[alert.pk]))
    assert response.status_code == 302 and "scam-compound-in-sihanoukville" in response["Location"]
    assert core.unread_count(vietnamese_member) == 0


def test_documents_published_before_the_follow_do_not_alert(client, english_member):
    publish_scam_case(title="An older scam compound case")
    follow_scam_compound(client, english_member)
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert mail.outbox == [] and not SearchAlert.objects.exists()


def test_an_officer_only_page_alerts_officers_and_never_a_member_without_access(client, english_member, officer):
    follow_scam_compound(client, english_member)
    follow_scam_compound(Client(), officer)
    publish_scam_case(title="Officers-only scam compound raid", restricted=True)
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
    assert "Officers-only scam compound raid" in mail.outbox[0].body
    assert not SearchAlert.objects.filter(user=english_member).exists()
    assert core.unread_count(english_member) == 0
    assert "Officers-only" not in client.get(reverse("follows:list")).content.decode()


def test_a_page_restricted_after_the_check_is_neither_shown_nor_sent_in_the_digest(client, english_member):
    followed = follow_scam_compound(client, english_member)
    FollowedSearch.objects.filter(pk=followed.pk).update(delivery=Delivery.DAILY)
    page = publish_scam_case(title="Soon restricted scam compound case")
    checks.run(now=timezone.now() + timedelta(minutes=10))
    alert = SearchAlert.objects.get()
    assert mail.outbox == []  # daily: nothing at once
    restrict_to_officers(page)
    assert send_digests(now=timezone.now() + timedelta(minutes=20)) == 0
    assert mail.outbox == []
    assert core.unread_count(english_member) == 0
    assert client.get(reverse("follows:alert", args=[alert.pk])).status_code == 404
    assert "Soon restricted" not in client.get(reverse("follows:list")).content.decode()


def test_daily_follows_arrive_once_in_the_digest_in_the_members_language(client, vietnamese_member):
    followed = follow_scam_compound(client, vietnamese_member)
    client.post(reverse("follows:update", args=[followed.pk]), {"name": "Campuchia", "delivery": "daily"})
    followed.refresh_from_db()
    assert followed.delivery == Delivery.DAILY and followed.name == "Campuchia"
    publish_scam_case()
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert mail.outbox == []
    later = timezone.now() + timedelta(hours=1)
    assert send_digests(now=later) == 1
    assert send_digests(now=later) == 0  # run again: nothing twice
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Scam compound in Sihanoukville" in body and "“Campuchia”" in body
    with translation.override("vi"):
        assert translation.gettext("New matches for your followed searches:") in body
    assert "/search/following/unsubscribe/" in mail.outbox[0].extra_headers["List-Unsubscribe"]


def test_a_forum_digest_member_gets_both_in_one_email(client, english_member):
    english_member.member.notifications = NotificationPreference.DAILY
    english_member.member.save()
    followed = follow_scam_compound(client, english_member)
    assert followed.delivery == Delivery.DAILY  # new follows take the member's email choice
    publish_scam_case()
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert send_digests(now=timezone.now() + timedelta(hours=1)) == 1
    assert "New matches for your followed searches:" in mail.outbox[0].body


def test_unsubscribe_link_works_signed_without_sign_in_and_fails_tampered(client, english_member):
    follow_scam_compound(client, english_member)
    publish_scam_case()
    checks.run(now=timezone.now() + timedelta(minutes=10))
    path = urlsplit(unsubscribe_link(mail.outbox[0])).path
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page.status_code == 200 and "scam compound" in page.content.decode()
    assert FollowedSearch.objects.get().delivery == Delivery.IMMEDIATELY  # GET changes nothing
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-2] + ("xx" if not token.endswith("xx") else "yy"))
    assert visitor.post(tampered, {"List-Unsubscribe": "One-Click"}).status_code == 400
    assert FollowedSearch.objects.get().delivery == Delivery.IMMEDIATELY
    done = visitor.post(path, {"List-Unsubscribe": "One-Click"})  # a mail client's one-click POST, no CSRF token
    assert done.status_code == 200
    assert FollowedSearch.objects.get().delivery == Delivery.OFF
    publish_scam_case(title="Another scam compound case")
    checks.run(now=timezone.now() + timedelta(minutes=30))
    assert len(mail.outbox) == 1  # no more email; the match is still on the site
    assert core.unread_count(english_member) == 2


def test_one_search_query_per_followed_search_per_run(client, english_member, vietnamese_member):
    follow_scam_compound(client, english_member)
    client.post(reverse("follows:follow"), {"q": "forced labour", "next": "/search/"})
    follow_scam_compound(Client(), vietnamese_member)
    publish_scam_case()
    with mock.patch.object(EmbeddedEngine, "search", autospec=True, side_effect=EmbeddedEngine.search) as search:
        checks.run(now=timezone.now() + timedelta(minutes=10))
    assert search.call_count == 3
    assert sorted(call.args[1].sort for call in search.call_args_list) == ["newest"] * 3


def test_following_from_the_library_listing_follows_its_kinds_and_filters(client, english_member):
    client.force_login(english_member)
    listing = client.get("/library/?country=KH").content.decode()
    assert 'name="source" value="library"' in listing and 'name="scope" value="method"' in listing
    fields = dict(re.findall(r'<input type="hidden" name="(source|path|country)" value="([^"]*)"', listing))
    scope = re.findall(r'<input type="hidden" name="scope" value="([^"]*)"', listing)
    response = client.post(reverse("follows:follow"), {**fields, "scope": scope, "next": "/library/?country=KH"})
    assert response["Location"] == "/library/?country=KH"
    followed = FollowedSearch.objects.get()
    assert (
        followed.source == "library"
        and followed.path == "/library/"
        and core.open_url(followed) == "/library/?country=KH"
    )
    assert "You follow this search" in client.get("/library/?country=KH").content.decode()
    create_method(title="Checking phones at the Poipet crossing", countries=("KH",))
    create_method(title="A Vietnamese method", countries=("VN",))
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert len(mail.outbox) == 1 and "Poipet" in mail.outbox[0].body and "Vietnamese method" not in mail.outbox[0].body


def test_profile_lists_followed_searches_and_unfollow_works(client, english_member):
    followed = follow_scam_compound(client, english_member)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Followed searches" in profile and "scam compound · Cambodia" in profile
    response = client.post(reverse("follows:unfollow", args=[followed.pk]), {"next": "/search/?q=scam+compound"})
    assert response["Location"] == "/search/?q=scam+compound"
    assert not FollowedSearch.objects.exists()


def test_at_most_fifty_followed_searches_with_a_clear_message(client, english_member):
    client.force_login(english_member)
    for n in range(core.MAX_FOLLOWS):
        client.post(reverse("follows:follow"), {"q": f"query {n}", "next": "/search/"})
    assert FollowedSearch.objects.count() == core.MAX_FOLLOWS
    response = client.post(reverse("follows:follow"), {"q": "one too many", "next": "/search/"}, follow=True)
    assert "the most one member can" in response.content.decode()
    assert FollowedSearch.objects.count() == core.MAX_FOLLOWS
    again = client.post(reverse("follows:follow"), {"q": "query 3", "next": "/search/"}, follow=True)
    assert "You already follow" in again.content.decode()


def test_bad_input_and_other_members_follows(client, english_member, vietnamese_member):
    theirs = follow_scam_compound(Client(), vietnamese_member)
    client.force_login(english_member)
    bad = client.post(reverse("follows:follow"), {"q": "x", "country": "ZZ", "next": "/search/"}, follow=True)
    assert bad.status_code == 200 and "unknown country code" in bad.content.decode()
    assert client.post(reverse("follows:follow"), {"q": "x", "next": "https://evil.example/"})["Location"] == "/search/"
    assert client.get(reverse("follows:follow")).status_code == 405
    assert client.post(reverse("follows:unfollow", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("follows:update", args=[theirs.pk]), {"delivery": "off"}).status_code == 404
    publish_scam_case()
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert client.get(reverse("follows:alert", args=[SearchAlert.objects.get().pk])).status_code == 404
    assert FollowedSearch.objects.get(pk=theirs.pk).delivery == Delivery.IMMEDIATELY


def test_visitors_are_asked_to_sign_in_and_cannot_follow(client):
    page = client.get("/search/?q=scam+compound").content.decode()
    assert "Sign in to follow this search" in page
    response = client.post(reverse("follows:follow"), {"q": "scam compound", "next": "/search/?q=scam"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not FollowedSearch.objects.exists()


def test_following_a_tag_only_restricted_pages_carry_never_alerts(client, english_member):
    client.force_login(english_member)
    client.post(reverse("follows:follow"), {"tag": "operation-mekong", "next": "/search/"})
    publish_scam_case(title="Operation Mekong debrief", restricted=True, tags=("operation-mekong",))
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert mail.outbox == [] and not SearchAlert.objects.exists()


def follow_form(html):
    """Return the hidden fields of the page's follow form, as a client posts them (repeated names as lists)."""
    form = html.split('class="follow-search__form"', 1)[1].split("</form>", 1)[0]
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value.replace("&amp;", "&"))
    return fields


def test_a_library_follow_keeps_every_filter_and_the_check_honours_each(client, english_member):
    method = create_method(title="Tracing recruiters' phones", countries=("KH",))
    channels, provinces = RecruitmentChannel.objects, Province.objects
    url = (
        f"/library/?crime=scam-compounds&origin=VN&destination=KH&channel=social-media&province=koh-kong"
        f"&method={method.pk}&from=2022&to=2024"
    )
    client.force_login(english_member)
    response = client.post(reverse("follows:follow"), follow_form(client.get(url).content.decode()))
    assert response["Location"] == url
    followed = FollowedSearch.objects.get()
    assert followed.filters == {
        "crime": ["scam-compounds"],
        "origin": ["VN"],
        "destination": ["KH"],
        "channel": ["social-media"],
        "province": ["koh-kong"],
        "method": [str(method.pk)],
        "from": ["2022"],
        "to": ["2024"],
    }
    assert core.open_url(followed).startswith("/library/?crime=scam-compounds&origin=VN&destination=KH")
    assert "You follow this search" in client.get(url).content.decode()
    assert core.describe(followed) == (
        "Forced criminality in online scam compounds · Origin: Viet Nam · Destination: Cambodia · Recruitment channel: Social media"
        " · Province: Koh Kong · Method: Tracing recruiters' phones · Years 2022–2024"
    )

    def publish(
        title,
        *,
        countries=(("VN", "origin"), ("KH", "destination")),
        channel="social-media",
        province="koh-kong",
        year=2023,
        methods=(method,),
    ):
        publish_scam_case(
            title=title,
            countries=countries,
            year=year,
            recruitment_channels=list(channels.filter(slug=channel)),
            provinces=list(provinces.filter(slug=province)),
            related_methods=list(methods),
        )

    publish("Every filter matches")
    publish("Recruited by a broker", channel="broker")
    publish("Another province", province="kampong-cham")
    publish("Too old", year=2019)
    publish("Lao origin", countries=(("LA", "origin"), ("KH", "destination")))
    publish("No method linked", methods=())
    checks.run(now=timezone.now() + timedelta(minutes=10))
    assert [alert.doc_id for alert in SearchAlert.objects.all()] == [
        f"page:{CaseStudyPage.objects.get(title='Every filter matches').pk}"
    ]
    assert len(mail.outbox) == 1 and "Every filter matches" in mail.outbox[0].body


def test_follow_refuses_junk_and_hidden_filter_values_by_name(client, english_member):
    secret = create_method(title="Zanzibarite informant handling", countries=("KH",))
    restrict_to_officers(secret)
    client.force_login(english_member)
    cases = [
        ({"channel": "no-such-channel"}, "unknown value"),
        ({"province": "<script>"}, "unknown value"),
        ({"origin": "ZZ"}, "unknown country code"),
        ({"method": "abc"}, "unknown value"),
        ({"method": str(secret.pk)}, "unknown value"),
        ({"from": "20x4"}, "is not a year"),
        ({"from": "2024", "to": "2020"}, "must not be after"),
    ]
    for filters, message in cases:
        response = client.post(
            reverse("follows:follow"),
            {"source": "library", "path": "/library/", "next": "/library/", **filters},
            follow=True,
        )
        page = response.content.decode()
        assert response.status_code == 200 and message in page, filters
        assert "Zanzibarite" not in page and "unknown value '<script>'" not in page
    assert not FollowedSearch.objects.exists()


def test_following_a_corrected_search_follows_the_spelling_its_results_answer(client, english_member):
    create_case_study(title="Trafficking through a fishing fleet", crimes=("scam-compounds",))
    client.force_login(english_member)
    page = client.get("/search/?q=traficking").content.decode()
    assert "search instead for" in page
    client.post(reverse("follows:follow"), follow_form(page))
    assert FollowedSearch.objects.get().query == "trafficking"


def test_the_members_data_export_holds_their_followed_searches_only(client, english_member, vietnamese_member):
    follow_scam_compound(Client(), vietnamese_member)
    client.force_login(english_member)
    client.post(reverse("follows:follow"), {"q": "forced labour", "country": "TH", "year": "2023", "next": "/search/"})
    client.post(
        reverse("follows:follow"),
        {"source": "library", "path": "/library/", "channel": "social-media", "from": "2020", "next": "/library/"},
    )
    FollowedSearch.objects.filter(user=english_member, query="").update(delivery=Delivery.DAILY)
    checks.run()
    exported = client.get("/members/profile/export/").json()["followed_searches"]
    assert [(row["query"], row["filters"], row["frequency"]) for row in exported] == [
        ("forced labour", {"country": ["TH"], "year": ["2023"]}, "immediately"),
        ("", {"channel": ["social-media"], "from": ["2020"]}, "daily"),
    ]
    assert exported[1]["address"] == "/library/?channel=social-media&from=2020"
    assert all(row["created"] and row["last_checked"] for row in exported)
    assert "scam compound" not in json.dumps(exported)
