"""Feedback and follow-up: the end-of-workshop reaction form and the questionnaire sent some months later.

Each workshop has one FeedbackSettings row (made on first use): whether the feedback form is open, and when the
follow-up questionnaire goes out and how often it is recalled. A participant has at most one FeedbackResponse and
one FollowUp per workshop; the FollowUp row also records the emails sent, so that no email goes out twice.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 2000


class FeedbackState(models.TextChoices):
    AUTO = "auto", _("Opens on the workshop's last day")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Rating(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("1 – Strongly disagree")
    DISAGREE = 2, _("2 – Disagree")
    NEUTRAL = 3, _("3 – Neither agree nor disagree")
    AGREE = 4, _("4 – Agree")
    STRONGLY_AGREE = 5, _("5 – Strongly agree")


# The reaction items: (field name, statement the participant rates).
RATING_ITEMS = (
    ("relevance", _("The workshop was relevant to my work.")),
    ("facilitation", _("The facilitation was good.")),
    ("materials", _("The materials were useful.")),
    ("recommend", _("I would recommend this workshop to a colleague.")),
)


class Used(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FeedbackSettings(models.Model):
    """A workshop's feedback form state and follow-up schedule."""

    workshop = models.OneToOneField(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="feedback_settings"
    )
    state = models.CharField(
        _("feedback form"), max_length=8, choices=FeedbackState.choices, default=FeedbackState.AUTO
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    follow_up_enabled = models.BooleanField(_("send the follow-up questionnaire"), default=True)
    follow_up_after_days = models.PositiveSmallIntegerField(
        _("days after the last day"), default=90, validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("remind after this many days"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    max_reminders = models.PositiveSmallIntegerField(
        _("reminders at most"), default=2, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")

    def __str__(self):
        return f"{self.workshop} · {self.get_state_display()}"

    @classmethod
    def of(cls, workshop):
        """Return the workshop's settings, creating the defaults on first use."""
        found, _created = cls.objects.get_or_create(workshop=workshop)
        return found

    @property
    def is_open(self):
        """Return whether participants may answer (or change) their feedback now."""
        if self.state == FeedbackState.AUTO:
            return self.workshop.end_date <= timezone.localdate()
        return self.state == FeedbackState.OPEN

    @property
    def follow_up_date(self):
        """Return the day the follow-up questionnaire goes out."""
        return self.workshop.end_date + datetime.timedelta(days=self.follow_up_after_days)


class FeedbackResponse(models.Model):
    """One participant's reaction to a workshop: four ratings and two short texts."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("workshop")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_feedback")
    relevance = models.PositiveSmallIntegerField(choices=Rating.choices)
    facilitation = models.PositiveSmallIntegerField(choices=Rating.choices)
    materials = models.PositiveSmallIntegerField(choices=Rating.choices)
    recommend = models.PositiveSmallIntegerField(choices=Rating.choices)
    most_useful = models.TextField(_("what was most useful"), max_length=MAX_TEXT, blank=True)
    to_improve = models.TextField(_("what to improve"), max_length=MAX_TEXT, blank=True)
    language = models.CharField(max_length=5, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_feedback_per_participant"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"{name}_1_to_5"
                )
                for name, _label in RATING_ITEMS
            ],
        ]

    def __str__(self):
        return f"{self.workshop} · {self.user}"


class FollowUp(models.Model):
    """The follow-up questionnaire of one participant: the emails sent for it and, once given, the answers."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("workshop")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_follow_ups")
    created_at = models.DateTimeField(default=timezone.now)
    # Emails: the invitation is number 1, each reminder one more. A mail is claimed by raising this count with a
    # conditional update in the transaction that queues it, so two runs (or two workers) never send the same one.
    mails_sent = models.PositiveSmallIntegerField(default=0)
    first_mailed_at = models.DateTimeField(null=True, blank=True)
    last_mailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    used = models.CharField(_("used what they learned"), max_length=6, choices=Used.choices, blank=True)
    methods = models.ManyToManyField("library.LibraryPage", blank=True, related_name="+")
    other_method = models.CharField(_("other method"), max_length=300, blank=True)
    cooperated = models.BooleanField(_("cooperated across the border"), null=True, blank=True)
    partner_country = models.ForeignKey(
        "library.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    example = models.TextField(_("example"), max_length=MAX_TEXT, blank=True)
    language = models.CharField(max_length=5, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="one_follow_up_per_participant")]

    def __str__(self):
        return f"{self.workshop} · {self.user}"

    @property
    def is_answered(self):
        return self.answered_at is not None
