"""A review action posted twice, overtaken by another editor, or on a page no longer in review says so: never a 500."""

from unittest import mock

from django.urls import reverse
from wagtail.models import Revision, TaskState, WorkflowState

from library.models import CaseStudyPage
from tests.safety.test_review_guard import MODEL_BACKEND, ReviewGuardCase, is_live

ALREADY_DECIDED = "This review step has already been decided"
NOT_IN_REVIEW = "is not currently awaiting moderation"


class RepeatedReviewActionTests(ReviewGuardCase):
    def setUp(self):
        super().setUp()
        self.state = self.submit()
        self.first_step = self.state.current_task_state

    def decisions(self):
        """Return the statuses of the page's decided review steps, oldest first."""
        return list(
            TaskState.objects.filter(workflow_state=self.state)
            .exclude(status=TaskState.STATUS_IN_PROGRESS)
            .order_by("pk")
            .values_list("status", flat=True)
        )

    def editor_action(self, user, action, step=None):
        """Post the page editor's form with a review action on the step it showed, as the menu does; return it."""
        self.client.force_login(user, MODEL_BACKEND)
        step = step or self.first_step
        data = {"action-workflow-action": "true", "workflow-action-name": action, "review-step": str(step.pk)}
        return self.edit(**data)

    def test_request_changes_posted_twice_says_the_page_is_no_longer_in_review(self):
        self.act(self.reviewer, "reject", self.first_step)
        response = self.act(self.reviewer, "reject", self.first_step)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, NOT_IN_REVIEW)
        self.assertEqual(self.decisions(), [TaskState.STATUS_REJECTED])

    def test_approve_posted_twice_does_not_approve_the_next_step(self):
        self.act(self.reviewer, "approve", self.first_step)
        response = self.act(self.reviewer, "approve", self.first_step)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ALREADY_DECIDED)
        self.assertEqual(self.current_step(), "Editorial approval")
        self.assertEqual(self.decisions(), [TaskState.STATUS_APPROVED])
        self.assertFalse(is_live(self.page))

    def test_request_changes_after_another_editor_approved_the_step_is_refused(self):
        second_reviewer = self.administrator
        self.act(self.reviewer, "approve", self.first_step)
        response = self.act(second_reviewer, "reject", self.first_step)
        self.assertContains(response, ALREADY_DECIDED)
        self.assertEqual(self.current_step(), "Editorial approval")
        self.assertEqual(self.decisions(), [TaskState.STATUS_APPROVED])

    def test_the_editor_names_the_step_it_shows(self):
        self.client.force_login(self.reviewer, MODEL_BACKEND)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertContains(response, f'<input type="hidden" name="review-step" value="{self.first_step.pk}">')

    def test_each_action_posted_twice_from_the_editor_saves_nothing_the_second_time(self):
        for action, expected in (("reject", TaskState.STATUS_REJECTED), ("approve", TaskState.STATUS_APPROVED)):
            with self.subTest(action=action):
                self.state = self.submit()
                self.first_step = self.state.current_task_state
                before = self.decisions()
                self.editor_action(self.reviewer, action)
                revisions = Revision.objects.count()
                response = self.editor_action(self.reviewer, action)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, ALREADY_DECIDED)
                self.assertEqual(Revision.objects.count(), revisions)
                self.assertEqual(self.decisions(), [*before, expected])
                self.assertFalse(is_live(self.page))

    def test_an_editor_action_overtaken_by_another_editor_is_answered_with_a_message(self):
        """Two editors at once: the other's "Request changes" lands while this one's approval form is checked."""
        check_form = CaseStudyPage.full_clean
        step = self.first_step

        def other_editor_requests_changes_meanwhile(page, *args, **kwargs):
            if TaskState.objects.get(pk=step.pk).status == TaskState.STATUS_IN_PROGRESS:
                step.specific.task.specific.on_action(step.specific, self.administrator, "reject", comment="Not yet.")
            return check_form(page, *args, **kwargs)

        with mock.patch.object(CaseStudyPage, "full_clean", other_editor_requests_changes_meanwhile):
            response = self.editor_action(self.reviewer, "approve")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ALREADY_DECIDED)
        self.assertEqual(self.decisions(), [TaskState.STATUS_REJECTED])
        self.assertEqual(WorkflowState.objects.get(pk=self.state.pk).status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertFalse(is_live(self.page))

    def test_an_approval_posted_twice_at_once_does_not_approve_the_next_step(self):
        """A double click (or a retried POST) whose second request passed its check before the first one ended."""
        check_form = CaseStudyPage.full_clean
        step = self.first_step

        def first_request_ends_meanwhile(page, *args, **kwargs):
            if TaskState.objects.get(pk=step.pk).status == TaskState.STATUS_IN_PROGRESS:
                step.specific.task.specific.on_action(step.specific, self.reviewer, "approve", comment="")
            return check_form(page, *args, **kwargs)

        self.client.force_login(self.reviewer, MODEL_BACKEND)
        with mock.patch.object(CaseStudyPage, "full_clean", first_request_ends_meanwhile):
            response = self.edit(**{"action-workflow-action": "true", "workflow-action-name": "approve"})
        self.assertContains(response, ALREADY_DECIDED)
        self.assertEqual(self.current_step(), "Editorial approval")
        self.assertEqual(self.decisions(), [TaskState.STATUS_APPROVED])
        self.assertFalse(is_live(self.page))
