"""What the anonymization guard checks on workshop pages: their public free text (the agenda included)."""

from safety import guard
from workshops.models import WorkshopPage


def page_text(page):
    """Return the workshop page's free text by field."""
    return page.get_text_for_anonymity()


def register():
    """Guard workshop pages with the anonymization check."""
    guard.register(WorkshopPage, text=page_text)
