"""Renew a workshop's results token (models.ResultsVersion) whenever what its results read changes.

Signals cover saves and deletes of answers, attempts, tests and test items, changes to a cohort's members and to a
member's profile (their country). Bulk writes that send no signal (TestItem.bulk_create) call `bump` themselves.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Member
from workshops.models import Answer, Attempt, KnowledgeTest, Question, ResultsVersion, TestItem, WorkshopPage


def bump(*workshop_ids):
    ResultsVersion.bump(workshop_ids)


def _answer_changed(sender, instance, **kwargs):
    bump(*Attempt.objects.filter(pk=instance.attempt_id).values_list("test__workshop_id", flat=True))


def _attempt_changed(sender, instance, **kwargs):
    bump(*KnowledgeTest.objects.filter(pk=instance.test_id).values_list("workshop_id", flat=True))


def _test_changed(sender, instance, **kwargs):
    bump(instance.workshop_id)


def _question_changed(sender, instance, created=False, **kwargs):
    if not created:
        bump(*KnowledgeTest.objects.filter(questions=instance).values_list("workshop_id", flat=True))


def _cohorts_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # group.user_set changed
        group_ids = [instance.pk]
    elif action == "pre_clear":
        group_ids = list(instance.groups.values_list("pk", flat=True))
    else:
        group_ids = list(pk_set or ())
    bump(*WorkshopPage.objects.filter(cohort_id__in=group_ids).values_list("pk", flat=True))


def _member_changed(sender, instance, **kwargs):
    bump(*WorkshopPage.objects.filter(cohort__user=instance.user_id).values_list("pk", flat=True))


def connect():
    for model, handler in (
        (Answer, _answer_changed),
        (Attempt, _attempt_changed),
        (KnowledgeTest, _test_changed),
        (TestItem, _attempt_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"workshops-results-{model.__name__}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"workshops-results-{model.__name__}-delete")
    post_save.connect(_question_changed, sender=Question, dispatch_uid="workshops-results-question")
    post_save.connect(_member_changed, sender=Member, dispatch_uid="workshops-results-member")
    m2m_changed.connect(
        _cohorts_changed, sender=get_user_model().groups.through, dispatch_uid="workshops-results-cohorts"
    )
