"""Redaction reaches every copy: after the editor's flow, no table of the database holds a redacted value."""

import itertools

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text

from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, EDITOR
from library.models import CaseStudyPage
from safety.permits import data_load
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study, library_index
from tests.library.test_pages import case_study_form_data
from tests.safety.database_dump import occurrences

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NAME = "Ms. Somchai Jaidee"
PHONE = "+66 81 234 5678"
PROFILE = "https://www.facebook.com/somchai.jaidee.1985"
PASTED = (
    f"<p>The victim {NAME} was recruited by a broker who called her on {PHONE} and wrote to her from {PROFILE}.</p>"
)
VALUES = ("Somchai Jaidee", PHONE, "facebook.com/somchai.jaidee.1985")


def comment(text):
    """Return the comments formset of the page editor holding one new comment on the modus operandi."""
    return inline_formset(
        [{"contentpath": "modus_operandi", "text": text, "position": "", "resolved": "", "replies": inline_formset([])}]
    )


class ThreeFindingFlowTests(TestCase):
    """The issue's flow through the real admin views, then a search of every table for the three values."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)

    def setUp(self):
        self.client.force_login(self.editor, MODEL_BACKEND)

    def form(self, **overrides):
        return case_study_form_data(slug="broker-case", title="Broker case", **overrides)

    def paste_preview_and_redact_all(self, check_dump_sees_them=False):
        """Paste the three details (publish refused), save a draft with a comment, preview, then redact all."""
        add_url = reverse("wagtailadmin_pages:add", args=["library", "casestudypage", library_index().pk])
        self.client.post(add_url, self.form(modus_operandi=rich_text(PASTED), **{"action-publish": "1"}))
        page = CaseStudyPage.objects.get(slug="broker-case")
        self.assertFalse(page.live)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = self.form(
            modus_operandi=rich_text(PASTED + "<p>She was moved at night.</p>"),
            summary=f"A broker called on {PHONE}.",
            comments=comment(f"Is {NAME} her real name?"),
        )
        self.assertEqual(self.client.post(edit_url, data).status_code, 302)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        self.assertEqual(self.client.post(preview_url, self.form(modus_operandi=rich_text(PASTED))).status_code, 200)
        if check_dump_sees_them:
            seen = occurrences(VALUES, digit_values=[PHONE])
            self.assertIn("wagtailcore_revision", seen)
            self.assertIn("wagtailadmin_formstate", seen)
        findings_url = reverse("safety_page_findings", args=[page.pk])
        response = self.client.post(findings_url, {"action": "redact_all"}, follow=True)
        self.assertContains(response, "No open findings")
        return page, response

    def publish(self, page):
        """Submit the redacted latest revision for review and have another editor approve both steps."""
        latest = CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        data = self.form(
            modus_operandi=rich_text(latest.modus_operandi), summary=latest.summary, **{"action-submit": "1"}
        )
        self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.client.force_login(create_user(EDITOR), MODEL_BACKEND)
        for _step in range(2):
            task_state = WorkflowState.objects.get(pk=state.pk).current_task_state
            url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
            self.client.post(url, {"comment": "Checked: no identifying detail left."})
        self.client.force_login(self.editor, MODEL_BACKEND)
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_redacted_values_are_nowhere_in_the_database_after_redact_all_and_publish(self):
        page, _response = self.paste_preview_and_redact_all(check_dump_sees_them=True)
        self.publish(page)
        self.assertEqual(occurrences(VALUES + ("Somchai", "Jaidee"), digit_values=[PHONE]), {})

    def test_history_keeps_who_and_when_and_every_revision_comparison_and_search_shows_only_placeholders(self):
        page, response = self.paste_preview_and_redact_all()
        self.publish(page)
        revisions = list(Revision.objects.filter(object_id=str(page.pk)).order_by("pk"))
        self.assertGreaterEqual(len(revisions), 4)
        self.assertEqual({revision.user_id for revision in revisions}, {self.editor.pk})
        urls = [reverse("wagtailadmin_pages:revisions_view", args=[page.pk, rev.pk]) for rev in revisions]
        urls += [
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, a.pk, b.pk])
            for a, b in itertools.permutations(revisions, 2)
        ]
        urls += [reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"])]
        urls += [reverse("wagtailadmin_pages:history", args=[page.pk]), page.url]
        for url in urls:
            content = self.client.get(url).content.decode()
            for value in (*VALUES, "Somchai", "234 5678"):
                self.assertNotIn(value, content, url)
        first = self.client.get(urls[0]).content.decode()
        self.assertIn("[PERSON 1]", first)
        self.assertIn("[PHONE 1]", first)

        admin_search = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Somchai Jaidee"})
        self.assertContains(admin_search, "Sorry, no pages match")
        self.assertIn(page.url, self.client.get("/api/search/", {"q": "Broker case"}).content.decode())
        for url in ("/search/", "/api/search/"):
            self.assertNotIn(page.url, self.client.get(url, {"q": "Somchai Jaidee"}).content.decode(), url)

    def test_the_editor_is_told_what_was_purged_by_kind_and_count_never_the_value(self):
        _page, response = self.paste_preview_and_redact_all()
        text = response.content.decode()
        self.assertIn("Removed from every earlier copy of the page", text)
        self.assertIn("person&#x27;s name: ", text)
        self.assertIn("earlier revisions: ", text)
        self.assertIn("comments and replies: 1", text)
        for value in VALUES:
            self.assertNotIn(value, text)
        event = AuditEvent.objects.get(event="anonymity.purge")
        self.assertGreaterEqual(event.data["kinds"]["person"], 3)
        self.assertNotIn("Somchai", str(event.data))


class PublishAfterRedactionTests(TestCase):
    def test_publishing_after_removing_a_value_by_hand_purges_it_from_earlier_revisions(self):
        page = create_case_study(title="Night bus case", slug="night-bus", publish=False)
        page.summary = f"The driver answered on {PHONE} every night."
        page.save_revision()
        self.assertIn(PHONE, str(Revision.objects.filter(object_id=str(page.pk)).last().content))
        page.summary = "The driver answered the phone every night."
        with data_load("test data"):
            page.save_revision().publish()
        contents = [str(revision.content) for revision in Revision.objects.filter(object_id=str(page.pk))]
        self.assertEqual(len(contents), 2)
        self.assertNotIn("234 5678", " ".join(contents))
        self.assertIn("The driver answered on [PHONE] every night.", " ".join(contents))
        self.assertEqual(occurrences([PHONE], digit_values=[PHONE]), {})


class PurgeHistoryTests(TestCase):
    """An administrator names a value the check cannot flag (a name without cues) and purges it from every copy."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = create_user(ADMINISTRATOR)
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(
            title="Rice field case", slug="rice-field", summary="Workers met Grandpa Kaew at the rice field."
        )
        cls.url = reverse("safety_page_purge_history", args=[cls.page.pk])

    def test_only_administrators_open_the_purge(self):
        self.client.force_login(self.editor, MODEL_BACKEND)
        self.assertRedirects(self.client.get(self.url), "/admin/", fetch_redirect_response=False)
        response = self.client.post(self.url, {"reason": "x", "values": "Grandpa Kaew"})
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertIn("Kaew", CaseStudyPage.objects.get(pk=self.page.pk).summary)
        self.client.force_login(self.admin, MODEL_BACKEND)
        self.assertContains(self.client.get(self.url), "Purge history")
        findings = self.client.get(reverse("safety_page_findings", args=[self.page.pk]))
        self.assertContains(findings, self.url)

    def test_a_purge_without_a_reason_is_refused_and_changes_nothing(self):
        self.client.force_login(self.admin, MODEL_BACKEND)
        response = self.client.post(self.url, {"reason": "  ", "values": "Grandpa Kaew"})
        self.assertContains(response, "Give the reason for the purge")
        self.assertIn("Kaew", CaseStudyPage.objects.get(pk=self.page.pk).summary)

    def test_named_values_leave_every_table_and_the_search_index_and_the_reason_is_audited(self):
        self.assertIn(self.page.url, self.client.get("/api/search/", {"q": "Grandpa Kaew"}).content.decode())
        self.client.force_login(self.admin, MODEL_BACKEND)
        response = self.client.post(
            self.url, {"reason": "Witness named in the summary", "values": "Grandpa Kaew\nab"}, follow=True
        )
        self.assertContains(response, "value named by an administrator: 2")
        self.assertEqual(occurrences(["Grandpa Kaew"]), {})
        self.assertEqual(
            CaseStudyPage.objects.get(pk=self.page.pk).summary, "Workers met [REDACTED] at the rice field."
        )
        self.assertNotIn(self.page.url, self.client.get("/api/search/", {"q": "Grandpa Kaew"}).content.decode())
        self.assertIn(self.page.url, self.client.get("/api/search/", {"q": "rice field"}).content.decode())
        event = AuditEvent.objects.get(event="anonymity.purge_history")
        self.assertEqual((event.user, event.data["reason"]), (self.admin, "Witness named in the summary"))
        self.assertEqual(event.data["kinds"], {"named": 2})
