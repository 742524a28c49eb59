"""Serve uploaded images, renditions and documents to the readers accounts.access.media allows, and nobody else."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtaildocs_serve

from accounts import audit
from accounts.access.media import decide
from library.storage import private_storage
from safety.files import private_file_response

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}
IMAGE_TYPES |= {".webp": "image/webp", ".avif": "image/avif"}


def cache_seconds():
    """Return (browser, shared cache) lifetimes in seconds for files every reader may have."""
    return (
        getattr(settings, "MEDIA_CACHE_SECONDS", 24 * 60 * 60),
        getattr(settings, "MEDIA_SHARED_CACHE_SECONDS", 5 * 60),
    )


def apply_cache_policy(response, access):
    """Let browsers and shared caches keep a file every reader may have; keep any other in the reader's browser."""
    if access.public:
        browser, shared = cache_seconds()
        patch_cache_control(response, public=True, max_age=browser, s_maxage=shared)
    else:
        patch_cache_control(response, private=True, max_age=60 * 60)
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def not_found():
    """Return a 404 that neither a browser nor a proxy keeps, saying nothing about the file."""
    response = HttpResponseNotFound(_("Not found."), content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


def image_for(name):
    """Return the library image whose original or rendition is stored under this name, or None."""
    from library.models import LibraryImage, LibraryRendition

    if name.startswith("original_images/"):
        return LibraryImage.objects.filter(file=name).first()
    if name.startswith("images/"):
        rendition = LibraryRendition.objects.filter(file=name).select_related("image").first()
        return rendition.image if rendition else None
    return None


def serve_image_file(request, name):
    """Send an image original or rendition to a reader who may see it; everyone else gets 404."""
    if ".." in PurePosixPath(name).parts or name.startswith("/") or "\x00" in name or len(name) > 255:
        return not_found()
    image = image_for(name)
    if image is None:
        return not_found()
    access = decide(request, image)
    if not access.allowed:
        return not_found()
    storage = private_storage()
    try:
        modified = storage.get_modified_time(name)
        size = storage.size(name)
    except (OSError, SuspiciousFileOperation):
        return not_found()
    etag = f'"{image.file_hash or image.pk}-{size}-{int(modified.timestamp())}"'
    response = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))
    if response is None:
        response = _file_response(storage, name)
        if access.audited:
            audit.record(audit.RESTRICTED_IMAGE, obj=image, request=request, audience=access.audience, file=name)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return apply_cache_policy(response, access)


def _file_response(storage, name, content_type=None):
    """Return the file as a response, handed to the web server when MEDIA_ACCEL_REDIRECT names its internal path."""
    suffix = PurePosixPath(name).suffix.lower()
    return private_file_response(storage, name, content_type or IMAGE_TYPES.get(suffix))


def _document_hooks():
    """Return the before_serve_document hooks but Wagtail's collection check, which the access rules include."""
    from wagtail.documents.wagtail_hooks import check_view_restrictions

    return [hook for hook in hooks.get_hooks("before_serve_document") if hook is not check_view_restrictions]


def serve_document(request, document_id, document_filename):
    """Send a document to a reader the serve hooks (accounts: accounts.access.media) let through."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        raise Http404
    for hook in _document_hooks():
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    access = getattr(request, "media_access", None) or decide(request, document)
    if not access.allowed:
        raise Http404
    name = document.file.name
    storage = document.file.storage
    try:
        modified = int(storage.get_modified_time(name).timestamp())
    except (OSError, SuspiciousFileOperation) as missing:
        raise Http404 from missing
    etag = f'"{document.file_hash or document.pk}-{modified}"'
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        response = _file_response(storage, name, content_type=document.content_type)
        response["Content-Disposition"] = document.content_disposition
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return apply_cache_policy(response, access)


file_urlpatterns = [path("<path:name>", serve_image_file, name="library_file")]

document_urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        wagtaildocs_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
