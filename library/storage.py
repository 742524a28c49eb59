"""Private file storage: uploads kept outside MEDIA_ROOT, reachable only through the access-checking views."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

FILES_URL = "/files/"


@deconstructible(path="library.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT whose URLs point to the file view (library.media_views)."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return FILES_URL

    def url(self, name):
        return FILES_URL + filepath_to_uri(name).lstrip("/")


_storage = None


def private_storage():
    """Return the storage for uploaded images, renditions, documents and forum attachments."""
    global _storage  # noqa: PLW0603 - one shared instance, created on first use
    if _storage is None:
        _storage = PrivateMediaStorage()
    return _storage


def public_media_storage():
    """Return a storage on the public media folder (MEDIA_ROOT), where uploads were kept before."""
    return FileSystemStorage(location=settings.MEDIA_ROOT, base_url=settings.MEDIA_URL)


def move_to_private(names):
    """Move these stored files from the public media folder into the private storage; return how many moved."""
    default_storage = public_media_storage()
    private = private_storage()
    moved = 0
    for name in names:
        if not name or not default_storage.exists(name):
            continue
        if not private.exists(name):
            with default_storage.open(name, "rb") as handle:
                saved = private.save(name, handle)
            if saved != name:  # never expected: the name was free a moment ago
                private.delete(saved)
                continue
        default_storage.delete(name)
        moved += 1
    return moved
