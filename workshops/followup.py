"""The follow-up questionnaire: who gets it when, the signed link in its email, and the reminders.

``send_due`` runs as a periodic task (workshops.tasks). For every live workshop whose follow-up date has come (the
last day plus ``follow_up_after_days``), each member of its cohort gets one email in their language with a signed
link to their own questionnaire, then a reminder every ``reminder_every_days`` until they answer, at most
``max_reminders`` times. Someone who left the cohort gets nothing more. A workshop whose follow-up date passed more
than FIRST_MAIL_WITHIN ago sends no first email (so switching the feature on does not write to old cohorts).

Idempotent: each email is claimed by raising ``FollowUp.mails_sent`` with a conditional update in the transaction
that queues it (site email is itself a task), so a second run, or a second worker, finds nothing left to claim.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.notifications import member_language
from forum.notices import Notice
from workshops.models import FeedbackSettings, FollowUp, WorkshopPage

logger = logging.getLogger(__name__)
LINK_SALT = "workshops.follow-up"
FIRST_MAIL_WITHIN = datetime.timedelta(days=30)


def link_max_age():
    """Return how long a follow-up link stays valid."""
    return datetime.timedelta(days=getattr(settings, "WORKSHOPS_FOLLOW_UP_LINK_DAYS", 180))


def make_token(follow_up):
    """Return the signed token of one participant's questionnaire (it names the row and its participant)."""
    return signing.dumps({"f": follow_up.pk, "u": follow_up.user_id}, salt=LINK_SALT)


def follow_up_for_token(token):
    """Return the FollowUp a valid, unexpired token names, if its participant is still in the cohort; else None."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=link_max_age())
        pk, user_id = int(data["f"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    follow_up = (
        FollowUp.objects.select_related("workshop", "user").filter(pk=pk, user_id=user_id, user__is_active=True).first()
    )
    if follow_up is None or not follow_up.workshop.live or not in_cohort(follow_up.workshop, user_id):
        return None
    return follow_up


def in_cohort(workshop, user_id):
    return bool(workshop.cohort_id) and workshop.cohort.user_set.filter(pk=user_id).exists()


def link(follow_up):
    """Return the full address of a participant's questionnaire."""
    path = reverse("workshops:follow-up-link", args=[make_token(follow_up)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def waiting_for(user):
    """Return the follow-ups sent to this member and not answered: one table, nothing joined (no workshop, page or
    cohort checked; pending_for adds those). The one place that says what "waiting" means."""
    if not user.is_authenticated:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(user=user, answered_at__isnull=True, mails_sent__gt=0)


def pending_for(user):
    """Return the follow-ups this member has been sent and not answered, in workshops they still belong to."""
    return (
        waiting_for(user)
        .filter(workshop__live=True, workshop__cohort__user=user)
        .select_related("workshop")
        .order_by("-first_mailed_at")
    )


def notices(user, now=None):
    """Return the in-app notices (forum.notices) of this member's follow-up questionnaires that are waiting.

    One per questionnaire sent and not answered, while its emailed link is valid, dated by the latest email (the
    invitation or a reminder, which brings it back to the top as a reminder); unread until answered.
    """
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    oldest = now - link_max_age()
    # Asked on every signed-in page (the header's count): most members have no questionnaire waiting, which this
    # one-table question answers before the one that joins the workshop, its page and its cohort.
    if not waiting_for(user).filter(first_mailed_at__gte=oldest).exists():
        return []
    rows = pending_for(user).filter(first_mailed_at__gte=oldest)
    result = []
    for follow_up in rows:
        title = follow_up.workshop.title
        if follow_up.mails_sent > 1:
            text = _("Reminder: the follow-up questionnaire of “%(workshop)s” is waiting for you.") % {
                "workshop": title
            }
        else:
            text = _(
                "How have you used what you learned at “%(workshop)s”? The follow-up questionnaire is waiting."
            ) % {"workshop": title}
        url = reverse("workshops:follow-up", args=[follow_up.workshop_id])
        result.append(Notice(text=text, url=url, created_at=follow_up.last_mailed_at or follow_up.first_mailed_at))
    return result


def mail_due(follow_up, plan, now):
    """Return whether the next email of this follow-up is due now (the invitation, or the next reminder)."""
    if follow_up.is_answered:
        return False
    if follow_up.mails_sent == 0:
        start = timezone.make_aware(datetime.datetime.combine(plan.follow_up_date, datetime.time()))
        return start <= now < start + FIRST_MAIL_WITHIN
    if follow_up.mails_sent > plan.max_reminders or follow_up.first_mailed_at is None:
        return False
    return now >= follow_up.first_mailed_at + datetime.timedelta(days=plan.reminder_every_days * follow_up.mails_sent)


def send_due(now=None):
    """Send every follow-up email that is due; return how many were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    workshops = WorkshopPage.objects.live().filter(end_date__lt=today, cohort__isnull=False).select_related("cohort")
    for workshop in workshops.iterator():
        plan = FeedbackSettings.objects.filter(workshop=workshop).first() or FeedbackSettings(workshop=workshop)
        if not plan.follow_up_enabled or plan.follow_up_date > today:
            continue
        people = list(workshop.cohort.user_set.filter(is_active=True).exclude(email="").order_by("pk"))
        known = {f.user_id: f for f in FollowUp.objects.filter(workshop=workshop, user__in=people)}
        for person in people:
            follow_up = known.get(person.pk)
            if follow_up is None:
                follow_up, _created = FollowUp.objects.get_or_create(workshop=workshop, user=person)
            if mail_due(follow_up, plan, now):
                sent += _send(follow_up, workshop, person, now)
    return sent


def _send(follow_up, workshop, person, now):
    """Claim and queue the next email of one follow-up; return 1 if this run sent it, else 0."""
    number = follow_up.mails_sent
    with transaction.atomic():
        claimed = FollowUp.objects.filter(pk=follow_up.pk, mails_sent=number, answered_at__isnull=True).update(
            mails_sent=F("mails_sent") + 1,
            last_mailed_at=now,
            first_mailed_at=Coalesce(F("first_mailed_at"), now),
        )
        if not claimed:  # another run sent it meanwhile, or the participant answered
            return 0
        with translation.override(member_language(person)):
            context = {"workshop": workshop, "link": link(follow_up), "reminder": number > 0, "person": person}
            if number:
                subject = _("Reminder: how have you used what you learned at “%(workshop)s”?")
            else:
                subject = _("How have you used what you learned at “%(workshop)s”?")
            body = render_to_string("workshops/email/follow_up.txt", context)
        message = EmailMessage(
            subject % {"workshop": workshop.title}, body, settings.DEFAULT_FROM_EMAIL, [person.email]
        )
        try:
            message.send(fail_silently=False)
        except OSError:
            logger.exception("Could not send follow-up %s to user %s", follow_up.pk, person.pk)
            transaction.set_rollback(True)
            return 0
    return 1
