"""Turn a shared case into a draft case study under the library and submit it into the review workflow."""

import html

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, CollectionViewRestriction

from accounts.roles import ADMINISTRATOR, EDITOR, role_group
from library.models import CaseStudyCountry, CaseStudyPage, LibraryDocument, LibraryImage
from submissions.models import Submission

COLLECTION_NAME = "Case submissions"
STORY_FIELDS = ("modus_operandi", "detection", "investigation_steps", "cooperation", "lessons_learned")


def paragraphs(text):
    """Return plain text as rich-text paragraphs, one per non-empty line."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def submissions_collection():
    """Return the collection holding submitted attachments, readable by editors and administrators only."""
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set([role_group(EDITOR), role_group(ADMINISTRATOR)])
    return collection


def store_attachments(images, documents, user):
    """Store sanitized images and checked documents in the private collection; return raw body blocks."""
    collection = submissions_collection()
    blocks = []
    for number, clean in enumerate(images, start=1):
        image = LibraryImage(
            title=_("Submitted photo %(number)d") % {"number": number},
            collection=collection,
            uploaded_by_user=user,
        )
        image.file = clean
        image._set_image_file_metadata()
        image.save()
        blocks.append({"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}})
    for number, (upload, text) in enumerate(documents, start=1):
        document = LibraryDocument(
            title=_("Submitted document %(number)d") % {"number": number},
            collection=collection,
            uploaded_by_user=user,
            file=upload,
            extracted_text=text,
        )
        document.text_extracted = True
        document.save()
        blocks.append({"type": "document", "value": document.pk})
    return blocks


@transaction.atomic
def create_submission(data, user, parent):
    """Create the draft case study from cleaned form data, start its review workflow and return the submission."""
    page = CaseStudyPage(
        title=data["title"],
        summary=data["summary"],
        language=data["language"],
        border_area=data["border_area"],
        year=data["year"],
        year_end=data.get("year_end"),
        victim_count=data["victim_count"],
        victim_age_band=data["victim_age_band"],
        victim_gender=data["victim_gender"],
        outcome_status=data["outcome_status"],
        sentence=data["sentence"],
        owner=user,
        live=False,
        has_unpublished_changes=True,
        **{name: paragraphs(data[name]) for name in STORY_FIELDS},
    )
    roles = []
    for role, field in (
        ("origin", "origin_countries"),
        ("transit", "transit_countries"),
        ("destination", "destination_countries"),
    ):
        roles += [CaseStudyCountry(country=country, role=role) for country in data[field]]
    page.country_roles = roles
    page.crime_types = list(data["crime_types"])
    page.recruitment_channels = list(data["recruitment_channels"])
    page.body = store_attachments(data["images"], data["documents"], user)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return Submission.objects.create(page=page, submitter=user)
