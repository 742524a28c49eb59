"""Pages are found for a path in one query for the walk (accounts.page_serving.route_for_request), with Wagtail's answer.

Wagtail's Page.route asks two queries a level (the child by slug, then its specific page); the site's walk reads every
level's candidates at once and leaves anything unusual to Wagtail. Each case compares the two answers on fresh requests.
"""

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from accounts.page_serving import route_for_request
from tests.factories.accounts import create_user, restrict_to_members
from tests.factories.library import create_case_study, create_method, library_index


def wagtail_route(path):
    return Page.route_for_request(RequestFactory().get(path), path)


def site_route(path):
    return route_for_request(RequestFactory().get(path), path)


def described(result):
    if result is None:
        return None
    page, args, kwargs = result
    return type(page), page.pk, tuple(args), dict(kwargs)


class RouteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.outer = create_case_study(title="Outer routing case", slug="outer")
        cls.inner = create_case_study(cls.outer, title="Inner routing case", slug="inner")
        cls.deepest = create_method(cls.inner, title="Deepest routing method", slug="deepest")
        cls.draft_parent = create_case_study(title="Draft parent case", slug="draft-parent", publish=False)
        cls.under_draft = create_case_study(cls.draft_parent, title="Live under a draft", slug="under-draft")
        cls.draft = create_case_study(title="Draft routing case", slug="draft-case", publish=False)
        # The same slug under two parents: each path must reach its own page.
        cls.twin_a = create_case_study(cls.outer, title="Twin under outer", slug="twin")
        cls.twin_b = create_case_study(cls.draft_parent, title="Twin under draft parent", slug="twin")

    def assert_same_route(self, path):
        expected = described(wagtail_route(path))
        self.assertEqual(described(site_route(path)), expected, path)
        return expected

    def test_every_path_reaches_the_page_wagtail_reaches(self):
        paths = [
            "/library/",
            "/library/outer/",
            "/library/outer/inner/",
            "/library/outer/inner/deepest/",
            "//library//outer/inner//deepest",
            "/library/outer/twin/",
            "/library/draft-parent/twin/",
            "/library/draft-parent/under-draft/",
        ]
        for path in paths:
            found = self.assert_same_route(path)
            self.assertIsNotNone(found, path)
        self.assertEqual(described(site_route("/library/outer/twin/"))[1], self.twin_a.pk)
        self.assertEqual(described(site_route("/library/draft-parent/twin/"))[1], self.twin_b.pk)
        self.assertIs(described(site_route("/library/outer/inner/deepest/"))[0], type(self.deepest.specific))

    def test_missing_and_draft_pages_are_not_found_as_by_wagtail(self):
        for path in [
            "/library/draft-case/",
            "/library/draft-parent/",
            "/library/nowhere/",
            "/library/outer/nowhere/",
            "/library/outer/inner/deepest/beyond/",
            "/library/inner/",  # a real slug at the wrong level
            "/nowhere/outer/",
            "/library/OUTER/",
        ]:
            self.assertIsNone(self.assert_same_route(path), path)

    def test_a_parent_counted_without_children_has_none_as_in_wagtail(self):
        Page.objects.filter(pk=self.outer.pk).update(numchild=0)
        self.assertIsNone(self.assert_same_route("/library/outer/inner/"))

    def test_a_page_is_routed_in_three_queries_whatever_its_depth(self):
        path = "/library/outer/inner/deepest/"
        with CaptureQueriesContext(connection) as wagtail:
            wagtail_route(path)
        with CaptureQueriesContext(connection) as site:
            site_route(path)
        # the site, the walk, the page's specific row (Wagtail: the site, the root's specific page, 2 a level, …)
        self.assertEqual(len(site), 3)
        self.assertGreater(len(wagtail), 2 * 4)

    def test_the_route_is_kept_on_the_request(self):
        request = RequestFactory().get("/library/outer/")
        first = route_for_request(request, "/library/outer/")
        with self.assertNumQueries(0):
            self.assertIs(route_for_request(request, "/library/outer/"), first)
            self.assertIs(Page.route_for_request(request, "/library/outer/"), first)


class RoutedServingTests(TestCase):
    """Served over HTTP: the access rule still judges the page the walk found, below a restricted parent too."""

    @classmethod
    def setUpTestData(cls):
        cls.parent = create_case_study(title="Members-only parent case", slug="members-parent")
        restrict_to_members(cls.parent)
        cls.child = create_case_study(cls.parent, title="Child of a members-only case", slug="child-case")
        cls.member = create_user(email="routing-member@example.org")

    def test_a_page_below_a_restricted_parent_is_served_to_members_only(self):
        url = "/library/members-parent/child-case/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.member)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Child of a members-only case")

    def test_library_index_still_serves(self):
        self.assertEqual(self.client.get(library_index().url).status_code, 200)


class ServedRestrictionsTests(TestCase):
    """The password check reads no restriction again for a page the walk found; an alias still takes its source's."""

    @classmethod
    def setUpTestData(cls):
        cls.case = create_case_study(title="Served once case", slug="served-once")
        cls.secret = create_case_study(
            title="Password source case", slug="password-source", summary="Password source case summary"
        )
        PageViewRestriction.objects.create(
            page=cls.secret, restriction_type=PageViewRestriction.PASSWORD, password="heron-7"
        )
        cls.alias = cls.secret.create_alias(parent=cls.case, update_slug="alias-of-secret")
        Page.objects.filter(pk=cls.alias.pk).update(live=True)  # as its source

    def test_a_page_reads_its_restrictions_once_and_its_ancestors_with_the_walk(self):
        self.client.force_login(create_user(email="served-once@example.org"))
        self.client.get("/library/served-once/")  # the process's hidden-subtrees cache is filled for this version
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/library/served-once/")
        self.assertContains(response, "Served once case")
        restriction_reads = [q for q in queries if 'FROM "wagtailcore_pageviewrestriction"' in q["sql"]]
        self.assertEqual(len(restriction_reads), 1)  # was 2, with the ancestors' aliases read between them
        self.assertFalse([q for q in queries if '"wagtailcore_page"."alias_of_id" FROM' in q["sql"]])

    def test_an_alias_of_a_password_protected_page_still_asks_for_the_password(self):
        self.assertEqual(self.alias.alias_of_id, self.secret.pk)
        for path in ("/library/password-source/", "/library/served-once/alias-of-secret/"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertContains(response, 'name="password"')
            self.assertNotContains(response, "Password source case summary")
