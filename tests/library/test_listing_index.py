"""The library listing reads the search index's summary: the same counts as the search page, whatever the engine."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase, override_settings
from wagtail.models import PageViewRestriction

from forum import search_index as forum_search_index
from library.listing import latest_pages
from search import service
from search.models import OutboxEntry
from tests.factories.forum import create_board, create_forum_member, create_thread
from tests.factories.library import create_case_study, create_method, create_resource

CLOSED_PORT_URL = "http://127.0.0.1:9/"  # nothing listens on the discard port: any request to it fails at once


class ListingIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.marriage = create_case_study(
            title="Brides sold across the northern border",
            countries=[("LA", "origin"), ("CN", "destination")],
            crimes=["forced-marriage"],
            year=2021,
            language="lo",
            tags=["marriage"],
        )
        cls.scam = create_case_study(
            title="Scam compound recruitment", countries=[("KH", "destination")], year=2023, tags=["telegram"]
        )
        cls.method = create_method(title="Screening brides at the crossing", countries=["LA"], year=2024)
        cls.resource = create_resource(title="Referral form", countries=["VN"], year=2020, tags=["telegram"])
        cls.members_only = create_case_study(title="Members-only case", countries=[("LA", "origin")], year=2019)
        PageViewRestriction.objects.create(page=cls.members_only, restriction_type=PageViewRestriction.LOGIN)
        cls.member = create_forum_member("participant", handle="field-officer")

    def listing(self, query=""):
        response = self.client.get(f"/library/{query}")
        self.assertEqual(response.status_code, 200)
        return response.context["listing"]

    def listing_counts(self, listing):
        return {group.name: {link.value: link.count for link in group.values} for group in listing.facets}

    def api_counts(self, query=""):
        response = self.client.get(f"/api/search/?type=case-study&type=method&type=resource{query}")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        return data["count"], {
            name: {v["value"]: v["count"] for v in values} for name, values in data["facets"].items()
        }

    def assert_same_as_search(self, query=""):
        listing = self.listing(f"?{query}" if query else "")
        total, counts = self.api_counts(f"&{query}" if query else "")
        self.assertEqual(listing.total, total)
        for name, values in self.listing_counts(listing).items():
            if name != "type":  # the API's type filter is the listing's scope: compare the other facets
                self.assertEqual(values, {k: v for k, v in counts[name].items() if v}, name)

    def test_the_listing_and_the_search_api_count_the_same_for_a_visitor_and_a_member(self):
        self.assert_same_as_search()
        self.assert_same_as_search("country=LA")
        self.assertEqual(self.listing().total, 4)
        self.client.force_login(self.member)
        self.assert_same_as_search()
        self.assert_same_as_search("country=LA")
        self.assertEqual(self.listing().total, 5)

    def test_forum_discussions_share_the_index_but_stay_out_of_the_listing(self):
        self.client.force_login(self.member)
        before = self.listing("?country=LA")
        before_counts, before_titles = self.listing_counts(before), [p.title for p in before.page.object_list]
        thread = create_thread(create_board(), self.member, title="Brides at the northern border", body="Seen this?")
        forum_search_index.update(thread)  # as the forum's views do after a thread is started
        browse = service.browse(user=self.member, counted=("type",))
        self.assertEqual(browse.facets["type"].get("discussion"), 1)  # the search index holds the discussion
        after = self.listing("?country=LA")
        self.assertEqual(self.listing_counts(after), before_counts)
        self.assertEqual([p.title for p in after.page.object_list], before_titles)
        self.assertEqual(self.listing().total, 5)

    def test_the_home_page_and_the_feed_list_the_newest_pages_the_reader_may_open(self):
        self.assertEqual(
            [page.title for page in latest_pages(AnonymousUser(), "case-study", 6)],
            ["Scam compound recruitment", "Brides sold across the northern border"],
        )
        self.assertEqual(
            [page.title for page in latest_pages(self.member, "case-study", 6)],
            ["Members-only case", "Scam compound recruitment", "Brides sold across the northern border"],
        )
        response = self.client.get("/")
        self.assertContains(response, "Scam compound recruitment")
        self.assertNotContains(response, "Members-only case")
        feed = self.client.get("/library/feed/").content.decode()
        self.assertIn("Referral form", feed)
        self.assertNotIn("Members-only case", feed)

    @override_settings(SEARCH_URL=CLOSED_PORT_URL, SEARCH_TIMEOUT=1)
    def test_with_an_external_engine_that_does_not_answer_the_listing_still_lists_and_counts(self):
        page = create_case_study(title="Published while the cluster is down", countries=[("LA", "transit")])
        self.assertTrue(OutboxEntry.objects.filter(doc_id=f"page:{page.pk}").exists())  # queued for the cluster
        listing = self.listing("?country=LA")
        self.assertEqual(
            [p.title for p in listing.page.object_list],
            [
                "Published while the cluster is down",
                "Screening brides at the crossing",
                "Brides sold across the northern border",
            ],
        )
        self.assertEqual(self.listing_counts(listing)["country"], {"LA": 3, "CN": 1, "KH": 1, "VN": 1})
        response = self.client.get("/library/?country=LA")
        self.assertContains(response, "3 pages")
        self.assertEqual([p.title for p in latest_pages(AnonymousUser(), "case-study", 1)], [page.title])
