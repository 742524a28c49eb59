"""The workshop's library pages in the reader's language: a translation is its own page (``translation_of``)."""

from library.models import LibraryPage
from library.models.translated_names import reader_language


def in_reader_language(pages, user):
    """Return {page id: the page to show}: its live translation in the interface language that this reader may
    open, else the page itself (the caller has checked the reader may open that one)."""
    ids = [page.pk for page in pages]
    translations = {}
    found = LibraryPage.objects.visible_to(user).filter(translation_of_id__in=ids, language=reader_language())
    for translation in found.order_by("pk"):
        translations.setdefault(translation.translation_of_id, translation)
    return {page.pk: translations.get(page.pk, page) for page in pages}
