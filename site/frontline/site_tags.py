"""Template filters of the site-wide layout (loaded as `site_tags`)."""

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter(is_safe=True)
def with_site_name(title, site_name):
    """Return "title · site name", or the site name alone when the title is empty or is the site name."""
    title = conditional_escape(title).strip()
    if not title or title == conditional_escape(site_name):
        return conditional_escape(site_name)
    return format_html("{} · {}", title, site_name)
