"""Template helpers that name taxonomy entries in the reader's language."""

from django import template

from library.models import tag_labels

register = template.Library()


@register.filter
def tag_links(tags):
    """Return (slug, name in the reader's language) of each tag, in the given order."""
    tags = list(tags)
    labels = tag_labels(tags)
    return [(tag.slug, labels[tag.slug]) for tag in tags]
