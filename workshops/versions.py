"""Renew a workshop's results token (models.ResultsVersion) whenever what its results read changes.

Signals cover saves and deletes of answers, attempts, tests and test items, changes to a cohort's members, to a
workshop's facilitators (who may read its results, and who hold its cohort's audience token) and to a member's
profile (their country). Bulk writes that send no signal (TestItem.bulk_create) call `bump` themselves.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.access import forget_extra_tokens
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


def _facilitators_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A facilitator added or removed: the workshop's results readers changed, and so did that member's tokens.

    Tokens are read once per user object (accounts.access.extra_tokens) and each request loads its own, so the
    next request of a removed trainer holds the cohort's token no more; a user object in hand forgets it now.
    Every cache of what a reader may see is keyed by the reader's tokens (hidden_for, the search bitmaps), so
    none serves the removed trainer what the old tokens let them see; pages with an audience are never stored
    by the page cache.
    """
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if reverse:  # user.facilitated_workshops changed
        forget_extra_tokens(instance)
        if action == "pre_clear":
            bump(*instance.facilitated_workshops.values_list("pk", flat=True))
        elif action != "post_clear":
            bump(*(pk_set or ()))
    elif action != "post_clear":
        bump(instance.pk)


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
        _facilitators_changed,
        sender=WorkshopPage.facilitators.through,
        dispatch_uid="workshops-results-facilitators",
    )
    m2m_changed.connect(
        _cohorts_changed, sender=get_user_model().groups.through, dispatch_uid="workshops-results-cohorts"
    )
