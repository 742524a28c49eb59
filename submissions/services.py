"""Turn a shared case into a draft case study under the library and submit it into the review workflow."""

import html
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, WorkflowState

from accounts.roles import ADMINISTRATOR, EDITOR, role_group
from library.models import CaseStudyCountry, CaseStudyPage, LibraryDocument, LibraryImage
from submissions.models import Resubmission, Submission

COLLECTION_NAME = "Case submissions"
STORY_FIELDS = ("modus_operandi", "detection", "investigation_steps", "cooperation", "lessons_learned")
PLAIN_FIELDS = (
    "title",
    "summary",
    "language",
    "border_area",
    "year",
    "year_end",
    "victim_count",
    "victim_age_band",
    "victim_gender",
    "outcome_status",
    "sentence",
)
COUNTRY_ROLE_FIELDS = (
    ("origin", "origin_countries"),
    ("transit", "transit_countries"),
    ("destination", "destination_countries"),
)
LINE_BREAK_RE = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|blockquote|div)>", re.IGNORECASE)
RESUBMIT_ACTION = "submissions.resubmit"


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


def plain_text(markup):
    """Return rich text as plain text, one line per paragraph, list item or heading."""
    text = html.unescape(strip_tags(LINE_BREAK_RE.sub("\n", markup or "")))
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)


def store_attachments(images, documents, user, first_image=1, first_document=1):
    """Store sanitized images and checked documents in the private collection; return raw body blocks."""
    collection = submissions_collection()
    blocks = []
    for number, clean in enumerate(images, start=first_image):
        image = LibraryImage(
            title=_("Submitted photo %(number)d") % {"number": number},
            collection=collection,
            uploaded_by_user=user,
        )
        image.file = clean
        image._set_image_file_metadata()
        image.save()
        blocks.append({"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}})
    for number, (upload, text) in enumerate(documents, start=first_document):
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
    set_classification(page, data)
    page.body = store_attachments(data["images"], data["documents"], user)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return Submission.objects.create(page=page, submitter=user)


def set_classification(page, data):
    """Set the page's countries by role, crime types and recruitment channels from cleaned form data."""
    roles = []
    for role, field in COUNTRY_ROLE_FIELDS:
        roles += [CaseStudyCountry(country=country, role=role) for country in data[field]]
    page.country_roles = roles
    page.crime_types = list(data["crime_types"])
    page.recruitment_channels = list(data["recruitment_channels"])


@dataclass(frozen=True)
class Attachment:
    """A photo or document attached to a shared case, as the submitter sees it in the edit form."""

    key: str
    kind: str
    title: str

    @property
    def is_image(self):
        """Return whether the attachment is a photo."""
        return self.kind == "image"


def attachment_key(block):
    """Return "image:<pk>" or "document:<pk>" for an attachment block of raw body data, else None."""
    value = block.get("value")
    if block.get("type") == "image" and isinstance(value, dict) and value.get("image"):
        return f"image:{value['image']}"
    if block.get("type") == "document" and isinstance(value, int):
        return f"document:{value}"
    return None


def attachments_of(page):
    """Return the photos and documents in the page's body, in order, with their titles."""
    keys = [key for key in (attachment_key(block) for block in page.body.raw_data) if key]
    keys = list(dict.fromkeys(keys))
    ids = {"image": set(), "document": set()}
    for key in keys:
        kind, pk = key.split(":")
        ids[kind].add(int(pk))
    titles = {
        **{
            f"image:{pk}": title
            for pk, title in LibraryImage.objects.filter(pk__in=ids["image"]).values_list("pk", "title")
        },
        **{
            f"document:{pk}": title
            for pk, title in LibraryDocument.objects.filter(pk__in=ids["document"]).values_list("pk", "title")
        },
    }
    return [Attachment(key, key.split(":")[0], titles[key]) for key in keys if key in titles]


def initial_data(page):
    """Return the "Share a case" form's initial values from the page's current content."""
    data = {name: getattr(page, name) for name in PLAIN_FIELDS}
    data.update({name: plain_text(getattr(page, name)) for name in STORY_FIELDS})
    roles = list(page.country_roles.all())
    for role, field in COUNTRY_ROLE_FIELDS:
        data[field] = [item.country_id for item in roles if item.role == role]
    data["crime_types"] = [item.pk for item in page.crime_types.all()]
    data["recruitment_channels"] = [item.pk for item in page.recruitment_channels.all()]
    return data


class ResubmitRefused(Exception):
    """Raised when a case can no longer be resubmitted as submitted; the message says why."""


@transaction.atomic
def resubmit(submission, data, user):
    """Save the submitter's edit as a new revision, restart the review at its first step and return the revision.

    Rich text the submitter left unchanged keeps the editors' formatting; removed attachments leave the case but
    stay in earlier revisions. Raises ResubmitRefused when the case is not waiting for changes or changed meanwhile.
    """
    record = CaseStudyPage.objects.select_for_update().get(pk=submission.page_id)
    state = WorkflowState.objects.for_instance(record).order_by("-created_at", "-pk").first()
    if record.live or state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        raise ResubmitRefused(_("This case is not waiting for your changes any more; nothing was saved."))
    if record.latest_revision_id != data["revision"]:
        raise ResubmitRefused(
            _(
                "An editor changed this case after you opened the form, so nothing was saved. "
                "Open the form again to see the current text."
            )
        )
    page = record.get_latest_revision_as_object()
    for name in PLAIN_FIELDS:
        setattr(page, name, data.get(name))
    for name in STORY_FIELDS:
        current = getattr(page, name) or ""
        if plain_text(paragraphs(data[name])) != plain_text(current):
            setattr(page, name, paragraphs(data[name]))
    set_classification(page, data)
    removed = set(data["remove_attachments"])
    body = [block for block in page.body.raw_data if attachment_key(block) not in removed]
    first_image, first_document = next_numbers(page)
    body += store_attachments(data["images"], data["documents"], user, first_image, first_document)
    page.body = body
    page.save()
    revision = page.save_revision(user=user, log_action=True)
    Resubmission.objects.create(submission=submission, revision=revision, note=data["note"])
    log(instance=page, action=RESUBMIT_ACTION, user=user, revision=revision)
    state.cancel(user=user)
    page.get_workflow().start(page, user)
    return revision


def next_numbers(page):
    """Return the numbers for the next submitted photo and document: one more than ever attached to the page."""
    seen = set()
    for content in page.revisions.values_list("content", flat=True):
        body = content.get("body") or []
        if isinstance(body, str):
            try:
                body = json.loads(body)
            except ValueError:
                body = []
        seen.update(attachment_key(block) for block in body if isinstance(block, dict))
    seen.discard(None)
    images = sum(1 for key in seen if key.startswith("image:"))
    return images + 1, len(seen) - images + 1
