"""Send a stored private file after the caller's access check: the bytes themselves, or, behind nginx, only an
X-Accel-Redirect to its internal location (MEDIA_ACCEL_REDIRECT), so nginx sends them (deploy/nginx/frontline.conf).

Only a view that has already decided the reader may have the file calls this; the internal location answers
nothing to a request from outside (nginx's ``internal``), so a guessed /internal-media/… URL is a 404.
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header


def accel_location():
    """Return the internal location aliasing PRIVATE_MEDIA_ROOT ("" when the site sends files itself)."""
    return (getattr(settings, "MEDIA_ACCEL_REDIRECT", "") or "").strip()


def private_file_response(storage, name, content_type=None, *, as_attachment=False, filename=None):
    """Return a response carrying the stored file `name`, handed to the web server when MEDIA_ACCEL_REDIRECT is set.

    Opening a missing file raises FileNotFoundError (OSError) when the site sends it; behind nginx the caller has
    already asked the storage for its size or date, and nginx answers 404 for a file gone meanwhile.
    """
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = accel_location()
    if not accel:
        return FileResponse(
            storage.open(name, "rb"), content_type=content_type, as_attachment=as_attachment, filename=filename or ""
        )
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + filepath_to_uri(name)
    disposition = content_disposition_header(as_attachment, filename or PurePosixPath(name).name)
    if as_attachment or filename:
        response["Content-Disposition"] = disposition
    return response
