"""Create the demo library idempotently: pages are keyed by import_key, so a second run changes nothing."""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from library.models import (
    NAME_LANGUAGES,
    CaseStudyCountry,
    CaseStudyPage,
    Country,
    CrimeType,
    HomePage,
    LibraryDocument,
    LibraryIndexPage,
    LibraryPage,
    MethodLegalBasis,
    MethodPage,
    RecruitmentChannel,
    ResourcePage,
    TagNames,
)
from safety.permits import data_load

from .content import all_specs
from .documents import make_docx, make_pdf

KEY_PREFIX = "demo:"
TAG_NAMES_FILE = Path(__file__).resolve().parent / "tag_names.json"
ILLUSTRATIVE_NOTICE = (
    "Demo content: every case study, method and resource here is illustrative and fictional, "
    "modelled on patterns the region reports. No real person, case or place of events is described."
)
CASE_FIELDS = (
    "border_area",
    "year_end",
    "modus_operandi",
    "victim_count",
    "victim_age_band",
    "victim_gender",
    "detection",
    "investigation_steps",
    "cooperation",
    "outcome_status",
    "sentence",
    "victim_support",
    "lessons_learned",
)


def import_key(spec):
    """Return the import key that identifies a demo page across runs."""
    return KEY_PREFIX + spec["key"]


def _stream(blocks):
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _common(page, spec):
    page.title = spec["title"]
    page.slug = spec["key"]
    page.summary = spec["summary"]
    page.language = spec["language"]
    page.year = spec.get("year")
    page.import_key = import_key(spec)
    page.search_description = spec["summary"][:300]
    page.crime_types = list(CrimeType.objects.filter(slug__in=spec.get("crimes", ())))
    page.tags.add(*spec.get("tags", ()))
    if spec.get("translation_of"):
        page.translation_of = LibraryPage.objects.get(import_key=KEY_PREFIX + spec["translation_of"])
    return page


def build_case_study(spec):
    """Return an unsaved case study filled from its spec."""
    page = _common(CaseStudyPage(), spec)
    for name in CASE_FIELDS:
        if name in spec:
            setattr(page, name, spec[name])
    countries = {c.code: c for c in Country.objects.all()}
    page.country_roles = [CaseStudyCountry(country=countries[code], role=role) for code, role in spec["countries"]]
    page.recruitment_channels = list(RecruitmentChannel.objects.filter(slug__in=spec.get("channels", ())))
    page.related_methods = list(
        MethodPage.objects.filter(import_key__in=[KEY_PREFIX + key for key in spec.get("related_methods", ())])
    )
    page.sources = _stream(("source", source) for source in spec.get("sources", ()))
    page.body = _stream(spec.get("body", ()))
    return page


def build_method(spec):
    """Return an unsaved investigation method filled from its spec."""
    page = _common(MethodPage(), spec)
    page.purpose = spec["purpose"]
    page.when_to_use = spec["when_to_use"]
    page.indicators = spec["indicators"]
    page.what_to_avoid = spec["what_to_avoid"]
    page.steps = _stream(("step", {"title": title, "detail": detail}) for title, detail in spec["steps"])
    page.countries = list(Country.objects.by_code(spec["countries"]))
    countries = {c.code: c for c in Country.objects.all()}
    page.legal_bases = [
        MethodLegalBasis(country=countries[code], basis=basis) for code, basis in spec.get("legal_bases", ())
    ]
    return page


def _document(spec):
    doc = spec["document"]
    title = doc["title"]
    existing = LibraryDocument.objects.filter(title=title).first()
    if existing:
        return existing
    if doc["format"] == "pdf":
        data, name = make_pdf(title, doc["paragraphs"]), f"{spec['key']}.pdf"
    else:
        data, name = make_docx(title, doc["paragraphs"], spec["language"]), f"{spec['key']}.docx"
    document = LibraryDocument(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    if not document.extracted_text:
        document.extracted_text = "\n".join([title, *doc["paragraphs"]])
        document.save(update_fields=["extracted_text"])
    return document


def build_resource(spec):
    """Return an unsaved resource (a generated document or a public link) filled from its spec."""
    page = _common(ResourcePage(), spec)
    page.resource_kind = spec["resource_kind"]
    page.publisher = spec.get("publisher", "")
    page.link = spec.get("link", "")
    if spec.get("document"):
        page.document = _document(spec)
    page.countries = list(Country.objects.by_code(spec["countries"]))
    return page


BUILDERS = {"case-study": build_case_study, "method": build_method, "resource": build_resource}


def ensure_restriction(page, audience, officer_groups):
    """Give a page the view restriction its audience needs unless it has one; return whether it is restricted."""
    if audience == "public":
        return False
    if PageViewRestriction.objects.filter(page=page).exists():
        return True
    if audience == "members":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        return True
    if audience == "officers" and officer_groups:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set(officer_groups)
        return True
    return False


def ensure_home_notice():
    """Publish the illustrative notice on the home page unless it is already there; return whether it changed."""
    home = HomePage.objects.get()
    if home.illustrative_notice == ILLUSTRATIVE_NOTICE:
        return False
    home = home.get_latest_revision_as_object()
    home.illustrative_notice = ILLUSTRATIVE_NOTICE
    home.save_revision().publish()
    return True


@transaction.atomic
def load_pages(officer_groups=()):
    """Create, restrict and publish every missing demo page; return (created, already present, restricted) counts."""
    index = LibraryIndexPage.objects.get()
    existing = {
        page.import_key: page for page in LibraryPage.objects.filter(import_key__startswith=KEY_PREFIX).specific()
    }
    created = present = restricted = 0
    with data_load("demo content"):  # illustrative data, loaded as published; not an editor's publication
        for spec in all_specs():
            audience = spec.get("audience", "public")
            page = existing.get(import_key(spec))
            if page is not None:
                present += 1
                restricted += ensure_restriction(page, audience, officer_groups)
                continue
            page = BUILDERS[spec["kind"]](spec)
            page.live = False
            index.add_child(instance=page)
            # Restrict before publishing, so nothing that listens for publication ever sees the page as public.
            restricted += ensure_restriction(page, audience, officer_groups)
            page.save_revision().publish()
            created += 1
    ensure_tag_names()
    return created, present, restricted


def ensure_tag_names():
    """Give the demo tags their names in Khmer, Lao, Thai and Vietnamese, filling only names still empty."""
    names = json.loads(TAG_NAMES_FILE.read_text(encoding="utf-8"))["tags"]
    for tag in Tag.objects.filter(name__in=list(names)):
        entry, _created = TagNames.objects.get_or_create(tag=tag)
        for language in NAME_LANGUAGES:
            field = f"name_{language}"
            if not getattr(entry, field):
                setattr(entry, field, names[tag.name][language])
        entry.save()
