"""Names kept in English and in each translated interface language, shown in the reader's language."""

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

# The interface languages a taxonomy name is translated into (English is the `name` field itself).
NAME_LANGUAGES = {"km": _("Khmer"), "lo": _("Lao"), "th": _("Thai"), "vi": _("Vietnamese")}


def name_field(language: str) -> str:
    """Return the model field that holds the name in one translated language."""
    return f"name_{language}"


def reader_language() -> str:
    """Return the active interface language without its region ('lo' for 'lo-la')."""
    return (get_language() or "en").split("-")[0].lower()


class TranslatedNames(models.Model):
    """The name in Khmer, Lao, Thai and Vietnamese beside an English name; each blank one falls back to English."""

    name_km = models.CharField(_("name in Khmer"), max_length=120, blank=True)
    name_lo = models.CharField(_("name in Lao"), max_length=120, blank=True)
    name_th = models.CharField(_("name in Thai"), max_length=120, blank=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=120, blank=True)

    translation_panel = MultiFieldPanel(
        [
            FieldPanel(name_field(language), widget=forms.TextInput(attrs={"lang": language}))
            for language in NAME_LANGUAGES
        ],
        heading=_("Translations"),
        help_text=_("Leave a language empty to show the English name to its readers."),
    )
    translation_search_fields = [index.SearchField(name_field(language)) for language in NAME_LANGUAGES]

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    def english_name(self) -> str:
        """Return the English name."""
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        """Return the name in the given (or the active) language, falling back to English."""
        language = language or reader_language()
        if language in NAME_LANGUAGES:
            translated = getattr(self, name_field(language)).strip()
            if translated:
                return translated
        return self.english_name()

    def all_names(self) -> list[str]:
        """Return the English name and every translated one, without repeats (the site search indexes them all)."""
        names = [self.english_name(), *(getattr(self, name_field(language)) for language in NAME_LANGUAGES)]
        return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))

    @property
    def label(self) -> str:
        """Return the name in the reader's language."""
        return self.localized_name()

    def missing_languages(self) -> list[str]:
        """Return the translated languages this entry has no name in."""
        return [language for language in NAME_LANGUAGES if not getattr(self, name_field(language)).strip()]
