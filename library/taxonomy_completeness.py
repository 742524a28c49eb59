"""The admin page that shows, per taxonomy and language, which entries still have no translated name."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from library.models import (
    HTCDS_PICK_LISTS,
    NAME_LANGUAGES,
    Country,
    CrimeType,
    LibraryPageTag,
    Province,
    RecruitmentChannel,
    TagNames,
)

TRANSLATED_MODELS = (
    Country,
    CrimeType,
    RecruitmentChannel,
    Province,
    *(model for _name, model in HTCDS_PICK_LISTS),
    TagNames,
)


@dataclass
class Gap:
    """One entry and, for each translated language, whether it has a name in it."""

    entry: object
    edit_url: str
    present: list[bool]


@dataclass
class Taxonomy:
    """The completeness of one taxonomy: entries, names per language, and the entries with gaps."""

    title: str
    list_url: str
    total: int
    complete: list[int] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


def can_edit(user, model) -> bool:
    """Return whether the user may change entries of this taxonomy."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def entries_of(model) -> list:
    """Return a taxonomy's entries; for tags, every tag on a library page, untranslated ones as unsaved entries."""
    if model is not TagNames:
        return list(model.objects.all())
    translated = {names.tag_id: names for names in TagNames.objects.select_related("tag")}
    used = Tag.objects.filter(pk__in=LibraryPageTag.objects.values("tag_id")).order_by("name")
    return [translated.pop(tag.pk, None) or TagNames(tag=tag) for tag in used] + list(translated.values())


def edit_url(entry) -> str:
    """Return the admin page that names this entry (for an untranslated tag, a new translation of it)."""
    name = entry._meta.model_name
    if entry._state.adding:
        return f"{reverse(f'wagtailsnippets_library_{name}:add')}?tag={entry.tag_id}"
    return reverse(f"wagtailsnippets_library_{name}:edit", args=[entry.pk])


def taxonomy_completeness(model) -> Taxonomy:
    """Return how many entries of a taxonomy are named in each language, and which entries lack a name."""
    name = model._meta.model_name
    entries = entries_of(model)
    taxonomy = Taxonomy(
        str(model._meta.verbose_name_plural).capitalize(),
        reverse(f"wagtailsnippets_library_{name}:list"),
        len(entries),
        complete=[0] * len(NAME_LANGUAGES),
    )
    for entry in entries:
        missing = set(entry.missing_languages())
        present = [language not in missing for language in NAME_LANGUAGES]
        taxonomy.complete = [count + has for count, has in zip(taxonomy.complete, present, strict=True)]
        if missing:
            taxonomy.gaps.append(Gap(entry, edit_url(entry), present))
    return taxonomy


def completeness_view(request):
    """Render, for each taxonomy the editor may change, its names per language and the entries missing one."""
    models = [model for model in TRANSLATED_MODELS if can_edit(request.user, model)]
    if not models:
        raise PermissionDenied
    return render(
        request,
        "library/admin/taxonomy_completeness.html",
        {
            "title": _("Taxonomy translations"),
            "languages": [str(name) for name in NAME_LANGUAGES.values()],
            "taxonomies": [taxonomy_completeness(model) for model in models],
        },
    )
