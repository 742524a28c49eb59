from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from library.models import LibraryPage
from safety.permits import data_load
from tests.factories.library import create_admin, create_case_study, create_method, create_resource


def restrict(page, kind=PageViewRestriction.LOGIN, groups=()):
    """Put a Wagtail view restriction on a page."""
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(groups)
    return restriction


class LibraryFilterTests(TestCase):
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
            title="Scam compound recruitment",
            countries=[("KH", "destination"), ("TH", "origin")],
            crimes=["scam-compounds"],
            year=2023,
            tags=["telegram"],
        )
        cls.labour = create_case_study(
            title="Plantation workers held by debt",
            countries=[("LA", "origin"), ("TH", "destination")],
            crimes=["forced-labour"],
            year=2022,
        )
        cls.method = create_method(
            title="Screening brides at the crossing", countries=["LA"], crimes=["forced-marriage"], year=2024
        )
        cls.method.language = "th"
        with data_load("test data"):
            cls.method.save_revision().publish()
        cls.resource = create_resource(title="Referral form", countries=["VN"], year=2020, tags=["telegram"])
        cls.members_only = create_case_study(
            title="Members-only marriage case",
            countries=[("LA", "origin"), ("VN", "destination")],
            crimes=["forced-marriage"],
            year=2019,
            tags=["secret-tag"],
        )
        restrict(cls.members_only)
        cls.group = Group.objects.create(name="Task force")
        cls.group_only = create_method(title="Task-force method", countries=["LA", "MM"], crimes=["forced-marriage"])
        restrict(cls.group_only, PageViewRestriction.GROUPS, [cls.group])
        cls.draft = create_case_study(title="Unpublished draft case", countries=[("LA", "origin")], publish=False)

    def get(self, query=""):
        response = self.client.get(f"/library/{query}")
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, response):
        return {page.title for page in response.context["listing"].page.object_list}

    def counts(self, response, facet):
        facets = {f.name: f for f in response.context["listing"].facets}
        return {value.value: value.count for value in facets[facet].values}

    def test_lists_every_public_page_newest_first(self):
        response = self.get()
        pages = [page.title for page in response.context["listing"].page.object_list]
        self.assertEqual(
            pages,
            [
                "Referral form",
                "Screening brides at the crossing",
                "Plantation workers held by debt",
                "Scam compound recruitment",
                "Brides sold across the northern border",
            ],
        )
        self.assertContains(response, "5 pages")
        self.assertNotContains(response, "Unpublished draft case")

    def test_filters_by_laos_and_forced_marriage(self):
        response = self.get("?country=LA&crime=forced-marriage")
        self.assertEqual(
            self.titles(response), {"Brides sold across the northern border", "Screening brides at the crossing"}
        )
        self.assertContains(response, "2 pages")

    def test_values_within_a_facet_are_alternatives(self):
        response = self.get("?country=KH&country=VN")
        self.assertEqual(self.titles(response), {"Scam compound recruitment", "Referral form"})

    def test_facets_combine_as_all_of(self):
        response = self.get("?country=TH&type=case-study&year=2022")
        self.assertEqual(self.titles(response), {"Plantation workers held by debt"})
        response = self.get("?tag=telegram&type=resource")
        self.assertEqual(self.titles(response), {"Referral form"})
        response = self.get("?language=lo")
        self.assertEqual(self.titles(response), {"Brides sold across the northern border"})

    def test_counts_follow_the_other_filters_but_not_their_own(self):
        response = self.get("?country=LA")
        # The country facet ignores its own selection, so other countries stay selectable with their own totals.
        self.assertEqual(self.counts(response, "country"), {"KH": 1, "LA": 3, "TH": 2, "CN": 1, "VN": 1})
        # Other facets count within Laos.
        self.assertEqual(self.counts(response, "crime"), {"forced-labour": 1, "forced-marriage": 2})
        self.assertEqual(self.counts(response, "type"), {"case-study": 2, "method": 1})
        self.assertEqual(self.counts(response, "year"), {"2024": 1, "2022": 1, "2021": 1})
        self.assertEqual(self.counts(response, "language"), {"en": 1, "lo": 1, "th": 1})
        self.assertEqual(self.counts(response, "tag"), {"marriage": 1})

    def test_counts_under_two_filters(self):
        response = self.get("?country=LA&crime=forced-marriage")
        self.assertEqual(self.counts(response, "country"), {"LA": 2, "CN": 1})
        self.assertEqual(self.counts(response, "crime"), {"forced-labour": 1, "forced-marriage": 2})
        self.assertEqual(self.counts(response, "type"), {"case-study": 1, "method": 1})

    def test_counts_are_shown_beside_each_value_as_links_that_work_without_javascript(self):
        response = self.get("?country=LA")
        self.assertContains(
            response,
            '<a href="?country=LA&amp;crime=forced-marriage" rel="nofollow">Trafficking for forced marriage '
            '<span class="count">(2<span class="visually-hidden"> results</span>)</span></a>',
            html=True,
        )
        # The selected value links to the listing without it.
        self.assertContains(response, '<a href="/library/" rel="nofollow" class="is-selected" aria-current="true">')
        self.assertNotContains(response, "<script")

    def test_restricted_pages_are_absent_from_results_and_counts_for_visitors(self):
        response = self.get("?country=LA")
        self.assertNotIn("Members-only marriage case", self.titles(response))
        self.assertNotIn("Task-force method", self.titles(response))
        self.assertNotIn("MM", self.counts(response, "country"))
        self.assertNotIn("secret-tag", self.counts(response, "tag"))
        self.assertNotIn("2019", self.counts(response, "year"))
        self.assertNotContains(response, "Members-only")
        self.assertNotContains(response, "secret-tag")
        self.assertNotContains(response, "Myanmar")
        response = self.get("?tag=secret-tag")
        self.assertEqual(self.titles(response), set())
        self.assertContains(response, "0 pages")

    def test_restricted_pages_count_for_readers_who_may_open_them(self):
        self.client.force_login(create_admin(), "django.contrib.auth.backends.ModelBackend")
        response = self.get("?country=LA&crime=forced-marriage")
        self.assertEqual(
            self.titles(response),
            {
                "Brides sold across the northern border",
                "Screening brides at the crossing",
                "Members-only marriage case",
                "Task-force method",
            },
        )
        self.assertEqual(self.counts(response, "country")["MM"], 1)

    def test_unknown_or_malformed_values_are_ignored(self):
        for query in (
            "?country=ZZ",
            "?country=laos",
            "?country=%3Cscript%3E",
            "?type=article",
            "?crime=no-such-crime",
            "?crime=%E0%B8%81",
            "?year=abc",
            "?year=99999999999999999999999",
            "?year=-1",
            "?tag=%00",
            "?language=xx",
            "?page=abc",
            "?page=999",
            "?page=-3",
            "?country=",
        ):
            with self.subTest(query=query):
                response = self.get(query)
                self.assertFalse(response.context["listing"].active)
                self.assertContains(response, "5 pages")

    def test_lower_case_country_codes_are_accepted(self):
        response = self.get("?country=la&crime=forced-marriage")
        self.assertEqual(len(self.titles(response)), 2)

    def test_a_known_value_with_no_results_shows_nothing_and_can_be_removed(self):
        response = self.get("?country=MY")
        self.assertEqual(self.titles(response), set())
        self.assertContains(response, "Nothing matches these filters.")
        self.assertEqual(self.counts(response, "country")["MY"], 0)


class LibraryPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        start = timezone.now() - timedelta(days=30)
        for number in range(23):
            page = create_case_study(title=f"Listed example {number:02d}", slug=f"case-{number}")
            LibraryPage.objects.filter(pk=page.pk).update(first_published_at=start + timedelta(hours=number))

    def test_shows_twenty_a_page_newest_first(self):
        response = self.client.get("/library/")
        titles = [page.title for page in response.context["listing"].page.object_list]
        self.assertEqual(titles, [f"Listed example {n:02d}" for n in range(22, 2, -1)])
        self.assertContains(response, 'href="?page=2"')
        response = self.client.get("/library/?page=2")
        titles = [page.title for page in response.context["listing"].page.object_list]
        self.assertEqual(titles, ["Listed example 02", "Listed example 01", "Listed example 00"])

    def test_pagination_keeps_the_filters(self):
        response = self.client.get("/library/?country=KH")
        self.assertContains(response, 'href="?country=KH&amp;page=2"')

    def test_cards_cost_no_query_each(self):
        self.client.get("/library/")  # builds the listing summary
        with CaptureQueriesContext(connection) as full_page:
            self.client.get("/library/")
        with CaptureQueriesContext(connection) as three_cards:
            self.client.get("/library/?page=2")
        self.assertEqual(len(full_page), len(three_cards))
        self.assertLess(len(full_page), 20)


class LibraryListingFreshnessTests(TestCase):
    """The listing's in-memory summary follows every change at once."""

    def get(self):
        response = self.client.get("/library/?country=LA")
        return {page.title for page in response.context["listing"].page.object_list}, response

    def test_publishing_unpublishing_and_restricting_show_at_once(self):
        page = create_case_study(title="Newly published case", countries=[("LA", "origin")])
        titles, _response = self.get()
        self.assertEqual(titles, {"Newly published case"})

        second = create_case_study(title="Second case", countries=[("LA", "transit")])
        titles, response = self.get()
        self.assertEqual(titles, {"Newly published case", "Second case"})
        self.assertContains(response, "2 pages")

        second.unpublish()
        titles, _response = self.get()
        self.assertEqual(titles, {"Newly published case"})

        restriction = restrict(page)
        titles, response = self.get()
        self.assertEqual(titles, set())
        self.assertContains(response, "0 pages")

        group = Group.objects.create(name="Liaison officers")
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
        restriction.groups.add(group)
        self.assertEqual(self.get()[0], set())
        restriction.delete()
        self.assertEqual(self.get()[0], {"Newly published case"})

        page.delete()
        titles, response = self.get()
        self.assertEqual(titles, set())


class TranslatedMethodListingTests(TestCase):
    """A method and its translations are one entry, like a case study's: shown in the reader's language when a
    version in it may be opened, counted once, never revealing a version the reader may not open."""

    @classmethod
    def setUpTestData(cls):
        cls.original = create_method(title="Interviewing a suspected victim", language="en")
        cls.thai = create_method(title="การสัมภาษณ์ผู้ที่อาจเป็นผู้เสียหาย", language="th", translation_of=cls.original)
        cls.lao = create_method(title="ການສໍາພາດຜູ້ທີ່ອາດເປັນຜູ້ເສຍຫາຍ", language="lo", translation_of=cls.original)
        restrict(cls.lao)  # members only
        cls.other = create_method(title="Checking travel documents", language="en")

    def titles(self, url, language="en"):
        self.client.cookies["django_language"] = language
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.context["listing"].total, [page.title for page in response.context["listing"].page]

    def test_a_method_and_its_translations_are_one_entry_in_the_readers_language(self):
        self.assertEqual(self.titles("/library/?type=method"), (2, ["Checking travel documents", self.original.title]))
        total, titles = self.titles("/library/?type=method", "th")
        self.assertEqual(total, 2)
        self.assertIn(self.thai.title, titles)
        self.assertNotIn(self.original.title, titles)

    def test_a_version_the_reader_may_not_open_is_neither_shown_nor_counted(self):
        total, titles = self.titles("/library/?type=method", "lo")
        self.assertEqual(total, 2)
        self.assertIn(self.original.title, titles)  # a visitor gets the original, not the members-only Lao version
        self.assertNotIn(self.lao.title, titles)
        self.assertEqual(self.titles("/library/?type=method&language=lo", "lo"), (0, []))

    def test_the_language_facet_counts_each_language_a_method_is_written_in(self):
        response = self.client.get("/library/?type=method")
        self.assertEqual(response.context["listing"].found.facets["language"], {"en": 2, "th": 1})
