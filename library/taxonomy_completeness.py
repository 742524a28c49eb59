"""The admin page that shows, per taxonomy and language, which entries still have no translated name."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from library.models import NAME_LANGUAGES, Country, CrimeType, RecruitmentChannel, TagNames

TRANSLATED_MODELS = (Country, CrimeType, RecruitmentChannel, TagNames)


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


def taxonomy_completeness(model) -> Taxonomy:
    """Return how many entries of a taxonomy are named in each language, and which entries lack a name."""
    name = model._meta.model_name
    entries = list(model.objects.all())
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
            edit_url = reverse(f"wagtailsnippets_library_{name}:edit", args=[entry.pk])
            taxonomy.gaps.append(Gap(entry, edit_url, present))
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
