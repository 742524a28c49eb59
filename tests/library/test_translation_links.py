"""A page's translations are read in one query (both directions of the link, the reader's rule applied)."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from tests.factories.accounts import restrict_to_members
from tests.factories.library import create_case_study


def pks(pages):
    return [page.pk for page in pages]


class TranslationLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.original = create_case_study(title="Fake job advert case", slug="fake-job-advert")
        cls.thai = create_case_study(
            title="Thai version", slug="th-fake-job-advert", language="th", translation_of=cls.original
        )
        cls.lao = create_case_study(
            title="Lao version", slug="lo-fake-job-advert", language="lo", translation_of=cls.original
        )
        cls.khmer = create_case_study(
            title="Khmer version", slug="km-fake-job-advert", language="km", translation_of=cls.original
        )
        restrict_to_members(cls.khmer)
        cls.draft = create_case_study(
            title="Vietnamese draft",
            slug="vi-fake-job-advert",
            language="vi",
            translation_of=cls.original,
            publish=False,
        )

    def test_each_page_lists_the_others_it_may_show_in_one_query(self):
        visitor = AnonymousUser()
        self.original.all_translations(visitor)  # the reader's restrictions version and hidden subtrees, once
        with self.assertNumQueries(1):
            from_original = self.original.all_translations(visitor)
        self.assertEqual(pks(from_original), pks([self.lao, self.thai]))
        self.assertEqual(pks(self.thai.all_translations(visitor)), pks([self.original, self.lao]))
        self.assertEqual(pks(self.lao.all_translations()), pks([self.original, self.khmer, self.thai]))  # live ones
