"""The restrictions version is read once for a request's reader, and again at once after a change in this process."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from library.models import LibraryPage
from tests.factories.accounts import create_user, restrict_to_members
from tests.factories.library import create_case_study, create_method


def version_reads(queries):
    return [query for query in queries if "library_listingversion" in query["sql"]]


class RestrictionsVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.method = create_method(title="Version method", slug="version-method")
        cls.case = create_case_study(title="Version case", slug="version-case", related_methods=[cls.method])

    def test_one_reader_reads_the_version_once_for_several_lists(self):
        reader = create_user()
        with CaptureQueriesContext(connection) as queries:
            list(LibraryPage.objects.visible_to(reader))
            list(LibraryPage.objects.visible_to(reader).filter(pk=self.case.pk))
        self.assertEqual(len(version_reads(queries)), 1)

    def test_a_member_reading_a_case_study_reads_the_version_once(self):
        self.client.force_login(create_user())
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.case.url)
        self.assertContains(response, "Version method")  # its related method, listed through visible_to
        self.assertEqual(len(version_reads(queries)), 1)

    def test_a_restriction_saved_in_this_process_hides_the_page_at_once_from_the_same_reader(self):
        visitor = AnonymousUser()
        self.assertIn(self.case.pk, set(LibraryPage.objects.visible_to(visitor).values_list("pk", flat=True)))
        restrict_to_members(self.case)
        self.assertNotIn(self.case.pk, set(LibraryPage.objects.visible_to(visitor).values_list("pk", flat=True)))
