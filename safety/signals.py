"""Run the anonymity check on every revision of a guarded page, and refuse to make a page live with open findings."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Revision

from safety.guard import is_guarded
from safety.review.findings import AnonymityBlocked, open_findings, record_check, scan_page
from safety.review_guard import guard_page_save, guard_revision_schedule


@receiver(post_save, sender=Revision)
def check_new_revision(sender, instance, created, raw=False, **kwargs):
    """Store the anonymity check of each new revision of a guarded page."""
    if raw or not created or not is_guarded(instance.content_type.model_class()):
        return
    record_check(instance.as_object(), instance)


@receiver(pre_save)
def refuse_live_with_findings(sender, instance, raw=False, update_fields=None, **kwargs):
    """Refuse to save a guarded page going live (or a new live revision) while its content has open findings.

    A new page with findings is inserted as a draft instead.

    Every way of publishing ends here: the admin's publish button, workflow approval, scheduled publishing,
    bulk publishing, the admin API and revision.publish() in code.
    """
    if raw or not isinstance(instance, Page) or not is_guarded(type(instance)) or not instance.live:
        return
    if update_fields is not None and not {"live", "live_revision", "live_revision_id"} & set(update_fields):
        return
    if instance.pk is not None:
        stored = Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
        if stored and stored["live"] and stored["live_revision_id"] == instance.live_revision_id:
            return
    found = open_findings(scan_page(instance))
    if not found:
        return
    if instance.pk is None:
        # A new page (Wagtail's create view inserts it live before publishing its first revision) goes in as a
        # draft; its publication is then refused with the findings listed.
        instance.live = False
        instance.has_unpublished_changes = True
        return
    raise AnonymityBlocked(found)


@receiver(pre_save)
def refuse_live_without_review(sender, instance, raw=False, update_fields=None, **kwargs):
    """Refuse to make a page under the review workflow live, or schedule it, outside its review (see review_guard).

    Connected after the anonymity guard, so a page with open findings is refused for those first.
    """
    if raw:
        return
    if isinstance(instance, Page):
        guard_page_save(instance, update_fields)
    elif isinstance(instance, Revision):
        guard_revision_schedule(instance, update_fields)
