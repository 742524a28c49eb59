"""A certificate as a PDF: one A4 page in the participant's interface language, drawn by WeasyPrint.

Khmer, Lao and Thai are shaped by Pango/HarfBuzz with the system's Noto fonts (scripts/system-deps installs them);
nothing is fetched while drawing (the QR code is inline SVG, the style inline). PDFs are kept in the private
storage (never under MEDIA_ROOT), one file per certificate and language, named by a digest of the page drawn, so a
changed workshop or translation draws a new one. The worker draws it right after issuing
(``render_certificate``); a download draws it when missing.
"""

import hashlib
from urllib.parse import urljoin

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from background.queue import task
from library.storage import private_storage
from workshops.models import Certificate

LANGUAGES = {code for code, _name in settings.LANGUAGES}
FOLDER = "certificates"
# The script's own font first (its spaces and digits then match the text around them), then the others as fallback
# for a name written in another script.
SERIF = ["Noto Serif", "Noto Serif Khmer", "Noto Serif Lao", "Noto Serif Thai"]
SCRIPT_FONT = {"km": "Noto Serif Khmer", "lo": "Noto Serif Lao", "th": "Noto Serif Thai"}


class NoFetching(URLFetcher):
    """Refuse every URL: a certificate needs nothing from outside its own HTML."""

    def fetch(self, url, headers=None):
        raise URLFetchingError(f"not fetched: {url}")


def font_stack(language):
    first = SCRIPT_FONT.get(language)
    names = [first, *[name for name in SERIF if name != first]] if first else SERIF
    return ", ".join(f"'{name}'" for name in names) + ", serif"


def certificate_language(certificate, fallback=None):
    """Return the language of a participant's certificate: their interface language, else fallback, else English."""
    member = getattr(certificate.user, "member", None)
    for language in (getattr(member, "ui_language", ""), fallback):
        language = (language or "").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return settings.LANGUAGE_CODE


def verification_url(certificate):
    """Return the absolute public address that confirms this certificate (what its QR code holds)."""
    path = reverse("certificates:verify-code", args=[certificate.display_code])
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def qr_svg(text):
    """Return a QR code of text as an inline SVG element (black modules on white, four-module quiet zone)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    return image.to_string(encoding="unicode")


# Written-out dates that read well after "Issued on" and around a dash (Vietnamese DATE_FORMAT starts with "Ngày").
LONG_DATE = {"en": "j F Y", "vi": r"j \t\há\n\g n \nă\m Y"}


def long_date(value):
    """Return a date written out in the active language."""
    return formats.date_format(value, LONG_DATE.get(translation.get_language(), "DATE_FORMAT"))


def date_range(start, end):
    if start == end:
        return long_date(start)
    return f"{long_date(start)} – {long_date(end)}"


def certificate_html(certificate, language):
    """Return the certificate's page as standalone HTML in this language (the PDF and the rendering test use it)."""
    workshop = certificate.workshop
    with translation.override(language):
        context = {
            "certificate": certificate,
            "language": language,
            "fonts": font_stack(language),
            "site_name": _("Frontline Exchange"),
            "dates": date_range(certificate.start_date, certificate.end_date),
            "place": ", ".join(part for part in (workshop.province, workshop.country.label) if part),
            "organisers": workshop.organisers,
            "issued": long_date(timezone.localdate(certificate.issued_at)),
            "verify_url": verification_url(certificate),
            "qr_svg": qr_svg(verification_url(certificate)),
        }
        return render_to_string("workshops/certificates/certificate.html", context)


def html_to_pdf(html):
    """Return the PDF of a certificate's HTML."""
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=NoFetching()).write_pdf()


def _prefix(certificate, language):
    return f"{FOLDER}/{certificate.workshop_id}/{certificate.code}-{language}-"


def _stored(certificate, language=None):
    """Return the stored file names of a certificate (in one language, or all)."""
    storage = private_storage()
    folder = f"{FOLDER}/{certificate.workshop_id}"
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    start = f"{certificate.code}-{language}-" if language else f"{certificate.code}-"
    return [f"{folder}/{name}" for name in files if name.startswith(start) and name.endswith(".pdf")]


def certificate_pdf(certificate, language):
    """Return the storage name of the certificate's PDF in this language, drawing and storing it if missing."""
    html = certificate_html(certificate, language)
    name = _prefix(certificate, language) + hashlib.sha256(html.encode()).hexdigest()[:16] + ".pdf"
    storage = private_storage()
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(html_to_pdf(html)))
        if saved != name:  # drawn at the same moment by another process: keep theirs
            storage.delete(saved)
    for old in _stored(certificate, language):
        if old != name:
            storage.delete(old)
    return name


def delete_pdfs(certificate):
    """Remove every stored PDF of a certificate (when it is revoked)."""
    storage = private_storage()
    for name in _stored(certificate):
        storage.delete(name)


def remove_files(sender, instance, **kwargs):
    """Delete a deleted certificate's stored PDFs (post_delete receiver, connected in WorkshopsConfig.ready)."""
    delete_pdfs(instance)


@task(max_attempts=3, backoff=30)
def render_certificate(certificate_id):
    """Draw and store a newly issued certificate in its participant's language (idempotent)."""
    certificate = (
        Certificate.objects.valid()
        .select_related("workshop__country", "user__member")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:  # revoked or gone before the worker came to it
        return None
    return certificate_pdf(certificate, certificate_language(certificate))
