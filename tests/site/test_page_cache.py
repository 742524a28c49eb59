"""The visitors' page cache (frontline/page_cache.py): kept for visitors, never for members, never a restricted answer.

Every request goes through the whole middleware stack (Django's test client); the page cache is turned on here
(the test settings keep it off for the rest of the suite) and emptied before each test.
"""

from django.core.cache import caches
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from accounts import audit
from accounts.roles import OFFICER, PARTICIPANT
from forum.services import create_reply
from frontline import page_cache
from library.models import Country, HomePage
from safety.permits import data_load
from tests.factories.accounts import (
    create_user,
    create_working_group,
    restrict_to_groups,
    restrict_to_members,
    restrict_to_officers,
)
from tests.factories.forum import create_board, create_forum_member, create_thread
from tests.factories.library import TEST_DATA, create_case_study, create_method
from tests.factories.workshops import create_workshop
from workshops.models import FeedbackResponse, FollowUp

PROXY = {
    "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    "HTTP_X_FORWARDED_HOST": "evil.example",
    "HTTP_X_FORWARDED_PROTO": "https",
}


def cache_state(response):
    return response.get("X-Page-Cache")


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = create_case_study(title="Kestrel cached case", slug="kestrel-cached")
        cls.member = create_user(PARTICIPANT)

    def setUp(self):
        caches["pages"].clear()
        page_cache.forget_database_version()

    def test_a_second_visitor_is_served_from_the_cache(self):
        first = Client().get(self.page.url)
        self.assertEqual((first.status_code, cache_state(first)), (200, "miss"))
        with self.assertNumQueries(0):  # no session, no user, no page, no version (read by the first request)
            second = Client().get(self.page.url)
        self.assertEqual((second.status_code, cache_state(second)), (200, "hit"))
        self.assertEqual(second.content, first.content)
        self.assertContains(second, "Kestrel cached case")
        self.assertEqual(second["Content-Security-Policy"], first["Content-Security-Policy"])

    def test_a_signed_in_member_never_gets_a_cached_page_and_never_fills_the_cache(self):
        Client().get("/library/")
        member = Client()
        member.force_login(self.member)
        response = member.get("/library/")
        self.assertEqual(cache_state(response), "bypass")
        self.assertContains(response, "Sign out")
        caches["pages"].clear()
        member.get(self.page.url)
        visitor = Client().get(self.page.url)
        self.assertEqual(cache_state(visitor), "miss")
        self.assertContains(visitor, "Sign in")
        self.assertNotContains(visitor, "Sign out")

    def test_publishing_changes_what_a_visitor_sees_at_once(self):
        for url in (self.page.url, "/library/", "/", "/library/feed/"):
            Client().get(url)
            self.assertEqual(cache_state(Client().get(url)), "hit", url)
        self.page.title = "Kestrel renamed case"
        with data_load(TEST_DATA):
            self.page.save_revision().publish()
        for url in (self.page.url, "/library/", "/", "/library/feed/"):
            response = Client().get(url)
            self.assertContains(response, "Kestrel renamed case", msg_prefix=url)
            self.assertNotContains(response, "Kestrel cached case", msg_prefix=url)

    def test_unpublishing_and_a_new_restriction_hide_a_cached_page_at_once(self):
        other = create_case_study(title="Heron soon hidden", slug="heron-hidden")
        for page in (self.page, other):
            Client().get(page.url)
            self.assertEqual(cache_state(Client().get(page.url)), "hit")
        with data_load(TEST_DATA):
            self.page.unpublish()
        restrict_to_members(other)
        for page in (self.page, other):
            response = Client().get(page.url)
            self.assertEqual(response.status_code, 404, page.title)
        listing = Client().get("/library/")
        self.assertNotContains(listing, "Heron soon hidden")
        self.assertNotContains(listing, "Kestrel cached case")

    def test_a_change_to_a_page_without_a_search_document_shows_at_once(self):
        Client().get("/")
        self.assertEqual(cache_state(Client().get("/")), "hit")
        home = HomePage.objects.get()
        home.illustrative_notice = "Heron notice for every page"
        with self.captureOnCommitCallbacks(execute=True), data_load(TEST_DATA):
            home.save_revision().publish()
        self.assertContains(Client().get("/"), "Heron notice for every page")

    def test_a_taxonomy_rename_shows_at_once_in_that_language(self):
        thai = Client(HTTP_ACCEPT_LANGUAGE="th")
        thai.get("/library/")
        self.assertEqual(cache_state(thai.get("/library/")), "hit")
        country = Country.objects.get(code="KH")
        country.name_th = "กัมพูชาทดสอบ"
        with self.captureOnCommitCallbacks(execute=True):
            country.save()
        self.assertContains(thai.get("/library/"), "กัมพูชาทดสอบ")

    def test_language_variants_are_never_mixed(self):
        english = Client().get("/library/")
        self.assertContains(english, 'lang="en"')
        thai = Client(HTTP_ACCEPT_LANGUAGE="th").get("/library/")
        self.assertEqual(cache_state(thai), "miss")
        self.assertContains(thai, 'html lang="th"')
        lao = Client()
        lao.cookies["django_language"] = "lo"
        self.assertContains(lao.get("/library/"), 'html lang="lo"')
        self.assertContains(Client(HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9").get("/library/"), 'html lang="th"')
        self.assertEqual(cache_state(Client(HTTP_ACCEPT_LANGUAGE="th-TH").get("/library/")), "hit")
        again = Client().get("/library/")
        self.assertEqual(cache_state(again), "hit")
        self.assertContains(again, 'html lang="en"')

    def test_the_language_switcher_needs_no_token_and_refuses_another_site(self):
        page = Client().get("/library/")
        self.assertNotIn(b"csrfmiddlewaretoken", page.content)
        self.assertNotIn("csrftoken", page.cookies)
        switcher = Client(enforce_csrf_checks=True)
        switched = switcher.post(reverse("set_language"), {"language": "vi", "next": "/library/"})
        self.assertEqual((switched.status_code, switched["Location"]), (302, "/library/"))
        self.assertContains(switcher.get("/library/"), 'html lang="vi"')
        forged = Client(enforce_csrf_checks=True).post(
            reverse("set_language"), {"language": "lo", "next": "/"}, HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(forged.status_code, 403)
        self.assertNotIn("django_language", forged.cookies)
        cross = Client().post(reverse("set_language"), {"language": "lo"}, HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(cross.status_code, 403)

    def test_a_repeat_with_if_none_match_gets_304(self):
        for url in (self.page.url, "/library/feed/"):
            first = Client().get(url)
            etag = first["ETag"]
            repeat = Client().get(url, HTTP_IF_NONE_MATCH=etag)
            self.assertEqual((repeat.status_code, repeat.content), (304, b""), url)
        member = Client()
        member.force_login(self.member)  # the member's page differs (their name, "Sign out"): a new answer
        self.assertEqual(
            member.get(self.page.url, HTTP_IF_NONE_MATCH=Client().get(self.page.url)["ETag"]).status_code, 200
        )
        feed = Client().get("/library/feed/")
        since = Client().get("/library/feed/", HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"])
        self.assertEqual(since.status_code, 304)

    def test_cache_busting_query_strings_never_fill_the_cache(self):
        self.assertEqual(cache_state(Client().get("/library/", {"year": "2023", "x": "1"})), "bypass")
        self.assertEqual(cache_state(Client().get("/library/?x=1&year=2023")), "miss")
        self.assertEqual(cache_state(Client().get("/library/?year=2023&x=1")), "hit")
        for attempt in range(5):
            self.assertNotEqual(cache_state(Client().get(f"/library/?bust={attempt}")), "hit")
        self.assertEqual(cache_state(Client().get("/library/?" + "a" * 600)), "bypass")

    def test_a_message_for_one_visitor_is_never_shown_to_the_next(self):
        member = Client()
        member.force_login(self.member)
        member.post(reverse("account_logout"))
        signed_out = member.get("/library/")
        self.assertEqual(cache_state(signed_out), "bypass")
        self.assertEqual(cache_state(Client().get("/library/")), "miss")


@override_settings(
    PAGE_CACHE_SECONDS=600, TRUSTED_PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
class RestrictedAnswerMatrixTests(TestCase):
    """A restricted page, asked for by a visitor and a reader in every order, through a proxy or not."""

    @classmethod
    def setUpTestData(cls):
        group = create_working_group("Cache matrix group")
        cls.pages = {
            "members": create_case_study(title="Heron members cache", slug="heron-members-cache"),
            "officers": create_method(title="Osprey officers cache", slug="osprey-officers-cache"),
            "group": create_case_study(title="Plover group cache", slug="plover-group-cache"),
        }
        restrict_to_members(cls.pages["members"])
        restrict_to_officers(cls.pages["officers"])
        restrict_to_groups(cls.pages["group"], [group])
        cls.officer = create_user(OFFICER)
        cls.officer.groups.add(group)

    def setUp(self):
        caches["pages"].clear()
        page_cache.forget_database_version()

    def officer_client(self):
        client = Client()
        client.force_login(self.officer)
        return client

    def assert_withheld(self, response, page):
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(page.title, response.content.decode())
        self.assertNotEqual(cache_state(response), "hit")

    def test_reader_first_then_visitor(self):
        for proxy in ({}, PROXY):
            for audience, page in self.pages.items():
                reader = self.officer_client().get(page.url, **proxy)
                self.assertContains(reader, page.title, msg_prefix=audience)
                self.assertEqual(cache_state(reader), "bypass")
                for _ in range(2):
                    self.assert_withheld(Client().get(page.url, **proxy), page)

    def test_visitor_first_then_reader_then_visitor(self):
        for proxy in ({}, PROXY):
            for page in self.pages.values():
                for _ in range(2):
                    self.assert_withheld(Client().get(page.url, **proxy), page)
                self.assertContains(self.officer_client().get(page.url, **proxy), page.title)
                self.assert_withheld(Client().get(page.url, **proxy), page)

    def test_a_restricted_answer_is_never_stored_even_without_a_session_cookie(self):
        # A reader whose session cookie went missing on the way (a proxy stripping cookies) is a visitor: 404.
        for page in self.pages.values():
            officer = self.officer_client()
            officer.get(page.url)
            self.assert_withheld(Client().get(page.url, HTTP_COOKIE="django_language=en"), page)
        self.assertFalse([key for key in caches["pages"]._cache if "entry" in key])

    def test_the_listing_search_and_feed_never_show_a_restricted_title_to_a_visitor(self):
        officer = self.officer_client()
        for url in ("/library/", "/search/?q=cache", "/api/search/?q=cache", "/library/feed/", "/"):
            officer.get(url)
            for _ in range(3):  # the third request of a URL with a query string is a hit
                visitor = Client().get(url, **PROXY).content.decode()
                for page in self.pages.values():
                    self.assertNotIn(page.title, visitor, url)

    def test_a_forged_host_gets_its_own_entry(self):
        public = create_case_study(title="Kestrel host case", slug="kestrel-host-case")
        Client().get(public.url, HTTP_HOST="evil.example")
        honest = Client().get(public.url)
        self.assertEqual(cache_state(honest), "miss")
        self.assertNotIn("evil.example", honest.content.decode())


@override_settings(PAGE_CACHE_SECONDS=600)
class WhatBumpsTheSiteVersionTests(TestCase):
    """Only a change a visitor could see makes the stored pages unreachable: members' answers, feedback, forum
    posts (no board is public) and audit events leave them in place, so a busy workshop or thread does not empty
    the cache for every visitor."""

    URLS = ("/", "/library/", "/library/feed/")

    @classmethod
    def setUpTestData(cls):
        cls.page = create_case_study(title="Osprey cached case", slug="osprey-cached")
        cls.workshop = create_workshop(title="Osprey border workshop")
        cls.member = create_user(PARTICIPANT)
        cls.poster = create_forum_member("officer", handle="chong_mek_post")
        cls.thread = create_thread(create_board(name="Checkpoints", slug="checkpoints"), cls.poster, title="Stamps")

    def setUp(self):
        caches["pages"].clear()
        page_cache.forget_database_version()

    def stored(self):
        for url in (*self.URLS, self.page.url):
            Client().get(url)
            self.assertEqual(cache_state(Client().get(url)), "hit", url)
        return page_cache.site_version()

    def test_answers_feedback_forum_posts_and_audit_events_keep_the_stored_pages(self):
        version = self.stored()
        with self.captureOnCommitCallbacks(execute=True):
            FeedbackResponse.objects.create(
                workshop=self.workshop, user=self.member, relevance=5, facilitation=4, materials=4, recommend=5,
                most_useful="The role play at the checkpoint",
            )  # fmt: skip
            follow_up = FollowUp.objects.create(workshop=self.workshop, user=self.member, used="yes")
            follow_up.methods.add(self.page)
            create_reply(self.thread, self.poster, "The entry stamps changed colour last month.")
            audit.record("sign_in", self.member)
        page_cache.forget_database_version()
        self.assertEqual(page_cache.site_version(), version)
        for url in (*self.URLS, self.page.url):
            self.assertEqual(cache_state(Client().get(url)), "hit", url)

    def test_a_publish_and_a_restriction_change_replace_it(self):
        version = self.stored()
        self.page.title = "Osprey renamed case"
        with self.captureOnCommitCallbacks(execute=True), data_load(TEST_DATA):
            self.page.save_revision().publish()
        self.assertNotEqual(page_cache.site_version(), version)
        self.assertContains(Client().get("/library/"), "Osprey renamed case")

        version = self.stored()
        with self.captureOnCommitCallbacks(execute=True):
            restrict_to_officers(self.page)
        self.assertNotEqual(page_cache.site_version(), version)
        self.assertNotContains(Client().get("/library/"), "Osprey renamed case")
