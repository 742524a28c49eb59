"""What the anonymization guard checks on library pages: each kind's free text and the documents a page attaches."""

from library.models import LibraryDocument, LibraryPage
from safety import guard
from safety.text import attached_document_ids


def page_text(page):
    """Return the page's free text by field (its kind's get_text_for_anonymity), without an attached file's text."""
    text = page.get_text_for_anonymity()
    text.pop("document", None)  # a resource's file is read with every other document the page attaches
    return text


def attached_documents(page):
    """Return (id, extracted text) of each library document the page attaches, in id order."""
    documents = LibraryDocument.objects.filter(pk__in=attached_document_ids(page)).order_by("pk")
    return documents.values_list("pk", "extracted_text")


def register():
    """Guard every library page kind (LibraryPage and its subclasses) with the anonymization check."""
    guard.register(LibraryPage, text=page_text, documents=attached_documents)
