"""Per-recipient language and links for the review workflow's emails (Wagtail's notification templates).

Wagtail renders its workflow and comment emails with the recipient as `user` in the context, but in the language
of its own UserProfile setting (falling back to the language of whoever acted) and with admin links for everyone.
Our overrides of those templates (safety/templates/wagtailadmin/notifications/) use these tags to write each email
in the recipient's interface language and to link each recipient to a page they can open.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import Page

from accounts.notifications import member_language

register = template.Library()

# Content apps register a function (page, user, purpose) -> site path or None; purpose is "edit" or "follow".
MEMBER_REVIEW_URL_HOOK = "member_review_url"


def absolute(path):
    """Return the address of a site path on the site that sends the email (SITE_URL)."""
    return settings.SITE_URL + path


def works_in_admin(user):
    """Return whether this member can open the Wagtail admin."""
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


@register.simple_tag
def recipient_language(user):
    """Return the interface language of the email's recipient."""
    return member_language(user)


@register.filter
def translated(name):
    """Return a name stored in English (a review step) in the active language, when the catalog has it."""
    return gettext(name) if name else ""


@register.simple_tag
def editor_link(page, user):
    """Return the page editor's address for a recipient who works in the admin, else an empty string."""
    if not works_in_admin(user):
        return ""
    return absolute(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@register.simple_tag
def preview_link(page, task, user):
    """Return the address of the review preview for a recipient who works in the admin, else an empty string."""
    if not works_in_admin(user):
        return ""
    return absolute(reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk]))


@register.simple_tag
def member_link(page, user, purpose):
    """Return where a recipient outside the admin edits ("edit") or follows ("follow") the page, else ""."""
    if works_in_admin(user):
        return ""
    for find in hooks.get_hooks(MEMBER_REVIEW_URL_HOOK):
        path = find(page, user, purpose)
        if path:
            return absolute(path)
    return ""


@register.simple_tag
def public_link(page):
    """Return the public address of the page when it is live now, else an empty string."""
    current = Page.objects.filter(pk=page.pk, live=True).first()
    parts = current.get_url_parts() if current is not None else None
    return absolute(parts[2]) if parts else ""


@register.simple_tag
def preferences_link(user):
    """Return where a recipient who works in the admin chooses which review emails they receive, else ""."""
    if not works_in_admin(user):
        return ""
    return absolute(reverse("wagtailadmin_account")) + "#tab-notifications"
