"""Wagtail admin forms for library images and documents: uploads are checked by content and cleaned before storage."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from library.extraction import extract_text
from safety.uploads import sanitize_image, validate_document

NOT_AN_IMAGE = _("This file is not an image. Upload a JPEG, PNG, WebP or GIF picture.")


class LibraryImageForm(BaseImageForm):
    """The image upload form: the file is re-encoded without metadata before anything is written to storage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
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
