"""Wagtail admin forms for library images and documents: uploads are checked by content and cleaned before storage."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from library.extraction import extract_text
from safety.uploads import sanitize_image, validate_document

NOT_AN_IMAGE = _("This file is not an image. Upload a JPEG, PNG, WebP or GIF picture.")
DAMAGED_IMAGE = _("This image is damaged and cannot be read. Export it again and upload the new file.")


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, refusing a damaged file with a message instead of failing on it."""

    def check_image_pixel_size(self, f):
        """Check the pixel count; a header Pillow cannot read (a truncated JPEG) is reported as damaged."""
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(DAMAGED_IMAGE, code="corrupt") from error


class LibraryImageForm(BaseImageForm):
    """The image upload form: the file is re-encoded without metadata before anything is written to storage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail builds this field itself (its formfield callback ignores Meta.field_classes).
            wagtail_field = self.fields["file"]
            self.fields["file"] = ReadableImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )
            self.fields["file"].error_messages["invalid_image"] = NOT_AN_IMAGE

    class Meta(BaseImageForm.Meta):
        pass

    def clean_file(self):
        """Return the uploaded image rebuilt from its pixels alone (no EXIF, GPS, XMP or ICC data)."""
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return sanitize_image(file)
        return file


class LibraryDocumentForm(BaseDocumentForm):
    """The document upload form: only real PDF and DOCX files, whose text is extracted for search."""

    class Meta(BaseDocumentForm.Meta):
        pass

    def clean_file(self):
        """Return the uploaded document after checking its content and reading its text."""
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document(file)
            file.seek(0)
            self.instance.extracted_text = extract_text(file.read())
            self.instance.text_extracted = True
            file.seek(0)
        return file
