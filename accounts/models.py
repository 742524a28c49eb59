import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.urls import reverse
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

    def with_email_confirmed(self):
        """Return members annotated with `email_confirmed`: whether their sign-in address is confirmed."""
        confirmed = EmailAddress.objects.filter(
            user_id=models.OuterRef("user_id"), email__iexact=models.OuterRef("user__email"), verified=True
        )
        return self.annotate(email_confirmed=models.Exists(confirmed))

    def approvable_by(self, user):
        """Return the members this user may approve: all for administrators, their own country for focal points."""
        from accounts.roles import ADMINISTRATOR, FOCAL_POINT, roles_of  # accounts.roles imports these models

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
        default=NotificationPreference.IMMEDIATELY,
        help_text=_("For forum replies, mentions and threads you follow."),
    )
    invitation = models.ForeignKey(
        "accounts.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("joined through invitation"),
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

    def has_confirmed_email(self):
        """Return whether the member has confirmed the address they sign in with."""
        annotated = getattr(self, "email_confirmed", None)
        if annotated is not None:
            return annotated
        return EmailAddress.objects.filter(user_id=self.user_id, email__iexact=self.user.email, verified=True).exists()

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


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Return invitations that have not expired, been withdrawn or been used up."""
        return self.filter(revoked=False, expires_at__gt=timezone.now(), uses__lt=models.F("max_uses"))


class Invitation(models.Model):
    """A link that lets workshop participants join without vetting."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    workshop = models.CharField(
        _("workshop"), max_length=200, help_text=_("The workshop this link is for, for example its name and date.")
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        default="participant",
        editable=False,
        help_text=_("Invitations grant the workshop participant role only; other roles need vetting."),
    )
    groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="invitations",
        verbose_name=_("working groups"),
        help_text=_("People who join through this link also join these working groups."),
    )
    country = models.ForeignKey(
        "library.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default country"),
        help_text=_("Pre-selects the country on the registration form; participants can change it."),
    )
    expires_at = models.DateTimeField(_("expires at"))
    max_uses = models.PositiveIntegerField(_("maximum number of uses"), default=30)
    uses = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    revoked = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.workshop

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:join", args=[self.token])

    @property
    def is_expired(self):
        """Return whether the invitation's expiry time has passed."""
        return self.expires_at <= timezone.now()

    @property
    def is_used_up(self):
        """Return whether the invitation has been used as often as allowed."""
        return self.uses >= self.max_uses

    @property
    def is_usable(self):
        """Return whether someone may still join through this invitation."""
        return not (self.revoked or self.is_expired or self.is_used_up)

    def join_url(self):
        """Return the full link to share with participants."""
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.get_absolute_url()

    def uses_display(self):
        """Return uses out of the maximum, for listings."""
        return f"{self.uses} / {self.max_uses}"

    def state_display(self):
        """Return whether the link still works, in words."""
        if self.revoked:
            return _("Withdrawn")
        if self.is_expired:
            return _("Expired")
        if self.is_used_up:
            return _("Used up")
        return _("Active")


class AuditEventQuerySet(models.QuerySet):
    def newest_first(self):
        """Return events newest first."""
        return self.order_by("-created_at", "-pk")


class AuditEvent(models.Model):
    """One security-relevant event: who did what to which object, and when."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    username = models.CharField(
        _("account"),
        max_length=254,
        blank=True,
        help_text=_("The email or username given, kept if the user is deleted."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["event", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event} {self.username}"
