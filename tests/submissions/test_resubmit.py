"""Officers edit and resubmit a case the reviewers sent back; the review starts again and reviewers are told."""

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image
from wagtail.models import Page, TaskState, WorkflowState

from accounts.roles import EDITOR, OFFICER
from library.models import CaseStudyPage, LibraryDocument, LibraryImage
from safety.models import AnonymityCheck
from safety.review.findings import AnonymityBlocked
from submissions.models import Resubmission, Submission
from tests.factories.accounts import create_user
from tests.factories.library import docx_with_text, jpeg_with_gps
from tests.submissions.test_share import MODEL_BACKEND, PHONE, TITLE, share_data

REQUEST = "Name the province, not the port, and take out the crew photo."
NOTE = "Province named instead of the port; photo removed; inspection report added."


def latest(page):
    """Return the case study as its latest revision holds it."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


class ResubmitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = create_user(OFFICER)
        cls.anonymizer = create_user(EDITOR)
        cls.approver = create_user(EDITOR)

    def share(self, **overrides):
        """Share a case with one photo and one document as the officer; return the submission."""
        self.client.force_login(self.officer, MODEL_BACKEND)
        files = {
            "images": [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps(), content_type="image/jpeg")],
            "documents": [SimpleUploadedFile("crew.docx", docx_with_text(["Crew list checked."]))],
        }
        self.client.post(reverse("submissions:share"), share_data(**{**files, **overrides}), **PHONE)
        return Submission.objects.get(submitter=self.officer)

    def act(self, user, page, action, comment=""):
        """Perform a workflow action on the page's current review step as this user, through the admin."""
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.client.force_login(user, MODEL_BACKEND)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
        return self.client.post(url, {"comment": comment})

    def sent_back(self, **overrides):
        """Share a case and have the anonymization reviewer request changes; return the submission."""
        submission = self.share(**overrides)
        response = self.act(self.anonymizer, submission.page, "reject", REQUEST)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Submission.objects.get(pk=submission.pk).status, "changes")
        return Submission.objects.get(pk=submission.pk)

    def edit_url(self, submission):
        return reverse("submissions:edit", args=[submission.pk])

    def resubmit(self, submission, user=None, follow=False, **overrides):
        """Post the edit form as the officer (or another user) with the current revision; return the response."""
        self.client.force_login(user or self.officer, MODEL_BACKEND)
        revision = str(Page.objects.get(pk=submission.page_id).latest_revision_id)
        data = share_data(**{"revision": revision, "note": NOTE, **overrides})
        return self.client.post(self.edit_url(submission), data, follow=follow, **PHONE)

    def test_an_officer_edits_a_case_sent_back_and_it_returns_to_the_first_review_step(self):
        submission = self.sent_back()
        page = submission.page
        self.client.force_login(self.officer, MODEL_BACKEND)
        mine = self.client.get(reverse("submissions:mine"), **PHONE)
        self.assertContains(mine, "Changes requested")
        self.assertContains(mine, f'href="{self.edit_url(submission)}"')
        self.assertContains(mine, "Edit and resubmit")
        detail = self.client.get(reverse("submissions:detail", args=[submission.pk]), **PHONE)
        self.assertContains(detail, REQUEST)
        self.assertContains(detail, f'href="{self.edit_url(submission)}"')

        form = self.client.get(self.edit_url(submission), **PHONE)
        self.assertContains(form, REQUEST)
        self.assertContains(form, f'value="{TITLE}"')
        self.assertContains(form, "A broker offered well-paid boat work.\nDebts were added for food and transport.")
        self.assertContains(form, '<label for="id_note">Note to the reviewers</label>', html=True)
        self.assertContains(form, "Submitted photo 1")
        self.assertContains(form, "Submitted document 1")
        self.assertContains(
            form, '<legend>Remove attachments <span class="helptext">(optional)</span></legend>', html=True
        )
        self.assertNotContains(form, "<script")
        photo = LibraryImage.objects.get()
        document = LibraryDocument.objects.get()

        revisions = page.revisions.count()
        mail.outbox.clear()
        report = SimpleUploadedFile("inspection.docx", docx_with_text(["Port inspection found six men."]))
        new_photo = SimpleUploadedFile("IMG_2.jpg", jpeg_with_gps(), content_type="image/jpeg")
        response = self.resubmit(
            submission,
            border_area="Trat province",
            modus_operandi="A broker offered boat work.\nThe men were held at sea.",
            remove_attachments=[f"image:{photo.pk}"],
            images=[new_photo],
            documents=[report],
        )
        self.assertRedirects(response, reverse("submissions:detail", args=[submission.pk]))

        # A new revision by the officer holds the new text and attachments.
        self.assertEqual(page.revisions.count(), revisions + 1)
        revision = Page.objects.get(pk=page.pk).latest_revision
        self.assertEqual(revision.user, self.officer)
        draft = latest(page)
        self.assertEqual(draft.border_area, "Trat province")
        self.assertEqual(draft.modus_operandi, "<p>A broker offered boat work.</p><p>The men were held at sea.</p>")
        new_document = LibraryDocument.objects.exclude(pk=document.pk).get()
        self.assertEqual(new_document.title, "Submitted document 2")
        self.assertEqual(new_document.collection.name, "Case submissions")
        self.assertIn("six men", new_document.extracted_text)
        new_image = LibraryImage.objects.exclude(pk=photo.pk).get()
        self.assertEqual(new_image.title, "Submitted photo 2")
        with new_image.file.open("rb") as handle:
            self.assertFalse(Image.open(io.BytesIO(handle.read())).getexif())  # location and camera details removed
        self.assertEqual(
            [(block.block_type, block.value.pk) for block in draft.body],
            [("document", document.pk), ("image", new_image.pk), ("document", new_document.pk)],
        )
        self.assertEqual(Resubmission.objects.get().note, NOTE)

        # The review starts again at its first step, and its reviewers are told.
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, "Anonymization review")
        self.assertEqual(state.requested_by, self.officer)
        self.assertEqual(Submission.objects.get().status, "anonymization")
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn(self.anonymizer.email, recipients)
        self.assertNotIn(self.officer.email, recipients)
        self.assertTrue(any(TITLE in message.subject + message.body for message in mail.outbox))

        # The reviewer finds it in the dashboard and reads the officer's note in the editor.
        self.client.force_login(self.anonymizer, MODEL_BACKEND)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), TITLE)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(editor, "sent it back with this note")
        self.assertContains(editor, NOTE)
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
        self.assertContains(history, "Resubmitted by the submitter after changes were requested")

        # The officer sees the case back in review, with their note, and can no longer edit it.
        self.client.force_login(self.officer, MODEL_BACKEND)
        detail = self.client.get(reverse("submissions:detail", args=[submission.pk]), **PHONE)
        self.assertContains(detail, "Anonymization review")
        self.assertContains(detail, NOTE)
        self.assertContains(detail, REQUEST)
        self.assertNotContains(detail, "Edit and resubmit")
        self.assertNotContains(self.client.get(reverse("submissions:mine")), "Edit and resubmit")

        # The reviewers can now approve the edited case through both steps.
        self.act(self.anonymizer, page, "approve", "Fine now.")
        self.act(self.approver, page, "approve", "Approved.")
        self.assertTrue(CaseStudyPage.objects.get(pk=page.pk).live)

    def test_another_officer_gets_404_on_the_edit_page(self):
        submission = self.sent_back()
        other = create_user(OFFICER)
        self.client.force_login(other, MODEL_BACKEND)
        self.assertEqual(self.client.get(self.edit_url(submission)).status_code, 404)
        revisions = submission.page.revisions.count()
        self.assertEqual(self.resubmit(submission, user=other, title="Taken over").status_code, 404)
        self.assertEqual(submission.page.revisions.count(), revisions)
        self.assertEqual(latest(submission.page).title, TITLE)

    def test_a_case_in_review_or_published_cannot_be_edited_by_the_officer(self):
        submission = self.share()
        revisions = submission.page.revisions.count()
        self.client.force_login(self.officer, MODEL_BACKEND)
        response = self.client.get(self.edit_url(submission), follow=True)
        self.assertRedirects(response, reverse("submissions:detail", args=[submission.pk]))
        self.assertContains(response, "This case is with the reviewers, so it cannot be edited now.")
        self.assertNotContains(response, "Edit and resubmit")
        response = self.resubmit(submission, title="Changed while in review", follow=True)
        self.assertContains(response, "cannot be edited now")
        self.assertEqual(submission.page.revisions.count(), revisions)
        self.assertEqual(latest(submission.page).title, TITLE)

        self.act(self.anonymizer, submission.page, "approve")
        self.act(self.approver, submission.page, "approve")
        self.assertEqual(Submission.objects.get().status, "published")
        self.client.force_login(self.officer, MODEL_BACKEND)
        response = self.client.get(self.edit_url(submission), follow=True)
        self.assertContains(response, "This case is published, so it can no longer be changed here.")

    def test_a_case_an_editor_has_locked_cannot_be_edited_until_it_is_unlocked(self):
        submission = self.sent_back()
        CaseStudyPage.objects.filter(pk=submission.page_id).update(locked=True, locked_by=self.approver)
        response = self.resubmit(submission, title="Edited under a lock", follow=True)
        self.assertContains(response, "An editor is working on this case right now, so it cannot be edited.")
        self.assertEqual(latest(submission.page).title, TITLE)
        CaseStudyPage.objects.filter(pk=submission.page_id).update(locked=False, locked_by=None)
        self.assertEqual(self.client.get(self.edit_url(submission)).status_code, 200)

    def test_a_form_with_errors_saves_nothing(self):
        submission = self.sent_back()
        revisions = submission.page.revisions.count()
        fake = SimpleUploadedFile("photo.jpg", b"not a picture", content_type="image/jpeg")
        response = self.resubmit(submission, title="", note="", images=[fake])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nothing was saved. Please correct the fields marked below.")
        self.assertContains(response, "photo.jpg: This file is not an image.")
        self.assertContains(response, "Tell the reviewers what you changed.")
        self.assertEqual(submission.page.revisions.count(), revisions)
        self.assertEqual(LibraryImage.objects.count(), 1)
        self.assertFalse(Resubmission.objects.exists())
        self.assertEqual(Submission.objects.get().status, "changes")

    def test_too_many_photos_in_total_are_refused(self):
        submission = self.sent_back()
        photos = [SimpleUploadedFile(f"p{n}.jpg", jpeg_with_gps(), content_type="image/jpeg") for n in range(5)]
        response = self.resubmit(submission, images=photos)
        self.assertContains(response, "A case holds at most 5 photos: remove some before adding more.")
        self.assertEqual(LibraryImage.objects.count(), 1)

    def test_a_change_by_an_editor_meanwhile_is_not_overwritten(self):
        submission = self.sent_back()
        opened = Page.objects.get(pk=submission.page_id).latest_revision_id
        draft = latest(submission.page)
        draft.lessons_learned = "<p><b>Inspect</b> crew lists against contracts.</p>"
        draft.save_revision(user=self.approver)
        self.client.force_login(self.officer, MODEL_BACKEND)
        data = share_data(revision=str(opened), note=NOTE, title="Officer's stale edit")
        response = self.client.post(self.edit_url(submission), data, follow=True)
        self.assertContains(response, "An editor changed this case after you opened the form, so nothing was saved.")
        self.assertEqual(latest(submission.page).title, TITLE)
        self.assertEqual(Submission.objects.get().status, "changes")

        # Opened again, the form shows the editor's version; text the officer leaves alone keeps its formatting.
        form = self.client.get(self.edit_url(submission))
        self.assertContains(form, "Inspect crew lists against contracts.")
        self.resubmit(submission, title="Officer's edit")
        draft = latest(submission.page)
        self.assertEqual(draft.title, "Officer's edit")
        self.assertEqual(draft.lessons_learned, "<p><b>Inspect</b> crew lists against contracts.</p>")

    def test_identifying_details_in_a_resubmitted_text_still_block_publishing(self):
        submission = self.sent_back()
        self.resubmit(submission, investigation_steps="We called the recruiter on 0912 345 678.")
        page = submission.page
        self.assertEqual(AnonymityCheck.objects.get(page=page).open_count, 1)
        self.act(self.anonymizer, page, "approve")
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, "Anonymization review")
        self.assertEqual(state.current_task_state.status, TaskState.STATUS_IN_PROGRESS)
        with self.assertRaises(AnonymityBlocked):
            Page.objects.get(pk=page.pk).latest_revision.publish()
        self.assertFalse(CaseStudyPage.objects.get(pk=page.pk).live)

    def test_the_officer_reads_the_review_steps_in_their_own_language(self):
        submission = self.sent_back()
        self.client.force_login(self.officer, MODEL_BACKEND)
        self.client.cookies["django_language"] = "lo"
        for url in [reverse("submissions:detail", args=[submission.pk]), self.edit_url(submission)]:
            page = self.client.get(url, **PHONE).content.decode()
            self.assertIn(REQUEST, page)
            self.assertIn("ການກວດສອບການປິດບັງຕົວຕົນ", page)  # "Anonymization review" in Lao
            self.assertNotIn("Anonymization review", page)
