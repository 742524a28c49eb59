"""The page editor lists the anonymity check's open findings above the fields, from the stored check."""

from unittest import mock

from django.test import RequestFactory, TestCase
from django.urls import reverse

from accounts.roles import EDITOR, OFFICER
from library.models import CaseStudyPage
from safety.models import AnonymityCheck
from safety.panels import AnonymityFindingsPanel
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PHONE_SUMMARY = "Workers were told to call the broker on 0912 345 678 before crossing."


class FindingsPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(title="Broker case", slug="broker-case", publish=False, summary=PHONE_SUMMARY)
        cls.page.save_revision(user=cls.editor)
        cls.clean = create_case_study(title="Clean case", slug="clean-case", publish=False)
        cls.clean.save_revision(user=cls.editor)

    def editor_page(self, page):
        self.client.force_login(self.editor, MODEL_BACKEND)
        return self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def test_the_editor_lists_a_phone_number_with_its_kind_context_and_placeholder(self):
        response = self.editor_page(self.page)
        self.assertContains(response, "Open findings in the latest revision")
        self.assertContains(response, "The latest revision has 1 open finding.")
        self.assertContains(response, '<td data-label="Kind">phone number</td>', html=True)
        self.assertContains(response, '<td data-label="Field">Summary</td>', html=True)
        self.assertContains(
            response, "…Workers were told to call the broker on <mark>0912 345 678</mark> before crossing.…"
        )
        self.assertContains(response, "<code>[PHONE 1]</code>", html=True)
        self.assertContains(response, f'href="{reverse("safety_page_findings", args=[self.page.pk])}"')
        self.assertContains(response, "Redact or override in the anonymity check")

    def test_a_clean_page_shows_no_findings_panel(self):
        response = self.editor_page(self.clean)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Open findings in the latest revision")
        self.assertNotContains(response, "<mark>")
        self.assertNotContains(response, "Redact or override in the anonymity check")

    def test_the_panel_uses_the_stored_check_without_running_the_detector_again(self):
        check = AnonymityCheck.objects.get(page=self.page)
        self.assertEqual(check.revision_id, CaseStudyPage.objects.get(pk=self.page.pk).latest_revision_id)
        with mock.patch("safety.review.findings.scan_fields", side_effect=AssertionError("the detector ran again")):
            response = self.editor_page(self.page)
        self.assertContains(response, "<mark>0912 345 678</mark>")

    def test_an_overridden_finding_leaves_the_panel(self):
        self.client.force_login(self.editor, MODEL_BACKEND)
        key = AnonymityCheck.objects.get(page=self.page).findings[0]["key"]
        url = reverse("safety_page_findings", args=[self.page.pk])
        self.client.post(url, {"action": "override", "key": key, "reason": "The broker's line is in court records."})
        response = self.editor_page(self.page)
        self.assertNotContains(response, "Open findings in the latest revision")
        self.assertNotContains(response, "<mark>0912 345 678</mark>")

    def test_a_new_revision_with_the_number_removed_clears_the_panel(self):
        draft = self.page.get_latest_revision_as_object()
        draft.summary = "Workers were told to call the broker before crossing."
        draft.save_revision(user=self.editor)
        self.assertNotContains(self.editor_page(self.page), "Open findings in the latest revision")

    def test_people_who_may_not_edit_the_page_get_nothing_from_the_panel(self):
        officer = create_user(OFFICER)
        self.client.force_login(officer, MODEL_BACKEND)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertNotContains(response, "0912 345 678", status_code=response.status_code)
        request = RequestFactory().get("/")
        panel = AnonymityFindingsPanel().bind_to_model(CaseStudyPage)
        for user, shown in ((officer, False), (self.editor, True)):
            request.user = user
            bound = panel.get_bound_panel(instance=self.page.get_latest_revision_as_object(), request=request)
            self.assertEqual(bound.is_shown(), shown)
