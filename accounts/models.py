from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class NotificationPreference(models.TextChoices):
    IMMEDIATELY = "immediately", _("Email me immediately")
    DAILY = "daily", _("Email me a daily digest")
    OFF = "off", _("Don't email me")


class MemberQuerySet(models.QuerySet):
    def pending(self):
        """Return members awaiting approval, oldest request first."""
        return self.filter(status=MemberStatus.PENDING).order_by("created_at", "pk")

    def approvable_by(self, user):
        """Return the members this user may approve: all for administrators, their own country for focal points."""
        from accounts.roles import ADMINISTRATOR, FOCAL_POINT, roles_of

        roles = roles_of(user)
        if ADMINISTRATOR in roles:
            return self.all()
        if FOCAL_POINT in roles:
            country_id = getattr(getattr(user, "member", None), "country_id", None)
            if country_id is not None:
                return self.filter(country_id=country_id)
        return self.none()


class Member(models.Model):
    """A person's profile beside their sign-in account: where they work and what they want from the site."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member", verbose_name=_("user")
    )
    country = models.ForeignKey(
        "library.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("country"),
        help_text=_("The country whose agency you work for."),
    )
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    work_email = models.EmailField(
        _("work email"), blank=True, help_text=_("Your official email address, used to confirm your role.")
    )
    languages = models.JSONField(
        _("content languages"), default=list, blank=True, help_text=_("Languages you read library content in.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    ui_language = models.CharField(
        _("interface language"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of menus and buttons; content keeps the language it is written in."),
    )
    notifications = models.CharField(
        _("email notifications"),
        max_length=12,
        choices=NotificationPreference.choices,
        default=NotificationPreference.DAILY,
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.user.get_full_name() or self.user.email or self.user.get_username()

    @property
    def is_approved(self):
        """Return whether this member has been vetted and approved."""
        return self.status == MemberStatus.APPROVED

    @property
    def approved_by(self):
        """Return who approved this member, if approved."""
        return self.decided_by if self.is_approved else None

    @property
    def approved_at(self):
        """Return when this member was approved, if approved."""
        return self.decided_at if self.is_approved else None

    def language_names(self):
        """Return the display names of this member's content languages."""
        names = dict(settings.CONTENT_LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]


def member_of(user):
    """Return a user's member profile, creating a pending one if missing."""
    member = getattr(user, "member", None)
    if member is None:
        member, _created = Member.objects.get_or_create(
            user=user, defaults={"status": MemberStatus.APPROVED if user.is_superuser else MemberStatus.PENDING}
        )
    return member


def is_approved_member(user):
    """Return whether this user is signed in, active and approved (superusers always are)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        return user.member.status == MemberStatus.APPROVED
    except Member.DoesNotExist:
        return False
