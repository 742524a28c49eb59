"""No case study goes live without its review: every publishing path is refused, except the last review step."""

import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState

from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, EDITOR, OFFICER
from library.models import CaseStudyPage, LibraryPage
from safety.permits import data_load
from safety.review_guard import OVERRIDE_EVENT, ReviewRequired
from submissions.models import Submission
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study, library_index
from tests.library.test_import_library import line
from tests.library.test_pages import case_study_form_data
from tests.submissions.test_share import PHONE, share_data

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SLUG = "fishing-vessel"
TITLE = "Fishing vessel case"
REFUSED = "Submit it for review instead."


def is_live(page):
    """Return whether the page is live in the database now."""
    return Page.objects.get(pk=page.pk).live


class ReviewGuardCase(TestCase):
    """A case study written by one editor, a second editor to review it, and an administrator."""

    @classmethod
    def setUpTestData(cls):
        cls.author = create_user(EDITOR)
        cls.reviewer = create_user(EDITOR)
        cls.administrator = create_user(ADMINISTRATOR)
        cls.page = create_case_study(title=TITLE, slug=SLUG, publish=False, owner=cls.author)
        cls.page.save_revision(user=cls.author)

    def setUp(self):
        self.client.force_login(self.author, MODEL_BACKEND)

    def edit(self, follow=True, **extra):
        """Post the admin editor's form for the case study with these extra fields; return the response."""
        data = {**case_study_form_data(slug=SLUG, title=TITLE), **extra}
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data, follow=follow)

    def submit(self):
        """Submit the case study for review as its author; return the workflow state."""
        self.client.force_login(self.author, MODEL_BACKEND)
        self.edit(**{"action-submit": "submit"})
        return WorkflowState.objects.for_instance(self.page).get(status=WorkflowState.STATUS_IN_PROGRESS)

    def act(self, user, action, task_state=None, follow=True):
        """Perform a review action on the current (or given) step as this user, through the admin."""
        if task_state is None:
            state = WorkflowState.objects.for_instance(self.page).get(status=WorkflowState.STATUS_IN_PROGRESS)
            task_state = state.current_task_state
        self.client.force_login(user, MODEL_BACKEND)
        url = reverse("wagtailadmin_pages:workflow_action", args=[self.page.pk, action, task_state.pk])
        return self.client.post(url, {"comment": "Checked."}, follow=follow)

    def current_step(self):
        """Return the name of the review step in progress, or None."""
        state = WorkflowState.objects.for_instance(self.page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
        return state.current_task_state.task.name if state else None


class EditorCannotPublishAloneTests(ReviewGuardCase):
    def test_the_action_menu_offers_submit_for_review_and_no_publish(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertContains(response, 'name="action-submit"')
        self.assertNotContains(response, 'name="action-publish"')
        self.assertNotContains(response, "Publish without review")
        add = reverse("wagtailadmin_pages:add", args=["library", "casestudypage", library_index().pk])
        self.assertNotContains(self.client.get(add), 'name="action-publish"')

    def test_a_crafted_publish_post_to_the_editor_is_refused(self):
        response = self.edit(**{"action-publish": "publish"})
        self.assertContains(response, REFUSED)
        self.assertFalse(is_live(self.page))

    def test_publishing_from_the_create_view_keeps_the_new_page_as_a_draft(self):
        data = case_study_form_data(slug="new-case", **{"action-publish": "publish"})
        url = reverse("wagtailadmin_pages:add", args=["library", "casestudypage", library_index().pk])
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, REFUSED)
        page = CaseStudyPage.objects.get(slug="new-case")
        self.assertFalse(page.live)
        self.assertIsNone(page.live_revision_id)

    def test_bulk_publishing_is_refused(self):
        index = library_index()
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        next_url = reverse("wagtailadmin_explore", args=[index.pk])
        response = self.client.post(f"{url}?id={self.page.pk}&next={next_url}", {}, follow=True)
        self.assertContains(response, "Submit each of them for review instead.")
        self.assertFalse(is_live(self.page))

    def test_scheduling_is_refused_and_scheduled_publishing_does_not_publish(self):
        go_live = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        response = self.edit(go_live_at=go_live, **{"action-publish": "publish"})
        self.assertContains(response, REFUSED)
        self.assertFalse(Revision.objects.filter(approved_go_live_at__isnull=False).exists())

        # Scheduling in code is refused too, so publish_scheduled never finds the revision.
        draft = Page.objects.get(pk=self.page.pk).specific.get_latest_revision_as_object()
        draft.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
        revision = draft.save_revision(user=self.author)
        with self.assertRaises(ReviewRequired):
            revision.publish(user=self.author)
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertFalse(is_live(self.page))
        self.assertFalse(Revision.objects.filter(approved_go_live_at__isnull=False).exists())

    def test_reverting_to_an_old_revision_and_publishing_is_refused(self):
        old = Page.objects.get(pk=self.page.pk).latest_revision
        self.edit(summary="A newer summary.")
        response = self.edit(revision=old.pk, **{"action-publish": "publish"})
        self.assertContains(response, REFUSED)
        with self.assertRaises(ReviewRequired):
            old.publish(user=self.author)
        self.assertFalse(is_live(self.page))

    def test_copying_as_a_live_page_is_refused(self):
        with data_load("test data"):
            Page.objects.get(pk=self.page.pk).latest_revision.publish()
        url = reverse("wagtailadmin_pages:copy", args=[self.page.pk])
        data = {
            "new_title": "Copied case",
            "new_slug": "copied-case",
            "new_parent_page": library_index().pk,
            "publish_copies": "on",
        }
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "Not copied")
        self.assertFalse(Page.objects.filter(slug="copied-case", live=True).exists())

    def test_publishing_in_code_is_refused(self):
        with self.assertRaises(ReviewRequired):
            Page.objects.get(pk=self.page.pk).latest_revision.publish()
        page = CaseStudyPage.objects.get(pk=self.page.pk)
        page.live = True
        with self.assertRaises(ReviewRequired):
            page.save()
        self.assertFalse(is_live(self.page))

    def test_an_administrator_s_publish_button_is_refused_too(self):
        self.client.force_login(self.administrator, MODEL_BACKEND)
        response = self.edit(**{"action-publish": "publish"})
        self.assertContains(response, REFUSED)
        self.assertFalse(is_live(self.page))


class ReviewPathTests(ReviewGuardCase):
    def test_a_second_editor_approving_both_steps_publishes_and_the_submitter_never_can(self):
        self.submit()
        self.act(self.author, "approve")
        self.assertEqual(self.current_step(), "Anonymization review")
        self.act(self.reviewer, "approve")
        self.assertEqual(self.current_step(), "Editorial approval")
        self.assertFalse(is_live(self.page))

        # The last step refuses its submitter too, by the menu and by a crafted POST.
        self.client.force_login(self.author, MODEL_BACKEND)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertNotContains(editor, "and Publish")
        self.act(self.author, "approve")
        response = self.edit(**{"action-workflow-action": "true", "workflow-action-name": "approve"})
        self.assertContains(response, "You cannot review your own submission")
        self.assertEqual(self.current_step(), "Editorial approval")
        self.assertFalse(is_live(self.page))

        self.act(self.reviewer, "approve")
        self.assertIsNone(self.current_step())
        self.assertTrue(is_live(self.page))

    def test_an_approved_scheduled_revision_goes_live_at_its_time(self):
        draft = Page.objects.get(pk=self.page.pk).specific.get_latest_revision_as_object()
        draft.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        draft.save_revision(user=self.author)
        library_index().get_workflow().start(Page.objects.get(pk=self.page.pk).specific, self.author)
        self.act(self.reviewer, "approve")
        self.act(self.reviewer, "approve")
        revision = Revision.objects.get(approved_go_live_at__isnull=False)
        self.assertFalse(is_live(self.page))
        # The hour passes.
        past = timezone.now() - datetime.timedelta(minutes=1)
        content = {**revision.content, "go_live_at": past.isoformat()}
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertTrue(is_live(self.page))


class AdministratorOverrideTests(ReviewGuardCase):
    def url(self):
        return reverse("safety_publish_without_review", args=[self.page.pk])

    def test_an_administrator_publishes_without_review_giving_a_reason(self):
        self.submit()
        self.client.force_login(self.administrator, MODEL_BACKEND)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertContains(editor, "Publish without review…")
        self.assertContains(self.client.get(self.url()), "The review in progress will be cancelled.")
        reason = "Correction ordered by the steering committee while both reviewers are on mission."
        response = self.client.post(self.url(), {"reason": reason}, follow=True)
        self.assertContains(response, "was published without review")
        self.assertTrue(is_live(self.page))
        event = AuditEvent.objects.get(event=OVERRIDE_EVENT)
        self.assertEqual(
            (event.user, event.data["reason"], event.object_id), (self.administrator, reason, str(self.page.pk))
        )
        self.assertIsNone(self.current_step())

    def test_an_override_without_a_reason_is_refused(self):
        self.client.force_login(self.administrator, MODEL_BACKEND)
        response = self.client.post(self.url(), {"reason": "   "})
        self.assertContains(response, "publishing without review is refused without one")
        self.assertFalse(is_live(self.page))
        self.assertFalse(AuditEvent.objects.filter(event=OVERRIDE_EVENT).exists())

    def test_an_editor_cannot_override(self):
        for response in (self.client.get(self.url()), self.client.post(self.url(), {"reason": "I wrote it."})):
            self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertFalse(is_live(self.page))
        self.assertFalse(AuditEvent.objects.filter(event=OVERRIDE_EVENT).exists())


class SharedCaseTests(TestCase):
    def test_a_shared_case_goes_live_only_through_its_review(self):
        officer = create_user(OFFICER)
        editor = create_user(EDITOR)
        self.client.force_login(officer, MODEL_BACKEND)
        self.client.post(reverse("submissions:share"), share_data(), **PHONE)
        page = Submission.objects.get(submitter=officer).page
        self.assertFalse(page.live)
        with self.assertRaises(ReviewRequired):
            Page.objects.get(pk=page.pk).latest_revision.publish()

        self.client.force_login(editor, MODEL_BACKEND)
        data = {**case_study_form_data(slug=page.slug, title=page.title), "action-publish": "publish"}
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
        self.assertContains(response, REFUSED)
        self.assertFalse(is_live(page))

        for _step in range(2):
            state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
            url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
            self.client.post(url, {"comment": ""})
        self.assertTrue(is_live(page))


class ImportTests(TestCase):
    def import_lines(self, *args):
        """Run import_library on two case-study lines with these options; return (output, error or None)."""
        path = self.tmp / "cases.jsonl"
        path.write_text("\n".join(json.dumps(line(n)) for n in (0, 3)), encoding="utf-8")
        out = io.StringIO()
        try:
            call_command("import_library", str(path), *args, "--no-progress", stdout=out, stderr=io.StringIO())
        except CommandError as error:
            return out.getvalue(), str(error)
        return out.getvalue(), None

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_publish_submits_the_imported_pages_for_review_instead(self):
        out, error = self.import_lines("--publish")
        self.assertIsNone(error)
        self.assertIn("2 page(s) were submitted for review instead of published", out)
        pages = LibraryPage.objects.filter(import_key__startswith="id:demo-")
        self.assertEqual(pages.count(), 2)
        self.assertFalse(pages.filter(live=True).exists())
        for page in pages:
            state = WorkflowState.objects.for_instance(page).get()
            self.assertEqual(state.current_task_state.task.name, "Anonymization review")

    def test_an_administrator_s_override_with_a_reason_publishes_and_is_audited(self):
        administrator = create_user(ADMINISTRATOR)
        editor = create_user(EDITOR)
        _, error = self.import_lines("--publish", "--without-review", "  ", "--administrator", administrator.email)
        self.assertIn("needs a reason", error)
        _, error = self.import_lines(
            "--publish", "--without-review", "Reviewed on paper.", "--administrator", editor.email
        )
        self.assertIn("of an administrator", error)
        self.assertFalse(LibraryPage.objects.exists())

        reason = "Reviewed on paper by the regional editorial board."
        _, error = self.import_lines("--publish", "--without-review", reason, "--administrator", administrator.email)
        self.assertIsNone(error)
        self.assertEqual(LibraryPage.objects.filter(live=True).count(), 2)
        event = AuditEvent.objects.get(event=OVERRIDE_EVENT)
        self.assertEqual((event.user, event.data["reason"], event.data["pages"]), (administrator, reason, 2))
