"""Search documents of library pages (case studies, methods, resources)."""

from __future__ import annotations

from contextlib import contextmanager

from accounts import access
from search.documents import SearchDocument, register

_audience_by_path: list[tuple[str, list[str]]] | None = None


@contextmanager
def cached_audiences():
    """Within the block, read the restrictions once and derive every page's audience from its path."""
    global _audience_by_path  # noqa: PLW0603 - a bulk-build cache scoped by this context manager
    previous = _audience_by_path
    _audience_by_path = sorted(access.restricted_audiences(), key=lambda item: -len(item[0]))
    try:
        yield
    finally:
        _audience_by_path = previous


def page_audience(page) -> list[str]:
    """Return the audience tokens of a page (from the bulk cache when one is active)."""
    if _audience_by_path is None:
        return access.page_audience(page)
    for path, audience in _audience_by_path:
        if page.path.startswith(path):
            return list(audience)
    return [access.PUBLIC]


def page_text(page) -> str:
    """Return the plain text of a page's body fields (everything but title and summary)."""
    fields = page.get_text_for_anonymity()
    return "\n".join(value.strip() for name, value in fields.items() if name not in ("title", "summary") and value)


def build_library_page(page) -> SearchDocument | None:
    """Return the search document of a live library page, or None if it must not be indexed."""
    page = page.specific
    if not page.live or not page.content_type_slug:
        return None
    audience = page_audience(page)
    if access.NOBODY in audience and len(audience) == 1:
        return None
    tags = sorted(page.tags.all(), key=lambda tag: tag.slug)
    return SearchDocument(
        id=f"page:{page.pk}",
        kind=page.content_type_slug,
        title=page.title,
        url=page.get_url() or page.url_path,
        language=page.language,
        summary=page.summary,
        text=page_text(page),
        countries=sorted(country.code for country in page.countries.all()),
        crime_types=sorted(crime.slug for crime in page.crime_types.all()),
        year=page.year,
        tags=[tag.slug for tag in tags],
        tag_labels=[tag.name for tag in tags],
        date=page.first_published_at or page.last_published_at,
        audience=audience,
    )


def library_pages():
    """Return every live library page, specific, ordered by id, with the relations its document needs."""
    from library.models import LibraryPage

    return LibraryPage.objects.live().order_by("pk").specific().prefetch_related("countries", "crime_types", "tags")


def register_library():
    """Register library pages with the search document registry."""
    from library.models import LibraryPage

    register(LibraryPage, build_library_page, prefix="page", queryset=library_pages)
