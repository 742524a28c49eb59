"""Uploaded images and documents reach only the readers of the pages that use them, through real storage and HTTP."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.conf.urls.static import static
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from accounts.models import AuditEvent
from accounts.roles import EDITOR, OFFICER, PARTICIPANT
from frontline.urls import urlpatterns as site_urlpatterns
from library.models import LibraryDocument, LibraryImage
from library.storage import move_to_private, public_media_storage
from safety.permits import data_load
from tests.factories.accounts import create_user, create_working_group, restrict_to_groups, restrict_to_members
from tests.factories.library import create_case_study, create_resource, pdf_with_text

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# The site as a development server runs it (DEBUG): MEDIA_ROOT served as plain files under /media/.
urlpatterns = site_urlpatterns + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


def png_bytes(colour="teal", size=(120, 80)):
    """Return a small PNG picture."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def create_image(title="Checkpoint layout", uploaded_by=None, **fields):
    """Store a real PNG through the image model and its storage."""
    return LibraryImage.objects.create(
        title=title,
        file=ContentFile(png_bytes(), name=f"{title.lower().replace(' ', '-')}.png"),
        uploaded_by_user=uploaded_by,
        **fields,
    )


def image_body(image):
    return [("image", {"image": image, "alt_text": "A road checkpoint seen from above"})]


def fetch(client, url):
    """GET a file URL; return (status, body bytes, response)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, response


class ImageAccessTests(TestCase):
    def setUp(self):
        cache.clear()  # Wagtail caches renditions by image id, which the rolled-back tests reuse

    @classmethod
    def setUpTestData(cls):
        cls.group = create_working_group("Mekong liaison")
        cls.participant = create_user(PARTICIPANT)
        cls.pending = create_user(PARTICIPANT, approved=False)
        cls.group_member = create_user(PARTICIPANT)
        cls.group_member.groups.add(cls.group)
        cls.editor = create_user(EDITOR)
        cls.uploader = create_user(OFFICER)

        cls.public_image = create_image("Public map")
        cls.public_page = create_case_study(title="Public case with a map", body=image_body(cls.public_image))

        cls.members_image = create_image("Members map")
        cls.members_page = create_case_study(title="Members case with a map", body=image_body(cls.members_image))
        restrict_to_members(cls.members_page)

        cls.group_image = create_image("Group map")
        cls.group_page = create_case_study(title="Group case with a map", body=image_body(cls.group_image))
        restrict_to_groups(cls.group_page, [cls.group])

        cls.draft_image = create_image("Draft map", uploaded_by=cls.uploader)
        cls.draft_page = create_case_study(title="Draft case", body=image_body(cls.draft_image), publish=False)

        cls.unused_image = create_image("Unused map")

        cls.shared_image = create_image("Shared map")
        create_case_study(title="Public case sharing a map", body=image_body(cls.shared_image))
        shared_restricted = create_case_study(title="Members case sharing a map", body=image_body(cls.shared_image))
        restrict_to_members(shared_restricted)

    def sign_in(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user, MODEL_BACKEND)

    def rendered_sources(self, page):
        """Return the image URLs a reader's browser would fetch from the page."""
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        sources = re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())
        self.assertTrue(sources)
        return sources

    def urls(self, image):
        return [image.file.url, image.get_rendition("width-400").url]

    def assert_refused(self, image, reader):
        self.sign_in(reader)
        for url in self.urls(image):
            status, body, response = fetch(self.client, url)
            self.assertEqual(status, 404, url)
            self.assertNotIn(b"PNG", body)
            self.assertIn("no-cache", response["Cache-Control"])

    def assert_served_privately(self, image, reader):
        self.sign_in(reader)
        for url in self.urls(image):
            status, body, response = fetch(self.client, url)
            self.assertEqual(status, 200, url)
            self.assertTrue(body.startswith(b"\x89PNG"))
            self.assertIn("private", response["Cache-Control"])
            self.assertNotIn("public", response["Cache-Control"])

    def test_files_are_stored_outside_the_public_media_folder(self):
        private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
        for path in (self.public_image.file.path, self.public_image.get_rendition("width-400").file.path):
            self.assertTrue(Path(path).resolve().is_relative_to(private))
            self.assertFalse(Path(path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()))
        self.assertTrue(self.public_image.file.url.startswith("/files/original_images/"))

    def test_an_image_on_a_public_page_is_served_to_anyone_with_public_caching(self):
        self.sign_in(None)
        for url in self.rendered_sources(self.public_page) + [self.public_image.file.url]:
            status, body, response = fetch(self.client, url)
            self.assertEqual(status, 200, url)
            self.assertEqual(response["Content-Type"], "image/png")
            self.assertTrue(body.startswith(b"\x89PNG"))
            self.assertIn("public", response["Cache-Control"])
            self.assertIn("max-age=86400", response["Cache-Control"])

    def test_a_browser_revalidating_a_public_image_gets_not_modified(self):
        url = self.public_image.file.url
        first = self.client.get(url)
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertIn("public", again["Cache-Control"])

    def test_an_image_on_a_members_page_reaches_approved_members_only(self):
        self.assert_refused(self.members_image, None)
        self.assert_refused(self.members_image, self.pending)
        self.sign_in(self.participant)
        sources = self.rendered_sources(self.members_page)
        for url in sources:
            status, body, response = fetch(self.client, url)
            self.assertEqual(status, 200)
            self.assertIn("private", response["Cache-Control"])
        self.assert_served_privately(self.members_image, self.participant)
        logged = AuditEvent.objects.filter(event="restricted_image", user=self.participant)
        self.assertTrue(logged.exists())
        self.assertEqual(logged.first().object_id, str(self.members_image.pk))

    def test_the_rendered_source_of_a_restricted_page_is_refused_to_a_visitor(self):
        self.sign_in(self.participant)
        sources = self.rendered_sources(self.members_page)
        self.sign_in(None)
        for url in sources:
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_image_on_a_group_page_reaches_the_group_only(self):
        self.assert_refused(self.group_image, None)
        self.assert_refused(self.group_image, self.participant)
        self.assert_served_privately(self.group_image, self.group_member)

    def test_an_image_on_a_draft_only_reaches_editors_and_its_uploader(self):
        self.assert_refused(self.draft_image, None)
        self.assert_refused(self.draft_image, self.participant)
        self.assert_served_privately(self.draft_image, self.editor)
        self.assert_served_privately(self.draft_image, self.uploader)

    def test_publishing_the_draft_opens_its_image_to_the_public(self):
        with data_load("test data"):
            self.draft_page.save_revision().publish()
        self.sign_in(None)
        status, _body, response = fetch(self.client, self.draft_image.file.url)
        self.assertEqual(status, 200)
        self.assertIn("public", response["Cache-Control"])

    def test_restricting_a_page_closes_its_images_at_once(self):
        restrict_to_members(self.public_page)
        self.assert_refused(self.public_image, None)

    def test_an_unused_image_reaches_only_people_who_manage_images(self):
        self.assert_refused(self.unused_image, None)
        self.assert_refused(self.unused_image, self.participant)
        self.assert_refused(self.unused_image, self.uploader)  # an officer without image rights, not its uploader
        self.assert_served_privately(self.unused_image, self.editor)

    def test_editors_see_every_thumbnail_in_the_admin_image_listing_but_other_working_groups_images(self):
        self.sign_in(self.editor)
        response = self.client.get(reverse("wagtailimages:index"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Group map")
        sources = set(re.findall(r'<img[^>]+src="(/files/[^"]+)"', response.content.decode()))
        self.assertGreaterEqual(len(sources), 5)
        for url in sources:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_an_image_on_both_a_public_and_a_members_page_is_public_but_not_kept_by_shared_caches(self):
        self.sign_in(None)
        status, _body, response = fetch(self.client, self.shared_image.file.url)
        self.assertEqual(status, 200)
        self.assertIn("private", response["Cache-Control"])

    def test_a_restricted_collection_does_not_hide_an_image_on_a_public_page(self):
        from submissions.services import submissions_collection

        image = create_image("Submitted photo", collection=submissions_collection())
        self.assert_served_privately(image, self.editor)  # in review: reviewers only
        self.assert_refused(image, self.participant)
        create_case_study(title="Published submitted case", body=image_body(image))
        self.sign_in(None)
        status, _body, response = fetch(self.client, image.file.url)
        self.assertEqual(status, 200)
        self.assertIn("public", response["Cache-Control"])

    def test_unknown_and_malformed_file_urls_are_not_found(self):
        urls = ("/files/original_images/nothing.png", "/files/images/../original_images/x.png", "/files/etc")
        for url in (*urls, "/files/original_images/a%00.png", "/files/images/" + "a" * 300 + ".png"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    @override_settings(ROOT_URLCONF=__name__)
    def test_the_old_media_path_serves_no_uploaded_image(self):
        self.sign_in(None)
        for image in (self.members_image, self.public_image):
            name = image.file.name
            self.assertEqual(self.client.get(f"{settings.MEDIA_URL}{name}").status_code, 404)
            rendition = image.get_rendition("width-400").file.name
            self.assertEqual(self.client.get(f"{settings.MEDIA_URL}{rendition}").status_code, 404)

    @override_settings(MEDIA_ACCEL_REDIRECT="/internal-media/")
    def test_the_web_server_can_send_the_bytes(self):
        response = self.client.get(self.public_image.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Accel-Redirect"], f"/internal-media/{self.public_image.file.name}")
        self.assertEqual(response.content, b"")
        self.sign_in(None)
        self.assertNotIn("X-Accel-Redirect", self.client.get(self.members_image.file.url))


class DocumentAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.participant = create_user(PARTICIPANT)
        cls.editor = create_user(EDITOR)
        cls.public_doc = cls.document("Public leaflet")
        create_resource(title="Leaflet", document=cls.public_doc)
        cls.members_doc = cls.document("Members checklist")
        restrict_to_members(create_resource(title="Checklist", document=cls.members_doc))
        cls.draft_doc = cls.document("Draft guide")
        create_resource(title="Draft guide page", document=cls.draft_doc, publish=False, live=False)

    @classmethod
    def document(cls, title):
        return LibraryDocument.objects.create(
            title=title, file=ContentFile(pdf_with_text(title), name=f"{title.lower().replace(' ', '-')}.pdf")
        )

    def test_a_public_resource_document_is_cacheable_by_anyone(self):
        status, body, response = fetch(self.client, self.public_doc.url)
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"%PDF"))
        self.assertIn("public", response["Cache-Control"])

    def test_a_restricted_resource_document_reaches_its_readers_only(self):
        response = self.client.get(self.members_doc.url)
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.participant, MODEL_BACKEND)
        status, body, response = fetch(self.client, self.members_doc.url)
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"%PDF"))
        self.assertIn("private", response["Cache-Control"])
        self.assertTrue(AuditEvent.objects.filter(event="restricted_download", user=self.participant).exists())

    def test_a_document_only_on_a_draft_is_not_found_except_for_editors(self):
        self.assertEqual(self.client.get(self.draft_doc.url).status_code, 404)
        self.client.force_login(self.participant, MODEL_BACKEND)
        self.assertEqual(self.client.get(self.draft_doc.url).status_code, 404)
        self.client.force_login(self.editor, MODEL_BACKEND)
        self.assertEqual(self.client.get(self.draft_doc.url).status_code, 200)

    def test_the_stored_file_is_not_under_the_public_media_url(self):
        name = self.members_doc.file.name
        self.assertFalse(public_media_storage().exists(name))
        self.assertEqual(self.client.get(f"/files/{name}").status_code, 404)


class SubmissionAttachmentTests(TestCase):
    def setUp(self):
        cache.clear()

    @classmethod
    def setUpTestData(cls):
        cls.officer = create_user(OFFICER)
        cls.other_officer = create_user(OFFICER)
        cls.reviewer = create_user(EDITOR)

    def test_a_shared_photo_and_document_reach_the_submitter_and_reviewers_only(self):
        from tests.factories.library import docx_with_text
        from tests.submissions.test_share import share_data

        self.client.force_login(self.officer, MODEL_BACKEND)
        response = self.client.post(
            reverse("submissions:share"),
            share_data(
                images=[SimpleUploadedFile("port.png", png_bytes(), "image/png")],
                documents=[SimpleUploadedFile("notes.docx", docx_with_text(["Port notes"]))],
            ),
        )
        self.assertEqual(response.status_code, 302)
        image = LibraryImage.objects.get()
        document = LibraryDocument.objects.get()
        for reader, expected in ((self.officer, 200), (self.reviewer, 200), (self.other_officer, 404), (None, 404)):
            self.client.logout()
            if reader is not None:
                self.client.force_login(reader, MODEL_BACKEND)
            for url in (image.file.url, image.get_rendition("width-400").url, document.url):
                with self.subTest(reader=getattr(reader, "email", "visitor"), url=url):
                    status, body, _response = fetch(self.client, url)
                    self.assertEqual(status, expected)
                    self.assertEqual(b"PK" in body[:2] or b"PNG" in body[:4], expected == 200)


class MoveToPrivateTests(TestCase):
    def test_files_left_in_the_public_folder_are_moved_out(self):
        name = public_media_storage().save("original_images/legacy.png", ContentFile(png_bytes()))
        image = LibraryImage.objects.create(title="Legacy", file=name, width=120, height=80)
        self.assertEqual(move_to_private([name]), 1)
        self.assertFalse(public_media_storage().exists(name))
        self.assertTrue(image.file.storage.exists(name))
        self.assertEqual(move_to_private([name]), 0)  # idempotent


class ForumAttachmentTests(TestCase):
    def test_an_attachment_in_an_officers_board_reaches_its_readers_only(self):
        from forum.models import Board, Post
        from tests.factories.forum import create_board, create_forum_member, create_thread

        officer = create_forum_member("officer", handle="mukdahan_screening")
        participant = create_forum_member("participant", handle="poipet_trainee")
        board = create_board(name="Officers exchange", slug="officers-ops", audience=Board.Audience.OFFICERS)
        thread = create_thread(board, officer)
        self.client.force_login(officer, MODEL_BACKEND)
        upload = SimpleUploadedFile("form.png", png_bytes(), content_type="image/png")
        self.client.post(
            reverse("forum:reply", args=[thread.pk]), {"body": "Photo of the form", "attachments": [upload]}
        )
        attachment = Post.objects.get(body="Photo of the form").attachments.get()
        self.assertFalse(public_media_storage().exists(attachment.file.name))
        self.assertTrue(
            Path(attachment.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        )
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 200)
        for url in (f"/files/{attachment.file.name}", f"{settings.MEDIA_URL}{attachment.file.name}"):
            self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(participant, MODEL_BACKEND)
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 302)  # sign in first


class ParkedUploadTests(TestCase):
    def test_an_upload_parked_by_the_multiple_uploader_is_kept_out_of_the_public_folder(self):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import UploadedFile

        parked = UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(LibraryImage),
            file=SimpleUploadedFile("parked.png", png_bytes(), "image/png"),
        )
        self.assertTrue(Path(parked.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()))
        self.assertFalse(public_media_storage().exists(parked.file.name))
        self.assertEqual(self.client.get(parked.file.url).status_code, 404)
