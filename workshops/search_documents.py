"""What the workshops app tells the search service: its kind (`workshop`) and how a workshop page is indexed.

A workshop's document holds its public description only (never its materials, tests or participants) and the
audience of its page (accounts.access), so a restricted workshop is found only by those who may open it.
"""

from django.utils.translation import gettext_lazy as _

from accounts import access
from library.choices import Language
from search import facets
from search.documents import SearchDocument, register
from workshops.models import WorkshopPage

KIND = "workshop"


def workshop_text(page) -> str:
    """Return the plain text of a workshop's public fields beyond title and summary."""
    parts = [page.province, page.organisers, page.partner_agencies, page.audience]
    for block in page.agenda:
        parts.extend([block.value.get("title") or "", block.value.get("description") or ""])
    return "\n".join(part.strip() for part in parts if part and part.strip())


def build_workshop_page(page) -> SearchDocument | None:
    """Return the search document of a live workshop page, or None if it must not be indexed."""
    page = page.specific
    if not isinstance(page, WorkshopPage) or not page.live:
        return None
    audience = access.page_audience(page)
    if audience == [access.NOBODY]:
        return None
    tags = sorted(page.tags.all(), key=lambda tag: tag.slug)
    languages = [code for code in page.languages if code in Language.values]
    return SearchDocument(
        id=f"workshop:{page.pk}",
        kind=KIND,
        title=page.title,
        url=page.get_url() or page.url_path,
        language=languages[0] if languages else Language.ENGLISH,
        summary=page.summary,
        text=workshop_text(page),
        countries=sorted({page.country.code, *(country.code for country in page.participant_countries.all())}),
        year=page.start_date.year,
        tags=[tag.slug for tag in tags],
        tag_labels=[tag.name for tag in tags],
        date=page.first_published_at or page.last_published_at,
        audience=audience,
    )


def workshop_pages():
    """Return every live workshop page, ordered by id, with the relations its document needs."""
    return (
        WorkshopPage.objects.live()
        .order_by("pk")
        .select_related("country")
        .prefetch_related("participant_countries", "tags")
    )


def register_with_search():
    """Register the workshop kind and the workshop page's document builder."""
    facets.register_kind(KIND, _("Workshop"))
    register(WorkshopPage, build_workshop_page, prefix="workshop", queryset=workshop_pages)
