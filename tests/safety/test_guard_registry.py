"""The anonymization guard's registry: a page model registered with its text fields is checked, blocked, reviewed and
redacted like a library page; a model nobody registered is not."""

from django.core.exceptions import FieldDoesNotExist
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page

from library.models import CaseStudyPage, LibraryDocument, LibraryIndexPage, LibraryPage, ResourcePage
from safety import guard
from safety.models import AnonymityCheck
from safety.permits import data_load
from safety.review.findings import AnonymityBlocked, open_findings_for_page
from safety.review.workflow import redact
from tests.factories.library import create_admin, library_index

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
INTRO = "<p>Ask Mr Sok Dara on 012 345 678 about the library.</p>"


class LibraryRegistrationTests(TestCase):
    def test_every_library_page_kind_is_guarded_and_other_pages_are_not(self):
        for model in (LibraryPage, CaseStudyPage, ResourcePage):
            self.assertTrue(guard.is_guarded(model), model)
        self.assertFalse(guard.is_guarded(LibraryIndexPage))
        self.assertFalse(guard.is_guarded(Page))
        self.assertFalse(guard.is_guarded(LibraryDocument))
        self.assertIn(CaseStudyPage, guard.guarded_models())
        self.assertNotIn(LibraryIndexPage, guard.guarded_models())

    def test_registration_refuses_what_the_guard_cannot_check(self):
        with self.assertRaises(TypeError):
            guard.register(LibraryDocument, fields=["title"])
        with self.assertRaises(FieldDoesNotExist):
            guard.register(LibraryIndexPage, fields=["title", "introduction"])
        with self.assertRaises(ValueError):
            guard.register(LibraryIndexPage, fields=["intro"], text=lambda page: {})
        self.assertFalse(guard.is_guarded(LibraryIndexPage))


class RegisteredByFieldsTests(TestCase):
    """A page model registered with the fields to read, as a new content app (workshops) registers its pages."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = create_admin()

    def setUp(self):
        guard.register(LibraryIndexPage, fields=["title", "intro"])
        self.addCleanup(guard.unregister, LibraryIndexPage)
        self.index = library_index()

    def save_draft(self, intro=INTRO):
        """Save a revision of the index page with this introduction and return the page."""
        self.index.intro = intro
        self.index.save_revision(user=self.admin)
        return self.index

    def test_each_new_revision_is_checked_in_the_registered_fields(self):
        self.save_draft()
        check = AnonymityCheck.objects.get(page_id=self.index.pk)
        self.assertEqual(check.open_count, 2)
        self.assertEqual({finding["field"] for finding in check.findings}, {"intro"})
        self.assertEqual(
            {(finding.kind, finding.text) for finding in open_findings_for_page(self.index)},
            {("person", "Sok Dara"), ("phone", "012 345 678")},
        )

    def test_publishing_with_open_findings_is_refused(self):
        revision = self.save_draft().get_latest_revision()
        with self.assertRaises(AnonymityBlocked), data_load("test data"):
            revision.publish()
        self.assertNotIn("Sok Dara", Page.objects.get(pk=self.index.pk).specific.intro)

    def test_editors_review_and_redact_the_findings(self):
        self.save_draft()
        self.client.force_login(self.admin, MODEL_BACKEND)
        response = self.client.get(reverse("safety_page_findings", args=[self.index.pk]))
        self.assertContains(response, "<mark>Sok Dara</mark>", html=False)

        revision, redacted, _report = redact(self.index, self.admin)
        self.assertEqual(len(redacted), 2)
        intro = revision.as_object().intro
        self.assertNotIn("Sok Dara", intro)
        self.assertNotIn("012 345 678", intro)
        self.assertIn("[PERSON 1]", intro)
        self.assertEqual(open_findings_for_page(self.index), [])

    def test_an_unregistered_model_is_not_checked(self):
        guard.unregister(LibraryIndexPage)
        self.save_draft()
        self.assertFalse(AnonymityCheck.objects.filter(page_id=self.index.pk).exists())
        self.client.force_login(self.admin, MODEL_BACKEND)
        response = self.client.get(reverse("safety_page_findings", args=[self.index.pk]))
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)  # refused
