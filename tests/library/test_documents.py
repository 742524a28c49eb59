from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Collection

from library.extraction import DocumentUnreadable, extract_text
from library.models import LibraryDocument, ResourcePage
from safety.uploads import validate_document
from tests.factories.library import create_admin, create_resource, docx_with_text, pdf_with_text

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
KHMER = "ការកំណត់អត្តសញ្ញាណជនរងគ្រោះ"


class ExtractionTests(TestCase):
    def test_reads_the_text_of_a_pdf(self):
        self.assertEqual(
            extract_text(pdf_with_text("Victim identification checklist")), "Victim identification checklist"
        )

    def test_reads_paragraphs_and_tables_of_a_docx(self):
        text = extract_text(docx_with_text([KHMER, "Referral steps"], table=[("Province", "Hotline")]))
        self.assertIn(KHMER, text)
        self.assertIn("Referral steps", text)
        self.assertIn("Province | Hotline", text)

    def test_a_damaged_pdf_gives_a_clear_message(self):
        damaged = pdf_with_text("Checklist")[:60]
        with self.assertRaisesMessage(DocumentUnreadable, "This PDF file is damaged"):
            extract_text(damaged)

    def test_a_damaged_docx_gives_a_clear_message(self):
        damaged = docx_with_text(["Checklist"])[:400]
        with self.assertRaises(DocumentUnreadable):
            extract_text(damaged)

    def test_saving_a_document_in_code_fills_its_text(self):
        document = LibraryDocument.objects.create(
            title="Guide", file=ContentFile(pdf_with_text("Screening guide for border posts"), name="guide.pdf")
        )
        self.assertEqual(document.extracted_text, "Screening guide for border posts")
        document.file = ContentFile(docx_with_text(["Revised guide"]), name="guide.docx")
        document.save()
        self.assertEqual(LibraryDocument.objects.get(pk=document.pk).extracted_text, "Revised guide")

    def test_saving_an_unreadable_document_in_code_keeps_no_text_but_saves(self):
        document = LibraryDocument.objects.create(title="Broken", file=ContentFile(b"%PDF-1.7 broken", name="b.pdf"))
        self.assertEqual(document.extracted_text, "")


class DocumentValidationTests(TestCase):
    def test_recognises_pdf_and_docx_by_content(self):
        self.assertEqual(validate_document(SimpleUploadedFile("a.pdf", pdf_with_text("x"))), "pdf")
        self.assertEqual(validate_document(SimpleUploadedFile("a.docx", docx_with_text(["x"]))), "docx")

    def test_refuses_a_fake_pdf(self):
        with self.assertRaisesMessage(ValidationError, "not a PDF or Word (DOCX) document"):
            validate_document(SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"))

    def test_refuses_a_zip_that_is_not_a_word_document(self):
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.exe", b"MZ")
        with self.assertRaisesMessage(ValidationError, "not a PDF or Word (DOCX) document"):
            validate_document(SimpleUploadedFile("report.docx", buffer.getvalue()))

    def test_refuses_a_pdf_named_docx(self):
        with self.assertRaisesMessage(ValidationError, "Rename it"):
            validate_document(SimpleUploadedFile("report.docx", pdf_with_text("x")))

    def test_refuses_a_file_over_the_size_limit(self):
        with self.settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1000), self.assertRaisesMessage(ValidationError, "too big"):
            validate_document(SimpleUploadedFile("big.pdf", pdf_with_text("x" * 2000)))


class AdminDocumentUploadTests(TestCase):
    def setUp(self):
        self.client.force_login(create_admin(), MODEL_BACKEND)
        self.collection = Collection.get_first_root_node()

    def upload(self, name, data):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {"title": "Training curriculum", "collection": self.collection.pk, "file": SimpleUploadedFile(name, data)},
        )

    def test_uploading_a_pdf_keeps_its_text_for_search(self):
        response = self.upload("curriculum.pdf", pdf_with_text("Module 3 interviewing child victims"))
        self.assertRedirects(response, reverse("wagtaildocs:index"))
        self.assertEqual(LibraryDocument.objects.get().extracted_text, "Module 3 interviewing child victims")

    def test_the_multiple_uploader_keeps_docx_text(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {"collection": self.collection.pk, "files[]": SimpleUploadedFile("guide.docx", docx_with_text([KHMER]))},
        )
        self.assertTrue(response.json()["success"])
        self.assertEqual(LibraryDocument.objects.get().extracted_text, KHMER)

    def test_a_fake_pdf_gets_a_clear_error(self):
        response = self.upload("report.pdf", b"MZ\x90\x00 this is a program, not a PDF")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This file is not a PDF or Word (DOCX) document")
        self.assertFalse(LibraryDocument.objects.exists())

    def test_a_damaged_pdf_gets_a_clear_error(self):
        response = self.upload("report.pdf", pdf_with_text("Checklist")[:60])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This PDF file is damaged and its text cannot be read.")
        self.assertFalse(LibraryDocument.objects.exists())

    def test_other_formats_are_refused(self):
        response = self.upload("notes.txt", b"plain text")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(LibraryDocument.objects.exists())

    def test_a_resource_offers_its_document_for_download(self):
        self.upload("curriculum.pdf", pdf_with_text("Module 3 interviewing child victims"))
        document = LibraryDocument.objects.get()
        page = create_resource(title="Interviewing curriculum", document=document)
        self.assertEqual(ResourcePage.objects.get(pk=page.pk).extracted_text, "Module 3 interviewing child victims")
        self.client.logout()
        response = self.client.get(page.url)
        self.assertContains(response, f'href="{document.url}"')
        self.assertContains(response, "Download (PDF,")
        download = self.client.get(document.url)
        self.assertEqual(download.status_code, 200)
        self.assertTrue(b"".join(download.streaming_content).startswith(b"%PDF-"))
