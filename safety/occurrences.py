"""Other occurrences of a flagged value: in the page's own fields and in other library pages an editor may edit."""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

from safety.detector import normalize
from safety.guard import ATTACHMENT_PREFIX, guarded_models, page_text
from safety.review.redaction import spans

MAX_PAGES = 50


def guarded_content_types():
    """Return the content types of the page models the guard checks."""
    return list(ContentType.objects.get_for_models(*guarded_models()).values())


def count_in_page(page, value):
    """Return how many whole-word copies of value the page's latest revision holds in its text fields."""
    literal = {normalize(value).text.strip(): "[X]"}
    total = 0
    for field, text in page_text(page.get_latest_revision_as_object()).items():
        if text and not field.startswith(ATTACHMENT_PREFIX):
            total += len(spans(text, {}, literal))
    return total


def pages_holding(value, user, exclude_page_id=None):
    """Return [(page, copies)] of other library pages the user may edit whose latest revision holds the value."""
    escaped = json.dumps(value)[1:-1]
    revisions = (
        Revision.objects.filter(
            pk__in=Page.objects.filter(content_type__in=guarded_content_types()).values("latest_revision_id")
        )
        .annotate(text=Cast("content", TextField()))
        .filter(Q(text__icontains=value) | Q(text__icontains=escaped))
        .values_list("object_id", flat=True)
    )
    ids = [int(object_id) for object_id in revisions if object_id != str(exclude_page_id)]
    result = []
    for page in Page.objects.filter(pk__in=ids).specific().order_by("title"):
        if not page.permissions_for_user(user).can_edit():
            continue
        copies = count_in_page(page, value)
        if copies:
            result.append((page, copies))
        if len(result) >= MAX_PAGES:
            break
    return result
