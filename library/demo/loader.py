"""Create the demo library idempotently through the importer: pages are keyed by import key, so a second run changes
nothing.

The pages are JSON Lines in content/ (methods, then resources, then case studies: a line names pages of the lines
and files before it), in the format of ``manage.py import_library`` (README, "Importing library pages"); the
resources' PDF and DOCX files are generated from content/documents.json into a temporary folder the import reads
them from. The import publishes as a data load (``safety.permits.data_load``): illustrative content, not an
editor's publication.
"""

import json
import tempfile
from pathlib import Path

from django.db import transaction
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from library.importing.run import ImportRefused, import_lines
from library.models import NAME_LANGUAGES, HomePage, LibraryPage, TagNames
from safety.permits import data_load

from .documents import make_docx, make_pdf

NAMESPACE = "demo"  # the demo pages' import keys are "demo:<id of their line>"
KEY_PREFIX = NAMESPACE + ":"
CONTENT = Path(__file__).resolve().parent / "content"
CONTENT_FILES = ("methods.jsonl", "resources.jsonl", "case-studies.jsonl")  # in this order
DOCUMENTS_FILE = CONTENT / "documents.json"
TAG_NAMES_FILE = Path(__file__).resolve().parent / "tag_names.json"
ILLUSTRATIVE_NOTICE = (
    "Demo content: every case study, method and resource here is illustrative and fictional, "
    "modelled on patterns the region reports. No real person, case or place of events is described."
)


def content_lines(name):
    """Return the non-blank lines of one demo content file."""
    return [line for line in (CONTENT / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def write_documents(folder):
    """Generate the demo resources' documents into folder, at the paths their lines give."""
    documents = json.loads(DOCUMENTS_FILE.read_text(encoding="utf-8"))["documents"]
    for relative, spec in documents.items():
        path = Path(folder) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".pdf":
            path.write_bytes(make_pdf(spec["title"], spec["paragraphs"]))
        else:
            path.write_bytes(make_docx(spec["title"], spec["paragraphs"], spec["language"]))


class DemoContentRefused(Exception):
    """A demo content file has lines the importer refuses; the messages name the file and the line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


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
def load_pages():
    """Import, restrict and publish every missing demo page; return (created, already present, restricted) counts.

    Pages already present are left as they are. Each page gets a revision, as one published in the admin does.
    """
    created = present = 0
    with tempfile.TemporaryDirectory() as folder, data_load("demo content"):
        write_documents(folder)
        for name in CONTENT_FILES:
            try:
                report = import_lines(
                    content_lines(name),
                    publish=True,
                    base_dir=folder,
                    namespace=NAMESPACE,
                    keep_existing=True,
                    revisions=True,
                    batched=False,  # inside this function's transaction
                    source=f"demo content: {name}",
                )
            except ImportRefused as refused:
                raise DemoContentRefused([f"{name} {message}" for message in refused.errors]) from refused
            created += report.created
            present += report.kept
    restricted = PageViewRestriction.objects.filter(
        page__in=LibraryPage.objects.filter(import_key__startswith=KEY_PREFIX)
    ).count()
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
