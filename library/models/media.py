import logging

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image, WagtailImageField, get_upload_to
from wagtail.models import UploadedFile

from library.extraction import DocumentUnreadable, extract_text
from library.storage import private_storage
from safety.uploads import sanitize_image, validate_document

logger = logging.getLogger(__name__)


def _is_new_upload(field_file):
    """Return whether a file field holds a file that has not been written to storage yet."""
    return bool(field_file) and not getattr(field_file, "_committed", True)


class LibraryImage(AbstractImage):
    """An uploaded image; the file is re-encoded without metadata and stored where only the file view reads it."""

    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it. Never name or describe a person."),
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["file"], name="library_image_file_idx")]  # the file view looks files up

    def save(self, *args, **kwargs):
        """Save the image, first stripping the metadata of a new file that no upload form has cleaned yet."""
        if _is_new_upload(self.file) and not getattr(self.file.file, "sanitized", False):
            self.file = sanitize_image(self.file.file)
            self._set_image_file_metadata()
        super().save(*args, **kwargs)


class LibraryRendition(AbstractRendition):
    image = models.ForeignKey(LibraryImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
        indexes = [models.Index(fields=["file"], name="library_rendition_file_idx")]


class LibraryDocument(AbstractDocument):
    """An uploaded PDF or DOCX whose text is extracted and kept for search; stored where only the serve view reads it."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("file"))

    extracted_text = models.TextField(
        _("extracted text"),
        blank=True,
        editable=False,
        help_text=_("The document's text, read from the file when it is uploaded; used by search."),
    )

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        document._stored_file_name = document.__dict__.get("file")
        return document

    @classmethod
    def from_import(cls, spec, current=None):
        """Return the document an import line attaches: current when it holds the same file, else a new one.

        spec is the line's checked document (library.importing.validate): its path, file name, title, SHA-1 and
        the text already extracted from it.
        """
        if current is not None and current.file_hash == spec["hash"]:
            return current
        with open(spec["path"], "rb") as handle:
            data = handle.read()
        document = cls(title=spec["title"], extracted_text=spec["text"])
        document.file.save(spec["name"], ContentFile(data), save=False)
        document.text_extracted = True  # read at validation
        document.file_size, document.file_hash = len(data), spec["hash"]
        document.save()
        return document

    def save(self, *args, **kwargs):
        """Save the document, reading its text first when the file is new and no upload form has read it."""
        if self.file and not getattr(self, "text_extracted", False):
            stored = getattr(self, "_stored_file_name", None)
            if _is_new_upload(self.file) or stored is None or str(stored) != self.file.name:
                self.extracted_text = self.read_text(fail_silently=True)
        super().save(*args, **kwargs)
        self.text_extracted = False
        self._stored_file_name = self.file.name

    def read_text(self, fail_silently=False):
        """Return the text of the attached file; on an unreadable file raise, or return "" if fail_silently."""
        try:
            if _is_new_upload(self.file):
                upload = self.file.file
                upload.seek(0)
                data = upload.read()
                upload.seek(0)
            else:
                with self.file.storage.open(self.file.name, "rb") as handle:
                    data = handle.read()
            return extract_text(data)
        except (DocumentUnreadable, OSError) as error:
            if not fail_silently:
                raise
            logger.warning("No text extracted from document %s: %s", self.pk or self.file.name, error)
            return ""


@receiver(pre_save, sender=UploadedFile)
def clean_pending_upload(sender, instance, **kwargs):
    """Strip metadata from an image parked by the multiple uploader, so no original is ever written to storage."""
    if not _is_new_upload(instance.file) or instance.for_content_type_id is None:
        return
    if instance.for_content_type.model_class() is LibraryImage:
        instance.file = sanitize_image(instance.file.file)
    elif instance.for_content_type.model_class() is LibraryDocument:
        validate_document(instance.file.file)
