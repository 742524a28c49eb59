"""The anonymization guard's registry: the page models whose text is checked, and how to read that text.

A content app registers its page models from its AppConfig.ready() (the library does in library/anonymity.py)::

    guard.register(WorkshopPage, fields=["title", "summary", "agenda"])
    guard.register(LibraryPage, text=library_page_text, documents=attached_documents)

A registered model and its subclasses are guarded: each new revision is checked and its findings stored, a page
with open findings cannot go live, editors review, redact and override its findings, and publishing purges what
earlier revisions held. Redaction and the purge rewrite every free-text field of the page, whatever the extractor
reads, so a value the check found is replaced wherever it stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from wagtail.models import Page

from safety.text import fields_text

ATTACHMENT_PREFIX = "attachment:"

TextExtractor = Callable[[Any], Mapping[str, str]]
DocumentsExtractor = Callable[[Any], Iterable[tuple[int, str]]]


@dataclass(frozen=True)
class Guarded:
    """How the guard reads one page model: its text fields or text extractor, and its attached documents."""

    model: type
    fields: tuple[str, ...] | None = None
    text: TextExtractor | None = None
    documents: DocumentsExtractor | None = None

    def text_of(self, page) -> dict[str, str]:
        """Return the page's free text by field name."""
        if self.text is None:
            return fields_text(page, self.fields)
        return {str(name): str(value or "") for name, value in self.text(page).items()}

    def documents_of(self, page) -> dict[str, str]:
        """Return the text of each document the page attaches, by "attachment:<id>"."""
        if self.documents is None:
            return {}
        return {f"{ATTACHMENT_PREFIX}{pk}": text or "" for pk, text in self.documents(page)}


_registry: dict[type, Guarded] = {}


def register(
    model: type,
    *,
    fields: Iterable[str] | None = None,
    text: TextExtractor | None = None,
    documents: DocumentsExtractor | None = None,
) -> Guarded:
    """Guard a page model and its subclasses.

    fields: the names of the model's fields the check reads (default: every free-text field of the page, see
    safety.text.own_text_fields); or text: a callable returning {field name: plain text} for a page, for models
    whose text is computed (rendered blocks, related objects). documents: a callable returning (id, text) for each
    document the page attaches; their findings are listed as "attachment:<id>" and cannot be redacted in place.
    Registering a model again replaces its entry.
    """
    if not (isinstance(model, type) and issubclass(model, Page)):
        raise TypeError(f"the anonymization guard checks page models, not {model!r}")
    if fields is not None and text is not None:
        raise ValueError("give the fields to read or a text extractor, not both")
    if fields is not None:
        fields = tuple(fields)
        for name in fields:
            model._meta.get_field(name)  # FieldDoesNotExist names a mistyped field at startup
    entry = Guarded(model, fields, text, documents)
    _registry[model] = entry
    return entry


def unregister(model: type) -> None:
    """Stop guarding a model registered with register() (for tests of the registry)."""
    _registry.pop(model, None)


def entry_for(model) -> Guarded | None:
    """Return the registration that guards a model class (its own or its nearest registered base), or None."""
    if not isinstance(model, type):
        return None
    for base in model.__mro__:
        entry = _registry.get(base)
        if entry is not None:
            return entry
    return None


def is_guarded(model) -> bool:
    """Return whether the guard checks pages of a model class."""
    return entry_for(model) is not None


def guarded_models() -> list[type]:
    """Return every installed model the guard checks (the registered ones and their subclasses)."""
    return [model for model in apps.get_models() if is_guarded(model)]


def page_text(page) -> dict[str, str]:
    """Return what the guard checks on a page: its free text by field, then each attached document's text.

    A page of a model nobody registered is read field by field (every free-text field, no documents).
    """
    entry = entry_for(type(page))
    if entry is None:
        return fields_text(page)
    return {**entry.text_of(page), **entry.documents_of(page)}
