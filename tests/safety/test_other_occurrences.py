"""Names without cues: from a finding, the editor sees the value's other occurrences and watches it in one click."""

from django.test import TestCase
from django.urls import reverse

from accounts.roles import EDITOR
from library.models import CaseStudyPage
from safety.models import WatchedName
from safety.review.findings import open_findings_for_page
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class OtherOccurrencesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(title="Harbour case", slug="harbour", publish=False)
        cls.page.summary = (
            "The victim Ms. Malai Chanthavong was recruited at the harbour. Later Malai Chanthavong fled."
        )
        cls.page.save_revision(user=cls.editor)
        # Older pages name her without any cue, so the detector alone does not flag them.
        cls.other = create_case_study(
            title="Boat crew case", slug="boat-crew", summary="Crew list: Malai Chanthavong, cook."
        )
        cls.unrelated = create_case_study(title="Karaoke case", slug="karaoke", summary="No names here.")

    def setUp(self):
        self.client.force_login(self.editor, MODEL_BACKEND)
        self.finding = next(f for f in open_findings_for_page(self.page) if f.kind == "person")
        self.url = reverse("safety_finding_occurrences", args=[self.page.pk, self.finding.key])

    def test_each_finding_links_to_its_other_occurrences(self):
        response = self.client.get(reverse("safety_page_findings", args=[self.page.pk]))
        self.assertContains(response, self.url)

    def test_other_occurrences_lists_this_pages_copies_and_other_library_pages(self):
        self.assertEqual(open_findings_for_page(self.other), [])
        response = self.client.get(self.url)
        self.assertContains(response, "<mark>Malai Chanthavong</mark>", count=2, html=False)
        self.assertContains(response, "Boat crew case")
        self.assertContains(response, reverse("safety_page_findings", args=[self.other.pk]))
        self.assertNotContains(response, "Karaoke case")

    def test_one_click_adds_the_name_to_the_watch_list_and_flags_the_other_pages(self):
        response = self.client.post(self.url, {"action": "watch"}, follow=True)
        self.assertContains(response, "is now flagged here and on 1 other page")
        self.assertTrue(WatchedName.objects.filter(name="Malai Chanthavong", active=True).exists())
        found = open_findings_for_page(CaseStudyPage.objects.get(pk=self.other.pk))
        self.assertEqual([(f.kind, f.text) for f in found], [("person", "Malai Chanthavong")])

    def test_a_guessed_key_or_page_shows_nothing(self):
        bad = reverse("safety_finding_occurrences", args=[self.page.pk, "0" * 64])
        response = self.client.get(bad, follow=True)
        self.assertContains(response, "no longer on the page")
        reader = create_user(None)
        self.client.force_login(reader, MODEL_BACKEND)
        self.assertNotEqual(self.client.get(self.url).status_code, 200)
