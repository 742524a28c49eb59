from unittest import mock

import feedparser
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.test import TestCase
from wagtail.models import PageViewRestriction, Site

from tests.factories.library import create_case_study, create_resource

ATOM = "{http://www.w3.org/2005/Atom}"


class LibraryFeedTests(TestCase):
    def entries(self):
        response = self.client.get("/library/feed/")
        self.assertEqual(response.status_code, 200)
        feed = ElementTree.fromstring(response.content)
        return [
            (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text) for entry in feed.iter(f"{ATOM}entry")
        ]

    def test_lists_public_pages_of_every_kind_newest_first_with_summaries(self):
        create_case_study(title="Mekong crossing case", summary="Smuggling across the river.")
        create_resource(title="Interview guide", summary="A field guide.")
        self.assertEqual(
            self.entries(),
            [("Interview guide", "A field guide."), ("Mekong crossing case", "Smuggling across the river.")],
        )

    def test_leaves_out_restricted_pages_even_for_signed_in_readers(self):
        hidden = create_case_study(title="Officers-only compound raid")
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
        self.assertNotIn("Officers-only compound raid", [title for title, _summary in self.entries()])


class FeedSummaryEscapingTests(TestCase):
    """Feed readers parse the feed as feedparser does: a summary is shown as the text it is, never as markup."""

    def test_markup_in_a_plain_text_summary_reaches_feed_readers_as_text(self):
        summary = 'Raid <img src=x onerror=alert(1)> & "quotes" <script>alert(2)</script>'
        create_case_study(title="Escaping case", summary=summary)
        parsed = feedparser.parse(self.client.get("/library/feed/").content, sanitize_html=False)
        (entry,) = [entry for entry in parsed.entries if entry.title == "Escaping case"]
        self.assertEqual(entry.summary_detail.type, "text/html")
        html = BeautifulSoup(entry.summary, "html.parser")
        self.assertIsNone(html.find("img"))
        self.assertIsNone(html.find("script"))
        self.assertEqual(html.get_text(), summary)


class FeedLinkTests(TestCase):
    def test_each_entry_links_its_page_and_the_sites_are_read_once_for_the_whole_feed(self):
        pages = [create_case_study(title=f"Linked case {n}", slug=f"linked-case-{n}") for n in range(3)]
        with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as root_paths:
            response = self.client.get("/library/feed/")
        self.assertEqual(root_paths.call_count, 1)  # was once an entry: a shared-cache round trip each
        feed = ElementTree.fromstring(response.content)
        links = {
            entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}link").get("href")
            for entry in feed.iter(f"{ATOM}entry")
        }
        for page in pages:
            self.assertEqual(links[page.title], f"http://testserver{page.url}")
