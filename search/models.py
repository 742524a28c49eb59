"""The embedded search index (one row per document) and the outbox of changes for an external engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.documents import FACETS, SUMMARY_FACETS, SearchDocument

FACET_SEPARATOR = "\t"


def facet_keys(document: SearchDocument) -> str:
    """Return the document's facet values as tab-separated 'facet=value' keys, tab-delimited at both ends."""
    keys = [f"{facet}={value}" for facet in FACETS for value in dict.fromkeys(document.facet_values(facet))]
    keys += [
        f"{facet}={value}"
        for facet in SUMMARY_FACETS
        for value in dict.fromkeys(document.facet_values(facet))
        if FACET_SEPARATOR not in value
    ]
    return FACET_SEPARATOR + FACET_SEPARATOR.join(keys) + FACET_SEPARATOR


def audience_keys(tokens) -> str:
    """Return audience tokens space-delimited at both ends, for containment tests."""
    return " " + " ".join(sorted(set(tokens))) + " "


class IndexEntryQuerySet(models.QuerySet):
    def documents(self):
        """Return the SearchDocuments of these entries, in queryset order."""
        return [entry.to_document() for entry in self]


class IndexEntry(models.Model):
    """One indexed document of the embedded engine: display fields, facet and audience keys, analyzed text."""

    doc_id = models.CharField(_("document id"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("address"), max_length=500)
    language = models.CharField(_("language"), max_length=10, blank=True)
    countries = models.JSONField(default=list)
    crime_types = models.JSONField(default=list)
    year = models.IntegerField(null=True, blank=True)
    tags = models.JSONField(default=list)
    tag_labels = models.JSONField(default=list)
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    audience = models.JSONField(default=list)
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)
    title_words = models.TextField(blank=True)
    title_folded = models.TextField(blank=True)
    title_grams = models.TextField(blank=True)
    body_words = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    body_grams = models.TextField(blank=True)
    labels = models.JSONField(default=list)
    label_words = models.TextField(blank=True)
    label_folded = models.TextField(blank=True)
    label_grams = models.TextField(blank=True)

    objects = IndexEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.doc_id

    @classmethod
    def from_document(cls, document: SearchDocument) -> "IndexEntry":
        """Return an unsaved entry holding a document and its analyzed fields."""
        return cls(
            doc_id=document.id,
            kind=document.kind,
            title=document.title[:500],
            url=document.url[:500],
            language=document.language or "",
            countries=list(document.countries),
            crime_types=list(document.crime_types),
            year=document.year,
            tags=list(document.tags),
            tag_labels=list(document.tag_labels),
            date=document.date,
            audience=sorted(set(document.audience)),
            summary=document.summary,
            text=document.text,
            labels=list(document.labels),
            **document.analyzed,
        )

    def to_document(self) -> SearchDocument:
        """Return the SearchDocument this entry stores."""
        return SearchDocument(
            id=self.doc_id,
            kind=self.kind,
            title=self.title,
            url=self.url,
            language=self.language,
            text=self.text,
            summary=self.summary,
            countries=list(self.countries),
            crime_types=list(self.crime_types),
            year=self.year,
            tags=list(self.tags),
            tag_labels=list(self.tag_labels),
            date=self.date,
            audience=list(self.audience),
            labels=list(self.labels),
            extra_facets=self.summary_facets(),
        )

    def summary_facets(self) -> dict[str, list[str]]:
        """Return the document's values of the summary-only facets, from its facets row when it was loaded with the
        entry (``select_related("facets")``, as the outbox and a rebuild read entries for an external engine), else {}."""
        facets = self._state.fields_cache.get("facets")
        if facets is None:
            return {}
        keys = facets.facet_keys
        values: dict[str, list[str]] = {}
        for key in keys.split(FACET_SEPARATOR):
            facet, _sep, value = key.partition("=")
            if facet in SUMMARY_FACETS and value:
                values.setdefault(facet, []).append(value)
        return values


class IndexFacets(models.Model):
    """The narrow part of an index entry that every query scans: date, facet keys and audience keys."""

    # DO_NOTHING keeps deletes of IndexEntry rows fast (no collector); a database trigger deletes the facets row.
    entry = models.OneToOneField(IndexEntry, primary_key=True, on_delete=models.DO_NOTHING, related_name="facets")
    date = models.DateTimeField(null=True, blank=True)
    facet_keys = models.TextField(blank=True, help_text="\\tfacet=value\\t… for filtering and counting")
    audience_keys = models.CharField(max_length=500, help_text="' token token ' for permission filtering")

    class Meta:
        verbose_name = _("search index facets")
        verbose_name_plural = _("search index facets")

    def __str__(self):
        return str(self.entry_id)

    @classmethod
    def from_document(cls, entry_id: int, document: SearchDocument) -> "IndexFacets":
        """Return the unsaved facets row of a stored document."""
        return cls(
            entry_id=entry_id,
            date=document.date,
            facet_keys=facet_keys(document),
            audience_keys=audience_keys(document.audience)[:500],
        )


class OutboxEntry(models.Model):
    """A pending change for an external engine: index (the document is read from IndexEntry) or delete."""

    INDEX = "index"
    DELETE = "delete"
    OPERATIONS = [(INDEX, _("index")), (DELETE, _("delete"))]

    doc_id = models.CharField(_("document id"), max_length=100, db_index=True)
    operation = models.CharField(_("operation"), max_length=10, choices=OPERATIONS)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox entries")

    def __str__(self):
        return f"{self.operation} {self.doc_id}"


class IndexState(models.Model):
    """A named checkpoint of index maintenance, such as the resume cursor of an interrupted rebuild."""

    key = models.CharField(max_length=100, unique=True)
    value = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key


_TERMS_HELP = _("One term a line; the first one is offered to readers.")


class GlossaryConcept(models.Model):
    """One idea of the field named in each content language, so that a search in one finds the others."""

    name = models.CharField(_("concept"), max_length=100, unique=True, help_text=_("A short English name."))
    en = models.TextField(_("English terms"), blank=True, help_text=_TERMS_HELP)
    km = models.TextField(_("Khmer terms"), blank=True, help_text=_TERMS_HELP)
    lo = models.TextField(_("Lao terms"), blank=True, help_text=_TERMS_HELP)
    th = models.TextField(_("Thai terms"), blank=True, help_text=_TERMS_HELP)
    vi = models.TextField(_("Vietnamese terms"), blank=True, help_text=_TERMS_HELP)

    LANGUAGES = ("en", "km", "lo", "th", "vi")

    class Meta:
        ordering = ["name"]
        verbose_name = _("glossary concept")
        verbose_name_plural = _("glossary concepts")

    def __str__(self):
        return self.name

    def terms(self, language: str) -> list[str]:
        """Return the concept's terms in a language, the one to suggest first (one term a line)."""
        return [term.strip() for term in getattr(self, language).splitlines() if term.strip()]
