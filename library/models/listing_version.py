from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access.pages import note_version_changed

_deferred: ContextVar[list[bool] | None] = ContextVar("deferred_listing_version_bumps", default=None)


class ListingVersion(models.Model):
    """A counter raised whenever the set of live library pages or their classification may have changed.

    It keys the per-process cache of the subtrees hidden from each reader (accounts.access.pages.hidden_for), so
    every process sees a new restriction at once. The library listing does not read it: it reads the search index.
    """

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("library listing version")

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        """Return (version, time of change): together they identify one state, even across rolled-back changes."""
        return cls.objects.filter(pk=1).values_list("version", "changed_at").first() or (0, None)

    @classmethod
    def bump(cls):
        """Raise the version, creating the counter on first use (inside bumping_once: once, when it ends)."""
        deferred = _deferred.get()
        if deferred is not None:
            deferred.append(True)
            return
        with transaction.atomic():
            if not cls.objects.filter(pk=1).update(version=models.F("version") + 1, changed_at=timezone.now()):
                cls.objects.get_or_create(pk=1, defaults={"version": 1})
        # Readers of this process read the version again (accounts.access.pages.version_for): now, for this
        # transaction's own reads, and once it commits, for the other threads' readers that read it meanwhile.
        note_version_changed()
        transaction.on_commit(note_version_changed)

    @classmethod
    @contextmanager
    def bumping_once(cls):
        """Within the block (one long transaction that changes many library pages, such as an import on PostgreSQL),
        raise the version once, when the block ends: raising it locks its row until the transaction commits, and an
        editor publishing a page (which raises it too) waited for the whole import. Not raised if the block fails
        (its transaction is rolled back)."""
        if _deferred.get() is not None:
            yield
            return
        bumps: list[bool] = []
        token = _deferred.set(bumps)
        try:
            yield
        finally:
            _deferred.reset(token)
        if bumps:
            cls.bump()
