"""The library's copies of page text that a redaction purge must reach: documents it no longer attaches, site search."""

from django.utils.translation import gettext_lazy as _

from library.models import LibraryDocument
from safety.purge import page_revisions, register_copies
from safety.text import attached_document_ids
from search import indexing
from search.documents import document_id
from search.models import IndexEntry


def purge_detached_documents(page, scrubber):
    """Scrub the text read from documents that earlier revisions attached and the latest no longer does.

    Documents the latest revision attaches keep their text: their findings stay open until the file is replaced.
    """
    current = set(attached_document_ids(page.get_latest_revision_as_object()))
    earlier = set()
    for revision in page_revisions(page).iterator():
        earlier.update(attached_document_ids(revision.as_object()))
    count = 0
    for document in LibraryDocument.objects.filter(pk__in=earlier - current):
        text, replaced = scrubber.text(document.extracted_text)
        if replaced:
            LibraryDocument.objects.filter(pk=document.pk).update(extracted_text=text)
            count += 1
    return count


def purge_site_search(page, scrubber):
    """Rebuild the page's site search document from its scrubbed row; return 1 when the old one held a value."""
    fresh = type(page).objects.get(pk=page.pk)
    stored = IndexEntry.objects.filter(doc_id=document_id(fresh)).values_list("title", "summary", "text").first()
    indexing.update(fresh)
    return int(bool(stored) and any(scrubber.holds(text) for text in stored))


def register():
    """Register the library's copies with the purge."""
    register_copies("documents", _("text read from documents the page no longer attaches"), purge_detached_documents)
    register_copies("search", _("search index entries"), purge_site_search)
