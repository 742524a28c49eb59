from unittest import mock

from django.contrib.auth.models import AnonymousUser, Group
from django.test import TestCase
from wagtail.models import PageViewRestriction

from library.models import HomePage, LibraryPage
from tests.factories.library import create_admin, create_case_study


class VisibleToTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.public = create_case_study(title="Public case")
        cls.members = create_case_study(title="Members case")
        PageViewRestriction.objects.create(page=cls.members, restriction_type=PageViewRestriction.LOGIN)
        cls.group = Group.objects.create(name="Task force")
        cls.task_force = create_case_study(title="Task force case")
        restriction = PageViewRestriction.objects.create(
            page=cls.task_force, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(cls.group)

    def titles(self, user):
        return set(LibraryPage.objects.visible_to(user).values_list("title", flat=True))

    def test_visitors_see_public_pages_only(self):
        self.assertEqual(self.titles(AnonymousUser()), {"Public case"})

    def test_hidden_subtrees_are_excluded_by_range_when_too_many_to_list(self):
        with mock.patch("accounts.access.pages.MAX_LISTED_IDS", 0):
            from library.models import ListingVersion

            ListingVersion.bump()  # forget the cached id lists
            self.assertEqual(self.titles(AnonymousUser()), {"Public case"})

    def test_a_superuser_sees_everything(self):
        self.assertEqual(self.titles(create_admin()), {"Public case", "Members case", "Task force case"})

    def test_a_restriction_on_an_ancestor_hides_the_whole_library(self):
        self.assertEqual(self.titles(AnonymousUser()), {"Public case"})
        PageViewRestriction.objects.create(page=HomePage.objects.get(), restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.titles(AnonymousUser()), set())
        response = self.client.get("/library/")
        self.assertNotEqual(response.status_code, 200)
