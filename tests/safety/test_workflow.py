"""The anonymity guard in the editors' workflow: blocked publishing, redaction, overrides, no self-approval."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import rich_text

from accounts.models import AuditEvent
from accounts.roles import EDITOR
from library.models import CaseStudyPage, LibraryDocument
from safety.models import AnonymityAction, AnonymityCheck, AnonymityOverride, ReviewTask, WatchedName
from safety.permits import data_load
from safety.review.findings import AnonymityBlocked, open_findings_for_page
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study, create_resource, docx_with_text, library_index
from tests.library.test_pages import case_study_form_data

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
POLICE_REPORT = (
    "<p>Extract of the police report: the victim Nguyen Thi Lan was contacted on 0912 345 678 "
    "by a recruiter using the profile facebook.com/lan.nguyen.92 and promised work in a factory.</p>"
    "<p>Nguyen Thi Lan later called <b>0912 345 678</b> again.</p>"
)
HOTLINE = "<p>Victims were referred by the national trafficking hotline, Tel. 1800 599 920 (national hotline).</p>"


def latest(page):
    """Return the page as its latest revision holds it."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


class BlockedPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(title="Factory recruitment case", slug="factory-recruitment", publish=False)

    def setUp(self):
        self.client.force_login(self.editor, MODEL_BACKEND)

    def edit(self, follow=False, **overrides):
        """Post the admin edit form of the case study with these field values and return the response."""
        data = case_study_form_data(slug="factory-recruitment", title="Factory recruitment case", **overrides)
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data, follow=follow)

    def test_pasted_police_report_blocks_publishing_until_redacted_in_one_action(self):
        response = self.edit(modus_operandi=rich_text(POLICE_REPORT), **{"action-publish": "publish"})
        findings_url = reverse("safety_page_findings", args=[self.page.pk])
        self.assertRedirects(response, findings_url, fetch_redirect_response=False)
        self.assertFalse(CaseStudyPage.objects.get(pk=self.page.pk).live)

        response = self.client.get(findings_url)
        self.assertContains(response, "Not published.")
        self.assertContains(response, "<mark>Nguyen Thi Lan</mark>", html=False)
        self.assertContains(response, "<mark>0912 345 678</mark>", html=False)
        self.assertContains(response, "<mark>facebook.com/lan.nguyen.92</mark>", html=False)
        for label in ("person&#x27;s name", "phone number", "social media profile"):
            self.assertContains(response, label)
        self.assertContains(response, "[PERSON 1]")
        self.assertContains(response, "[PHONE 1]")
        self.assertContains(response, "[SOCIAL MEDIA 1]")

        revisions_before = self.page.revisions.count()
        response = self.client.post(findings_url, {"action": "redact_all"}, follow=True)
        self.assertContains(response, "No open findings")
        self.assertEqual(self.page.revisions.count(), revisions_before + 1)
        redacted = latest(self.page).modus_operandi
        self.assertNotIn("Nguyen", redacted)
        self.assertNotIn("0912", redacted)
        self.assertNotIn("facebook.com", redacted)
        self.assertIn("the victim [PERSON 1] was contacted on [PHONE 1]", redacted)
        self.assertIn("<b>[PHONE 1]</b>", redacted)
        self.assertIn("[SOCIAL MEDIA 1]", redacted)
        self.assertEqual(AnonymityCheck.objects.get(page=self.page).open_count, 0)

        # Cleared findings do not let the editor publish alone: the case study goes live through its review.
        response = self.edit(modus_operandi=rich_text(redacted), **{"action-publish": "publish"}, follow=True)
        self.assertContains(response, "Submit it for review instead.")
        self.assertFalse(CaseStudyPage.objects.get(pk=self.page.pk).live)
        self.edit(modus_operandi=rich_text(redacted), **{"action-submit": "submit"})
        state = WorkflowState.objects.for_instance(self.page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.client.force_login(create_user(EDITOR), MODEL_BACKEND)
        for _step in range(2):
            task_state = WorkflowState.objects.get(pk=state.pk).current_task_state
            url = reverse("wagtailadmin_pages:workflow_action", args=[self.page.pk, "approve", task_state.pk])
            self.client.post(url, {"comment": ""})
        page = CaseStudyPage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        self.assertIn("[PERSON 1]", self.client.get(page.url).content.decode())

    def test_saving_a_draft_in_the_editor_runs_the_check_and_the_editor_shows_it(self):
        response = self.edit(modus_operandi=rich_text(POLICE_REPORT))
        self.assertEqual(response.status_code, 302)
        check = AnonymityCheck.objects.get(page=self.page)
        self.assertEqual(check.revision_id, Page.objects.get(pk=self.page.pk).latest_revision_id)
        self.assertEqual(check.open_count, 5)
        self.assertEqual({item["kind"] for item in check.findings}, {"person", "phone", "social_media"})
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertContains(response, "The anonymity check found 5 identifying details.")
        self.assertContains(response, "Anonymity check: 5 open findings")
        self.assertContains(response, reverse("safety_page_findings", args=[self.page.pk]))

    def test_publishing_a_new_page_from_the_create_view_is_blocked_too(self):
        data = case_study_form_data(
            slug="new-case", summary="Reported by Nguyen Thi Lan on 0912 345 678.", **{"action-publish": "publish"}
        )
        url = reverse("wagtailadmin_pages:add", args=["library", "casestudypage", library_index().pk])
        response = self.client.post(url, data)
        page = CaseStudyPage.objects.get(slug="new-case")
        self.assertRedirects(response, reverse("safety_page_findings", args=[page.pk]), fetch_redirect_response=False)
        self.assertFalse(page.live)

    def test_redacting_one_finding_replaces_every_occurrence_across_fields(self):
        self.edit(
            summary="A case reported by Nguyen Thi Lan.",
            modus_operandi=rich_text(POLICE_REPORT),
            **{"action-publish": "publish"},
        )
        person = next(f for f in open_findings_for_page(self.page) if f.kind == "person")
        self.client.post(
            reverse("safety_page_findings", args=[self.page.pk]),
            {"action": "redact", "key": person.key, "confirm": "1"},
        )
        draft = latest(self.page)
        self.assertEqual(draft.summary, "A case reported by [PERSON 1].")
        self.assertEqual(draft.modus_operandi.count("[PERSON 1]"), 2)
        self.assertIn("0912 345 678", draft.modus_operandi)
        self.assertEqual({f.kind for f in open_findings_for_page(self.page)}, {"phone", "social_media"})
        action = AnonymityAction.objects.get(page=self.page)
        self.assertEqual((action.action, action.kind, action.placeholder), ("redact", "person", "[PERSON 1]"))
        event = AuditEvent.objects.get(event="anonymity.redact")
        self.assertNotIn("Nguyen", str(event.data))
        self.assertEqual(event.user, self.editor)

    def test_publishing_in_code_is_refused_on_the_revisions_content(self):
        page = latest(self.page)
        page.investigation_steps = POLICE_REPORT
        revision = page.save_revision()
        with self.assertRaises(AnonymityBlocked):
            revision.publish()
        self.assertFalse(CaseStudyPage.objects.get(pk=self.page.pk).live)

    def test_scheduled_publishing_of_a_revision_with_findings_is_refused(self):
        page = latest(self.page)
        page.detection = POLICE_REPORT
        revision = page.save_revision()
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now() - datetime.timedelta(hours=1))
        with self.assertRaises(AnonymityBlocked):
            call_command("publish_scheduled", stdout=io.StringIO())
        self.assertFalse(CaseStudyPage.objects.get(pk=self.page.pk).live)


class OverrideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(title="Referral through the hotline", slug="hotline-referral", publish=False)
        page = latest(cls.page)
        page.detection = HOTLINE
        page.save_revision()

    def setUp(self):
        self.client.force_login(self.editor, MODEL_BACKEND)
        self.url = reverse("safety_page_findings", args=[self.page.pk])
        (self.finding,) = open_findings_for_page(self.page)

    def test_the_hotline_is_flagged_as_a_phone_number(self):
        self.assertEqual((self.finding.kind, self.finding.text), ("phone", "1800 599 920"))

    def test_an_override_without_a_reason_is_refused_with_a_message(self):
        response = self.client.post(self.url, {"action": "override", "key": self.finding.key, "reason": "   "})
        self.assertContains(response, "an override needs a reason")
        self.assertFalse(AnonymityOverride.objects.exists())
        self.assertEqual(len(open_findings_for_page(self.page)), 1)

    def test_an_editor_overrides_the_national_hotline_giving_the_reason(self):
        reason = "This is the national trafficking hotline, printed on public posters."
        response = self.client.post(
            self.url, {"action": "override", "key": self.finding.key, "reason": reason}, follow=True
        )
        self.assertContains(response, "No open findings")
        self.assertContains(response, reason)
        override = AnonymityOverride.objects.get(page=self.page)
        self.assertEqual((override.kind, override.user, override.reason), ("phone", self.editor, reason))
        event = AuditEvent.objects.get(event="anonymity.override")
        self.assertEqual(event.data["kind"], "phone")
        self.assertEqual(event.data["value_hash"], self.finding.key)
        self.assertNotIn("599", str(event.data))
        self.assertNotIn("599", override.masked_value[2:-2])

        # The same value, written differently, is not flagged again on this page; publishing goes through.
        page = latest(self.page)
        page.lessons_learned = "<p>Print 1800-599-920 on every leaflet.</p>"
        with data_load("test data"):
            page.save_revision().publish()
        self.assertTrue(CaseStudyPage.objects.get(pk=self.page.pk).live)

    def test_an_override_holds_for_one_page_only(self):
        self.client.post(self.url, {"action": "override", "key": self.finding.key, "reason": "National hotline."})
        other = create_case_study(title="Another referral", slug="another-referral", publish=False)
        draft = latest(other)
        draft.detection = HOTLINE
        with self.assertRaises(AnonymityBlocked):
            draft.save_revision().publish()


class AttachmentTests(TestCase):
    def test_a_resource_whose_document_contains_a_phone_number_is_blocked(self):
        data = docx_with_text(["Contact the recruiter on 0912 345 678 for the job."])
        document = LibraryDocument(title="Recruiter notes")
        document.file = ContentFile(data, name="notes.docx")
        document.save()
        self.assertIn("0912 345 678", document.extracted_text)
        with self.assertRaises(AnonymityBlocked) as blocked:
            create_resource(title="Recruiter notes", document=document)
        self.assertEqual([f.kind for f in blocked.exception.findings], ["phone"])
        self.assertTrue(blocked.exception.findings[0].in_attachment)


class NoSelfApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = create_user(EDITOR)
        cls.reviewer = create_user(EDITOR)
        cls.page = create_case_study(title="Fishing vessel case", slug="fishing-vessel", publish=False)
        cls.page.owner = cls.author
        cls.page.save()

    def submit(self):
        """Submit the page for review as its author, through the admin editor."""
        self.client.force_login(self.author, MODEL_BACKEND)
        data = case_study_form_data(slug="fishing-vessel", title="Fishing vessel case")
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), {**data, "action-submit": "submit"}
        )
        self.assertEqual(response.status_code, 302)
        return WorkflowState.objects.for_instance(self.page).get(status=WorkflowState.STATUS_IN_PROGRESS)

    def approve_url(self, state):
        """Return the admin URL approving the current review step."""
        task_state = state.current_task_state
        return reverse("wagtailadmin_pages:workflow_action", args=[self.page.pk, "approve", task_state.pk])

    def test_the_library_uses_the_two_step_review_workflow(self):
        workflow = library_index().get_workflow()
        self.assertEqual([task.name for task in workflow.tasks], ["Anonymization review", "Editorial approval"])
        self.assertTrue(all(isinstance(task.specific, ReviewTask) for task in workflow.tasks))

    def test_the_submitter_who_is_also_an_editor_cannot_approve_it(self):
        state = self.submit()
        task = state.current_task_state.task.specific
        self.assertEqual(task.get_actions(self.page, self.author), [])
        self.assertTrue(task.get_actions(self.page, self.reviewer))
        self.client.post(self.approve_url(state), {"comment": ""})
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, "Anonymization review")

        # Through the editor's own action menu too.
        data = case_study_form_data(slug="fishing-vessel", title="Fishing vessel case")
        data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data, follow=True)
        self.assertContains(response, "You cannot review your own submission")
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "Anonymization review")

        self.client.force_login(self.reviewer, MODEL_BACKEND)
        response = self.client.post(self.approve_url(state), {"comment": ""})
        self.assertEqual(response.status_code, 302)
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "Editorial approval")

    def test_the_submitter_cannot_override_findings_on_their_own_page_in_review(self):
        page = latest(self.page)
        page.cooperation = HOTLINE
        page.save_revision()
        library_index().get_workflow().start(Page.objects.get(pk=self.page.pk).specific, self.author)
        (finding,) = open_findings_for_page(self.page)
        url = reverse("safety_page_findings", args=[self.page.pk])
        self.client.force_login(self.author, MODEL_BACKEND)
        self.assertNotContains(self.client.get(url), "Override with this reason")
        self.client.post(url, {"action": "override", "key": finding.key, "reason": "It is the hotline."})
        self.assertFalse(AnonymityOverride.objects.exists())
        self.client.force_login(self.reviewer, MODEL_BACKEND)
        self.client.post(url, {"action": "override", "key": finding.key, "reason": "It is the hotline."})
        self.assertTrue(AnonymityOverride.objects.filter(user=self.reviewer).exists())

    def test_approval_is_refused_while_findings_are_open(self):
        page = latest(self.page)
        page.cooperation = POLICE_REPORT
        page.save_revision()
        self.page.refresh_from_db()
        workflow = library_index().get_workflow()
        state = workflow.start(self.page, self.author)
        task = state.current_task_state.task.specific
        self.assertNotIn("approve", [name for name, *_ in task.get_actions(self.page, self.reviewer)])
        self.client.force_login(self.reviewer, MODEL_BACKEND)
        self.client.post(self.approve_url(state), {"comment": ""})
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, "Anonymization review")
        with self.assertRaises(AnonymityBlocked):
            task.on_action(state.current_task_state, self.reviewer, "approve")


class WatchListTests(TestCase):
    def test_scan_all_finds_the_two_older_pages_after_a_name_is_watched(self):
        name = "Keomany"
        first = create_case_study(title="Boat crossing case", slug="boat-crossing", publish=False)
        second = create_case_study(title="Garment workshop case", slug="garment-workshop", publish=False)
        create_case_study(title="Unrelated case", slug="unrelated", summary="Workers were held in a compound.")
        for page in (first, second):
            draft = latest(page)
            draft.lessons_learned = f"<p>The {name} network moved workers across the river.</p>"
            with data_load("test data"):
                draft.save_revision().publish()
        before = io.StringIO()
        call_command("scan_anonymity", "--all", stdout=before)
        self.assertNotIn(f"'{name}'", before.getvalue())

        editor = create_user(EDITOR)
        self.client.force_login(editor, MODEL_BACKEND)
        response = self.client.post(
            reverse("wagtailsnippets_safety_watchedname:add"), {"name": name, "note": "witness", "active": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(WatchedName.objects.filter(name=name, active=True).exists())

        out = io.StringIO()
        call_command("scan_anonymity", "--all", stdout=out)
        output = out.getvalue()
        self.assertIn(f"Page {first.pk}: Boat crossing case", output)
        self.assertIn(f"Page {second.pk}: Garment workshop case", output)
        self.assertNotIn("Unrelated case", output)
        self.assertIn(f"'{name}'", output)


class ScanOverridesTests(TestCase):
    def test_scan_all_does_not_report_a_value_overridden_on_that_page(self):
        page = create_case_study(title="Hotline referral", slug="hotline-scan", publish=False)
        draft = latest(page)
        draft.detection = HOTLINE
        draft.save_revision()
        (finding,) = open_findings_for_page(page)
        editor = create_user(EDITOR)
        self.client.force_login(editor, MODEL_BACKEND)
        self.client.post(
            reverse("safety_page_findings", args=[page.pk]),
            {"action": "override", "key": finding.key, "reason": "National hotline."},
        )
        with data_load("test data"):
            latest(page).save_revision().publish()
        out = io.StringIO()
        call_command("scan_anonymity", "--all", stdout=out)
        self.assertIn("0 finding(s) on 0 page(s).", out.getvalue())


class StreamRedactionTests(TestCase):
    def test_redact_all_reaches_streamfield_text_and_keeps_the_blocks(self):
        editor = create_user(EDITOR)
        page = create_case_study(title="Quoted interview", slug="quoted-interview", publish=False)
        draft = latest(page)
        draft.body = [
            {"type": "heading", "value": "What the witness said"},
            {"type": "paragraph", "value": "<p>Nguyen Thi Lan was called on <i>0912 345 678</i>.</p>"},
            {"type": "quote", "value": {"text": "Call me on 0912 345 678.", "attribution": "Nguyen Thi Lan"}},
        ]
        draft.save_revision()
        self.client.force_login(editor, MODEL_BACKEND)
        self.client.post(reverse("safety_page_findings", args=[page.pk]), {"action": "redact_all"})
        body = latest(page).body
        self.assertEqual([block.block_type for block in body], ["heading", "paragraph", "quote"])
        self.assertEqual(body[0].value, "What the witness said")
        self.assertEqual(body[1].value.source, "<p>[PERSON 1] was called on <i>[PHONE 1]</i>.</p>")
        self.assertEqual(body[2].value["text"], "Call me on [PHONE 1].")
        self.assertEqual(body[2].value["attribution"], "[PERSON 1]")
        self.assertEqual(open_findings_for_page(page), [])
