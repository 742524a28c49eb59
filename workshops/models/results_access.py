"""Who else may read a workshop's results, and the version that keys the cached results.

A trainer grants a member of a partner agency (or of the organisers) the right to read one workshop's aggregate
results: `ResultsViewer`. Agencies are free text on the workshop page and on a member's profile, so access is never
inferred from a name a member typed: a trainer names the person. The results never name participants.

`ResultsVersion` is a random token per workshop, renewed whenever anything its results read changes (an answer, an
attempt, a test, its items, the cohort, a participant's country); computed summaries are cached under it, so every
process sees a change at once and a rolled-back change never reuses a token.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResultsViewer(models.Model):
    """A member of a partner agency who may read one workshop's aggregate results."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="results_viewers", verbose_name=_("workshop")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_results_grants",
        verbose_name=_("member"),
    )
    agency = models.CharField(_("agency"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("results reader")
        verbose_name_plural = _("results readers")
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="one_results_grant_per_member")]

    def __str__(self):
        return f"{self.user} · {self.agency}"


def new_token():
    return uuid.uuid4().hex


class ResultsVersion(models.Model):
    """The current token of one workshop's results (see the module's docstring)."""

    workshop = models.OneToOneField(
        "workshops.WorkshopPage", on_delete=models.CASCADE, primary_key=True, related_name="results_version"
    )
    token = models.CharField(max_length=32, default=new_token)

    class Meta:
        verbose_name = _("results version")

    def __str__(self):
        return self.token

    @classmethod
    def bump(cls, workshop_ids):
        """Renew the token of each of these workshops."""
        for workshop_id in set(workshop_ids):
            if workshop_id is None:
                continue
            if not cls.objects.filter(workshop_id=workshop_id).update(token=new_token()):
                cls.objects.get_or_create(workshop_id=workshop_id)

    @classmethod
    def tokens(cls, workshop_ids):
        """Return {workshop id: token}, creating the missing tokens."""
        found = dict(cls.objects.filter(workshop_id__in=workshop_ids).values_list("workshop_id", "token"))
        missing = [pk for pk in workshop_ids if pk not in found]
        if missing:
            cls.objects.bulk_create([cls(workshop_id=pk) for pk in missing], ignore_conflicts=True)
            found.update(cls.objects.filter(workshop_id__in=missing).values_list("workshop_id", "token"))
        return found
