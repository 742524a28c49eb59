"""Certificates: the rule a workshop sets for them (on its page) and the certificates its trainers issue.

A certificate keeps, as issued, what the public verification page confirms: the participant's name, the workshop's
title and its dates. Its code is unguessable (workshops.certificate_codes) and unique; revoking keeps the row, so a
revoked code reads "revoked" rather than "unknown".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from workshops.certificate_codes import CODE_LENGTH, format_code

DEFAULT_MIN_SCORE = 70


class CertificateRules(models.Model):
    """Who earns a certificate at a workshop: days attended and the post-test score (fields of the workshop page)."""

    certificate_min_days = models.PositiveSmallIntegerField(
        _("days attended, at least"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(30)],
        help_text=_("Leave empty to require every day of the workshop; 0 means attendance does not count."),
    )
    certificate_min_score = models.PositiveSmallIntegerField(
        _("post-test score, at least (%)"),
        null=True,
        blank=True,
        default=DEFAULT_MIN_SCORE,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leave empty if the post-test does not count."),
    )

    certificate_panel = MultiFieldPanel(
        [FieldRowPanel([FieldPanel("certificate_min_days"), FieldPanel("certificate_min_score")])],
        heading=_("Certificates"),
        help_text=_("A participant who meets both conditions can be given a certificate by a trainer."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        days = len(self.days) if self.start_date and self.end_date else None
        if self.certificate_min_days and days is not None and self.certificate_min_days > days:
            raise ValidationError(
                {
                    "certificate_min_days": _("The workshop has %(days)d days: require %(days)d at most.")
                    % {"days": days}
                }
            )

    @property
    def certificate_days_required(self):
        """Return how many days a participant must have attended (0: attendance does not count)."""
        if self.certificate_min_days is None:
            return len(self.days)
        return min(self.certificate_min_days, len(self.days))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """A certificate issued to one participant of one workshop."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="certificates", verbose_name=_("workshop")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_certificates",
        verbose_name=_("participant"),
    )
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, editable=False)
    name = models.CharField(_("name on the certificate"), max_length=300)
    workshop_title = models.CharField(_("workshop title"), max_length=255)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"], condition=Q(revoked_at__isnull=True), name="one_valid_certificate"
            )
        ]

    def __str__(self):
        return f"{self.display_code} · {self.workshop_title}"

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_revoked(self):
        return self.revoked_at is not None
