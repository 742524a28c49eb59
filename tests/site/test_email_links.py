"""Every email of the main flows links to the site that sent it, at a page its recipient can open, in their language."""

import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.admin.mail import send_notification
from wagtail.models import Comment, Page, WorkflowState

from accounts.notifications import notify_approvers
from accounts.roles import ADMINISTRATOR, EDITOR, OFFICER, PARTICIPANT
from forum import services as forum_services
from submissions.models import Submission
from tests.factories.accounts import create_user
from tests.factories.forum import create_board, create_thread
from tests.submissions.test_share import MODEL_BACKEND, PHONE, TITLE, share_data

SITE_URL = "http://127.0.0.1:8103"
LINK_RE = re.compile(r"https?://[^\s<>\"”]+")
REQUEST = "Name the province, not the port."
# English sentences of our workflow email templates: none may reach a member who reads another language.
ENGLISH = ["Hello", "review step", "Preview it", "Open it in the editor", "Review it in the editor", "Their comment"]


def links(message):
    """Return the addresses in an email's subject and body."""
    return LINK_RE.findall(message.subject + "\n" + message.body)


def in_language(language, text, **values):
    """Return a message of our catalog in a language, with its placeholders filled."""
    with translation.override(language):
        return translation.gettext(text) % values


@override_settings(SITE_URL=SITE_URL, WAGTAILADMIN_BASE_URL=SITE_URL)
class EmailLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = create_user(OFFICER, country_code="TH", ui_language="th")
        cls.anonymizer = create_user(EDITOR, country_code="VN", ui_language="vi")
        cls.approver = create_user(EDITOR, country_code="LA", ui_language="lo")
        cls.administrator = create_user(ADMINISTRATOR, country_code="KH", ui_language="km")

    def setUp(self):
        # The officer (shared by the tests of this class) replies once per test; the forum's per-minute posting
        # allowance lives in the cache, so a fast run would otherwise count the earlier tests' replies.
        cache.clear()

    def act(self, user, page, action, comment=""):
        """Perform a workflow action on the case's current review step as this user, in English, through the admin."""
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        self.client.force_login(user, MODEL_BACKEND)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
        response = self.client.post(url, {"comment": comment}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 302)

    def share_case(self):
        """Share a case as the officer, with an English interface; return the submission."""
        self.client.force_login(self.officer, MODEL_BACKEND)
        self.client.post(reverse("submissions:share"), share_data(), HTTP_ACCEPT_LANGUAGE="en", **PHONE)
        return Submission.objects.get(submitter=self.officer)

    def resubmit(self, submission):
        self.client.force_login(self.officer, MODEL_BACKEND)
        revision = str(Page.objects.get(pk=submission.page_id).latest_revision_id)
        data = share_data(revision=revision, note="Province named.", border_area="Trat province")
        response = self.client.post(reverse("submissions:edit", args=[submission.pk]), data, **PHONE)
        self.assertEqual(response.status_code, 302)

    def run_main_flows(self):
        """Share a case, request changes, resubmit, approve; a forum reply; a password reset; a membership decision."""
        submission = self.share_case()
        page = submission.page
        self.act(self.anonymizer, page, "reject", REQUEST)
        self.resubmit(submission)
        self.act(self.anonymizer, page, "approve", "Fine now.")
        self.act(self.approver, page, "approve", "Approved.")
        self.assertTrue(Page.objects.get(pk=page.pk).live)

        participant = create_user(PARTICIPANT, country_code="LA", ui_language="lo")
        thread = create_thread(create_board(), participant, title="Interpreter lists")
        with self.captureOnCommitCallbacks(execute=True):
            forum_services.create_reply(thread, self.officer, "The liaison office keeps one.")

        anonymous = self.client_class(HTTP_HOST="127.0.0.1:8103")  # the request reached the server at SITE_URL
        self.assertEqual(anonymous.post("/accounts/password/reset/", {"email": participant.email}).status_code, 302)

        applicant = create_user(None, approved=False, country_code="KH", ui_language="km")
        notify_approvers(applicant.member)
        self.client.force_login(self.administrator, MODEL_BACKEND)
        decision = {"member": applicant.member.pk, "decision": "approve", "role": "officer", "note": ""}
        self.assertEqual(self.client.post("/members/pending/", decision).status_code, 302)
        return submission

    def test_every_link_in_every_email_opens_for_its_recipient_on_the_sending_site(self):
        submission = self.run_main_flows()
        users = {user.email: user for user in get_user_model().objects.all()}
        opened = set()
        for message in mail.outbox:
            self.assertEqual(len(message.to), 1, message.subject)
            recipient = users[message.to[0]]
            found = links(message)
            self.assertTrue(found, f"no link in {message.subject!r}")
            for link in found:
                self.assertTrue(link.startswith(SITE_URL + "/"), f"{link} in {message.subject!r}")
                parts = urlsplit(link)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                self.client.force_login(recipient, MODEL_BACKEND)
                response = self.client.get(path, follow=True)
                self.assertEqual(response.status_code, 200, f"{link} for {recipient.email} ({message.subject!r})")
                chain = [url for url, _status in response.redirect_chain]
                self.assertLessEqual(len(chain), 2, chain)
                self.assertEqual(len(chain), len(set(chain)), chain)
                opened.add(parts.path)
        self.assertNotIn(f"/admin/pages/{submission.page_id}/edit/", {p for p in opened if "share" in p})
        officer_links = {link for m in mail.outbox if m.to == [self.officer.email] for link in links(m)}
        self.assertIn(f"{SITE_URL}/share/mine/{submission.pk}/edit/", officer_links)
        self.assertFalse([link for link in officer_links if "/admin/" in link], officer_links)
        editor_links = {link for m in mail.outbox if m.to == [self.anonymizer.email] for link in links(m)}
        self.assertIn(f"{SITE_URL}/admin/pages/{submission.page_id}/edit/", editor_links)
        self.assertTrue([path for path in opened if path.startswith("/accounts/password/reset/key/")], opened)
        kinds = {message.to[0] for message in mail.outbox}
        self.assertLessEqual({self.officer.email, self.anonymizer.email, self.administrator.email}, kinds)

    def test_workflow_emails_reach_each_recipient_wholly_in_their_own_language(self):
        submission = self.run_main_flows()
        to_officer = [m for m in mail.outbox if m.to == [self.officer.email] and "/share/" in m.body]
        to_editor = [m for m in mail.outbox if m.to == [self.anonymizer.email] and "/admin/pages/" in m.body]
        self.assertEqual(len(to_officer), 2)  # changes requested, then approved
        self.assertEqual(len(to_editor), 2)  # the case waits for anonymization review, twice

        rejected, approved = to_officer
        self.assertEqual(
            rejected.subject, in_language("th", "[Frontline Exchange] Changes requested: “%(title)s”", title=TITLE)
        )
        self.assertIn(
            in_language("th", "Make the changes and send the case back to the reviewers here:"), rejected.body
        )
        self.assertIn(in_language("th", "Anonymization review"), rejected.body)
        self.assertIn(REQUEST, rejected.body)
        self.assertEqual(approved.subject, in_language("th", "[Frontline Exchange] Approved: “%(title)s”", title=TITLE))
        self.assertIn(in_language("th", "Read it in the library:"), approved.body)

        for message in to_editor:
            self.assertEqual(
                message.subject,
                in_language(
                    "vi",
                    "[Frontline Exchange] To review: “%(title)s” (%(step)s)",
                    title=TITLE,
                    step=in_language("vi", "Anonymization review"),
                ),
            )
            self.assertIn(in_language("vi", "Review it in the editor:"), message.body)
            self.assertIn(f"{SITE_URL}/admin/pages/{submission.page_id}/edit/", message.body)
        for message in to_officer + to_editor:
            for english in ENGLISH:
                self.assertNotIn(english, message.subject + message.body)
            for link in links(message):
                self.assertTrue(link.startswith(SITE_URL + "/"), link)
        self.assertNotEqual(in_language("th", "Read it in the library:"), "Read it in the library:")

    def test_comment_emails_reach_an_editor_in_their_language_whatever_the_commenters_language(self):
        page = Page.objects.get(depth=2)
        context = {"page": page, "editor": self.approver, "new_comments": [Comment(text="Check the dates.")]}
        with translation.override("th"):
            self.assertTrue(send_notification([self.anonymizer], "updated_comments", context))
        (message,) = mail.outbox
        title = page.get_admin_display_title()
        self.assertEqual(
            message.subject, in_language("vi", "[Frontline Exchange] Comments updated on “%(title)s”", title=title)
        )
        self.assertIn(in_language("vi", "New comments:") + "\n - “Check the dates.”", message.body)
        self.assertIn(f"{SITE_URL}/admin/pages/{page.pk}/edit/", message.body)
        self.assertNotIn("Hello", message.body)
        self.assertNotIn(in_language("th", "New comments:"), message.body)
