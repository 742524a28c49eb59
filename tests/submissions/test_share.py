"""Officers share a case from the front end and follow it through review to publication."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image
from wagtail.models import TaskState, WorkflowState

from accounts.roles import EDITOR, OFFICER, PARTICIPANT
from library.models import CaseStudyPage, Country, CrimeType, LibraryDocument, LibraryImage
from submissions.models import Submission
from tests.factories.accounts import create_user
from tests.factories.library import docx_with_text, jpeg_with_gps
from tests.library.test_pages import case_study_form_data

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Mobile Safari/537.36"}
TITLE = "Workers lured by a fake fishing job"


def share_data(**overrides):
    """Return a complete, valid "Share a case" form submission."""
    data = {
        "title": TITLE,
        "language": "th",
        "summary": "Men were recruited for boat work and held at sea without pay.",
        "origin_countries": [Country.objects.get(code="KH").pk],
        "destination_countries": [Country.objects.get(code="TH").pk],
        "border_area": "Koh Kong province",
        "year": "2022",
        "year_end": "2023",
        "crime_types": [CrimeType.objects.first().pk],
        "modus_operandi": "A broker offered well-paid boat work.\nDebts were added for food and transport.",
        "victim_count": "6-20",
        "victim_age_band": "25-34",
        "victim_gender": "male",
        "detection": "A port inspection found men without contracts.",
        "investigation_steps": "Interviews at the port, then vessel records.",
        "cooperation": "Border liaison offices on both sides.",
        "outcome_status": "prosecution",
        "sentence": "",
        "lessons_learned": "Inspect crew lists against contracts.",
        "confirm": "on",
    }
    data.update(overrides)
    return data


class ShareCaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = create_user(OFFICER)
        cls.anonymizer = create_user(EDITOR)
        cls.approver = create_user(EDITOR)

    def share(self, **overrides):
        """Post the form as the officer from a phone and return the response."""
        self.client.force_login(self.officer, MODEL_BACKEND)
        return self.client.post(reverse("submissions:share"), share_data(**overrides), **PHONE)

    def act(self, user, page, action, comment=""):
        """Perform a workflow action on the page's current review step as this user, through the admin."""
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.client.force_login(user, MODEL_BACKEND)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
        return self.client.post(url, {"comment": comment})

    def status_page(self, submission):
        """Return the officer's view of a submission."""
        self.client.force_login(self.officer, MODEL_BACKEND)
        return self.client.get(reverse("submissions:detail", args=[submission.pk]), **PHONE)

    def test_an_officer_shares_a_case_from_a_phone_and_follows_it_to_publication(self):
        self.client.force_login(self.officer, MODEL_BACKEND)
        form = self.client.get(reverse("submissions:share"), **PHONE)
        self.assertContains(form, "Share a case")
        self.assertContains(form, 'enctype="multipart/form-data"')
        self.assertContains(form, 'name="modus_operandi"')
        self.assertContains(form, '<option value="km">Khmer</option>', html=True)
        self.assertNotContains(form, "<script")  # works without JavaScript

        photo = SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(), content_type="image/jpeg")
        report = SimpleUploadedFile(
            "report.docx",
            docx_with_text(["Vessel inspection summary: crew without contracts."]),
            content_type="application/octet-stream",
        )
        response = self.share(images=[photo], documents=[report])
        submission = Submission.objects.get(submitter=self.officer)
        self.assertRedirects(response, reverse("submissions:detail", args=[submission.pk]))

        page = CaseStudyPage.objects.get(pk=submission.page_id)
        self.assertFalse(page.live)
        self.assertEqual(page.owner, self.officer)
        self.assertEqual(page.language, "th")
        self.assertEqual(sorted(page.countries.values_list("code", flat=True)), ["KH", "TH"])
        self.assertIn("<p>Debts were added for food and transport.</p>", page.modus_operandi)
        image = LibraryImage.objects.get()
        self.assertEqual(image.collection.name, "Case submissions")
        with image.file.open("rb") as handle:
            self.assertFalse(Image.open(io.BytesIO(handle.read())).getexif())
        self.assertNotIn("IMG_2041", image.title)
        document = LibraryDocument.objects.get()
        self.assertIn("crew without contracts", document.extracted_text)
        self.assertEqual([block.block_type for block in page.body], ["image", "document"])

        response = self.status_page(submission)
        self.assertContains(response, "Anonymization review")
        self.assertContains(response, 'aria-current="step"')
        self.assertEqual(submission.status, "anonymization")

        # The officer cannot review it; a first editor checks anonymization and comments.
        self.assertEqual(self.act(self.officer, page, "approve").status_code, 403)  # the admin is not theirs
        self.assertEqual(Submission.objects.get().status, "anonymization")
        self.act(self.anonymizer, page, "approve", "Checked: no names or numbers.")
        self.assertEqual(Submission.objects.get().status, "editorial")
        response = self.status_page(submission)
        self.assertContains(response, "Checked: no names or numbers.")

        # A second editor requests changes; the officer reads why.
        self.act(self.approver, page, "reject", "Say which port, at province level.")
        response = self.status_page(submission)
        self.assertContains(response, "Changes requested")
        self.assertContains(response, "Say which port, at province level.")

        # The editor makes the change and resubmits; it goes back to the step that asked for changes.
        self.client.force_login(self.anonymizer, MODEL_BACKEND)
        data = case_study_form_data(
            title=TITLE, slug=page.slug, border_area="Songkhla province", **{"action-submit": "submit"}
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Submission.objects.get().status, "editorial")
        self.act(self.approver, page, "approve", "Approved for the library.")
        page = CaseStudyPage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.border_area, "Songkhla province")

        response = self.status_page(submission)
        self.assertContains(response, "Published")
        self.assertContains(response, "Approved for the library.")
        self.assertContains(response, "Read it in the library")
        self.assertContains(self.client.get("/library/"), TITLE)

        mine = self.client.get(reverse("submissions:mine"), **PHONE)
        self.assertContains(mine, TITLE)
        self.assertContains(mine, "Published")

    def test_a_draft_submission_never_appears_in_the_library_search_or_api(self):
        self.share()
        page = CaseStudyPage.objects.get(title=TITLE)
        self.assertFalse(page.live)
        for user in (self.officer, self.anonymizer):
            self.client.force_login(user, MODEL_BACKEND)
            self.assertNotContains(self.client.get("/library/"), TITLE)
            self.assertNotContains(self.client.get("/search/", {"q": "fishing job"}), TITLE)
            self.assertNotContains(self.client.get("/api/search/", {"q": "fishing job"}), TITLE)
            self.assertEqual(
                self.client.get(page.url or "/library/workers-lured-by-a-fake-fishing-job/").status_code, 404
            )
            self.assertNotContains(self.client.get("/sitemap.xml"), page.slug)

    def test_identifying_details_in_a_submission_block_its_approval(self):
        self.share(investigation_steps="We called the recruiter on 0912 345 678 and met Nguyen Thi Lan.")
        submission = Submission.objects.get()
        response = self.status_page(submission)
        self.assertContains(response, "The anonymity check found 2 details")
        self.act(self.anonymizer, submission.page, "approve")
        state = WorkflowState.objects.for_instance(submission.page).get()
        self.assertEqual(state.current_task_state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(Submission.objects.get().status, "anonymization")

    def test_missing_fields_are_explained(self):
        response = self.share(title="", crime_types=[], origin_countries=[], destination_countries=[], confirm="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please correct the fields marked below.")
        self.assertContains(response, "This field is required.")
        self.assertContains(response, "Choose at least one country of origin, transit or destination.")
        self.assertContains(response, "Confirm that you have left out identifying details.")
        self.assertFalse(Submission.objects.exists())

    def test_years_are_checked(self):
        response = self.share(year="1890")
        self.assertContains(response, "Enter a year between 1990 and")
        response = self.share(year="2023", year_end="2021")
        self.assertContains(response, "The last year cannot be before the year the events began.")
        self.assertFalse(CaseStudyPage.objects.exists())

    def test_attachments_are_checked_by_their_content(self):
        fake_photo = SimpleUploadedFile("photo.jpg", b"not really a picture", content_type="image/jpeg")
        renamed = SimpleUploadedFile("report.pdf", docx_with_text(["Text"]), content_type="application/pdf")
        response = self.share(images=[fake_photo], documents=[renamed])
        self.assertContains(response, "photo.jpg: This file is not an image.")
        self.assertContains(response, "report.pdf: This file is a DOCX document but its name ends in .pdf.")
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(LibraryImage.objects.exists())

    def test_only_approved_officers_and_above_can_share(self):
        participant = create_user(PARTICIPANT)
        pending_officer = create_user(OFFICER, approved=False)
        for user in (participant, pending_officer):
            self.client.force_login(user, MODEL_BACKEND)
            response = self.client.get(reverse("submissions:share"))
            self.assertContains(response, "Only approved officers can share cases", status_code=403)
            response = self.client.post(reverse("submissions:share"), share_data())
            self.assertEqual(response.status_code, 403)
        self.assertFalse(Submission.objects.exists())
        self.client.logout()
        response = self.client.get(reverse("submissions:share"))
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.anonymizer, MODEL_BACKEND)
        self.assertEqual(self.client.get(reverse("submissions:share")).status_code, 200)

    def test_officers_see_only_their_own_submissions(self):
        self.share()
        other = create_user(OFFICER)
        self.client.force_login(other, MODEL_BACKEND)
        submission = Submission.objects.get()
        self.assertEqual(self.client.get(reverse("submissions:detail", args=[submission.pk])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("submissions:mine")), TITLE)


class ShareNavigationTests(TestCase):
    def test_officers_find_share_a_case_in_the_header_and_participants_do_not(self):
        officer = create_user(OFFICER)
        participant = create_user(PARTICIPANT)
        self.client.force_login(officer, MODEL_BACKEND)
        self.assertContains(self.client.get("/library/"), f'<a href="{reverse("submissions:share")}">Share a case</a>')
        self.client.force_login(participant, MODEL_BACKEND)
        self.assertNotContains(self.client.get("/library/"), "Share a case")
