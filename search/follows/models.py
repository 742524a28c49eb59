"""A member's followed searches and the alerts they produced (one per followed search and document)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Email me at once")
    DAILY = "daily", _("Email me in the daily digest")
    OFF = "off", _("No email, only on the site")


class Source(models.TextChoices):
    SEARCH = "search", _("Search")
    LIBRARY = "library", _("Library")


class FollowedSearch(models.Model):
    """What a member follows: the text and filters of /search/ or the library listing, and how they hear of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_searches")
    key = models.CharField(max_length=64, help_text="a digest of source, text, filters and scope: one follow each")
    source = models.CharField(_("followed from"), max_length=10, choices=Source.choices, default=Source.SEARCH)
    path = models.CharField(max_length=200, help_text="the listing's address, for a follow made on the library")
    query = models.CharField(_("search text"), max_length=200, blank=True)
    filters = models.JSONField(default=dict, help_text="{facet: [values]} as /search/ validates them")
    scope = models.JSONField(default=list, help_text="the kinds the listing shows when no type filter is chosen")
    name = models.CharField(_("name"), max_length=120, blank=True)
    delivery = models.CharField(_("email"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY)
    created_at = models.DateTimeField(default=timezone.now)
    checked_until = models.DateTimeField(
        default=timezone.now, help_text="documents dated after this are new (the high-water mark of the checks)"
    )
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="follows_one_follow_per_search")]
        verbose_name = _("followed search")
        verbose_name_plural = _("followed searches")

    def __str__(self):
        return self.name or self.query or f"#{self.pk}"


class SearchAlert(models.Model):
    """A new document that matched a followed search when it was checked; shown and emailed only while visible."""

    follow = models.ForeignKey(FollowedSearch, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_alerts")
    doc_id = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["follow", "doc_id"], name="follows_one_alert_per_document")]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")

    def __str__(self):
        return f"{self.doc_id} → {self.follow}"
