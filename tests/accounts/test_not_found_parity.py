"""A withheld item answers exactly like a missing one: same status, headers and bytes, for visitors and members.

Each check fetches a restricted item and a missing one whose URL has the same length, swaps the two URLs in the
second body (pages echo their own address in links) and masks CSRF tokens; everything else must be equal.
"""

import re
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.models import Collection, CollectionViewRestriction

from accounts.roles import OFFICER, PARTICIPANT
from forum.models import Attachment, Board
from library.models import LibraryDocument
from tests.factories.accounts import (
    create_user,
    create_working_group,
    restrict_to_groups,
    restrict_to_members,
)
from tests.factories.forum import create_board, create_thread
from tests.factories.library import create_case_study, create_resource, pdf_with_text
from tests.library.test_media_access import create_image, image_body, png_bytes

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
COMPARED_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Location",
    "Cache-Control",
    "Vary",
    "Content-Language",
    "Content-Disposition",
    "X-Frame-Options",
)


def answer(client, url):
    """Return (status, compared headers, body) of a GET."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = {name: response.get(name) for name in COMPARED_HEADERS}
    headers["Expires"] = response.has_header("Expires")  # a date: present on both, or on neither
    return response.status_code, headers, CSRF.sub(rb"\1-\2", body)


def other_id(url, pk):
    """Return the URL with this id swapped for an absent one of the same number of digits."""
    digits = len(str(pk))
    absent = int("9" * digits) if int("9" * digits) != pk else int("8" * digits)
    return url.replace(f"/{pk}/", f"/{absent}/")


def same_length_missing(url, replacement="9"):
    """Return a URL as long as this one that points at nothing (its last path digit or letter changed)."""
    head, _sep, tail = url.rstrip("/").rpartition("/")
    missing = f"{head}/{tail[:-1]}{'8' if tail.endswith(replacement) else replacement}"
    return missing + ("/" if url.endswith("/") else "")


class NotFoundParityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group = create_working_group("Parity working group")
        cls.members_page = create_case_study(title="Heron parity case", slug="heron-parity")
        restrict_to_members(cls.members_page)
        cls.group_page = create_case_study(title="Plover parity case", slug="plover-parity")
        restrict_to_groups(cls.group_page, [cls.group])

        collection = Collection.get_first_root_node().add_child(name="Parity members' files")
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
        cls.members_doc = LibraryDocument.objects.create(
            title="Members checklist", collection=collection, file=ContentFile(pdf_with_text("x"), name="memb.pdf")
        )
        cls.group_doc = LibraryDocument.objects.create(
            title="Group guide", file=ContentFile(pdf_with_text("Group guide"), name="grou.pdf")
        )
        restrict_to_groups(create_resource(title="Group guide page", document=cls.group_doc), [cls.group])

        cls.group_image = create_image("Parity group image")
        restrict_to_groups(create_case_study(title="Pictured", body=image_body(cls.group_image)), [cls.group])

        starter = create_user(OFFICER)
        board = create_board(audience=Board.Audience.GROUPS, groups=[cls.group], name="Plover board", slug="ploverb")
        cls.group_thread = create_thread(board, starter, title="Plover thread")
        data = png_bytes()
        cls.attachment = Attachment(post=cls.group_thread.posts.first(), kind="image", name="f.png", size=len(data))
        cls.attachment.file.save("f.png", ContentFile(data), save=False)
        cls.attachment.save()

        cls.member = create_user(PARTICIPANT)
        cls.pending = create_user(PARTICIPANT, approved=False)

    def assert_same_answer(self, restricted_url, missing_url, status=404):
        self.assertEqual(len(restricted_url), len(missing_url))
        withheld = answer(self.client, restricted_url)
        missing = answer(self.client, missing_url)
        for old, new in ((missing_url, restricted_url), (quote(missing_url), quote(restricted_url))):
            missing = (missing[0], missing[1], missing[2].replace(old.encode(), new.encode()))
            location = missing[1]["Location"]
            if location:
                missing[1]["Location"] = location.replace(old, new)
        self.assertEqual(withheld[0], status)
        self.assertEqual(withheld[:2], missing[:2])
        self.assertEqual(withheld[2].decode(), missing[2].decode())

    def test_visitor_gets_the_same_page_for_a_members_page_and_a_missing_one(self):
        url = self.members_page.url
        self.assert_same_answer(url, same_length_missing(url, "x"))
        response = self.client.get(url)
        self.assertContains(response, "This page does not exist, or you need to sign in to see it.", status_code=404)
        self.assertContains(response, f'href="/accounts/login/?next={quote(url)}"', status_code=404)
        self.assertNotContains(response, "Heron parity case", status_code=404)
        self.assertIn("no-store", response["Cache-Control"])

    def test_visitor_gets_the_same_page_for_a_group_page_and_a_missing_one(self):
        url = self.group_page.url
        self.assert_same_answer(url, same_length_missing(url, "x"))

    def test_member_outside_the_group_gets_the_same_404_as_for_a_missing_page(self):
        self.client.force_login(self.member)
        url = self.group_page.url
        self.assert_same_answer(url, same_length_missing(url, "x"))
        self.assertContains(
            self.client.get(url), "The page you asked for does not exist or you may not open it.", status_code=404
        )

    def test_pending_member_gets_the_same_404_and_is_told_why_on_every_missing_page(self):
        self.client.force_login(self.pending)
        url = self.members_page.url
        self.assert_same_answer(url, same_length_missing(url, "x"))
        self.assertContains(self.client.get(url), "awaiting approval", status_code=404)

    def test_documents_answer_like_missing_ones(self):
        for document in (self.members_doc, self.group_doc):
            missing = other_id(document.url, document.pk)
            with self.subTest(document=document.title, reader="visitor"):
                self.assert_same_answer(document.url, missing)
        self.client.force_login(self.member)
        missing = other_id(self.group_doc.url, self.group_doc.pk)
        self.assert_same_answer(self.group_doc.url, missing)
        self.assertEqual(self.client.get(self.members_doc.url).status_code, 200)

    def test_image_files_answer_like_missing_ones(self):
        url = self.group_image.file.url
        missing = url.replace(".png", ".jpg")
        self.assert_same_answer(url, missing)
        self.client.force_login(self.member)
        self.assert_same_answer(url, missing)

    def test_forum_threads_boards_and_attachments_answer_like_missing_ones(self):
        thread_url = self.group_thread.get_absolute_url()
        board_url = self.group_thread.board.get_absolute_url()
        attachment_url = self.attachment.get_absolute_url()
        discuss_url = f"/forum/discuss/{self.group_page.pk}/"
        pairs = [
            (thread_url, other_id(thread_url, self.group_thread.pk)),
            (board_url, board_url.replace("ploverb", "ploverx")),
            (attachment_url, other_id(attachment_url, self.attachment.pk)),
            (discuss_url, other_id(discuss_url, self.group_page.pk)),
        ]
        for restricted, missing in pairs:
            with self.subTest(url=restricted, reader="visitor"):
                self.assert_same_answer(restricted, missing, status=302)
        self.client.force_login(self.member)
        for restricted, missing in pairs:
            with self.subTest(url=restricted, reader="member"):
                self.assert_same_answer(restricted, missing)
