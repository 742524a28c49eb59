"""Build and create library pages for tests (published ones as a data load, outside the review workflow)."""

from library.models import (
    CaseStudyCountry,
    CaseStudyPage,
    Country,
    CrimeType,
    LibraryIndexPage,
    MethodPage,
    ResourcePage,
)
from safety.permits import data_load

TEST_DATA = "test data"


def library_index():
    """Return the one library index page that the site structure migration creates."""
    return LibraryIndexPage.objects.get()


def build_case_study(
    *, countries=(("KH", "origin"), ("TH", "destination")), crimes=(), tags=(), related_methods=(), **fields
):
    """Return an unsaved case study with its countries, roles, crime types, tags and related methods."""
    fields.setdefault("title", "Recruited through a fake job advert")
    fields.setdefault("summary", "Workers were recruited online and held in a compound.")
    fields.setdefault("year", 2023)
    page = CaseStudyPage(**fields)
    page.country_roles = [
        CaseStudyCountry(country=Country.objects.get(code=code), role=role) for code, role in countries
    ]
    page.crime_types = list(CrimeType.objects.filter(slug__in=crimes))
    page.related_methods = list(related_methods)
    page.tags.add(*tags)
    return page


def create_case_study(parent=None, *, publish=True, **kwargs):
    """Create a case study under the library, published unless told otherwise."""
    page = build_case_study(**kwargs)
    page.live = False
    (parent or library_index()).add_child(instance=page)
    if publish:
        with data_load(TEST_DATA):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_method(parent=None, *, countries=("TH",), crimes=(), tags=(), publish=True, **fields):
    """Create an investigation method under the library."""
    fields.setdefault("title", "Interviewing a suspected victim")
    fields.setdefault("summary", "A trauma-informed first interview.")
    fields.setdefault("purpose", "Establish the facts without harming the person interviewed.")
    page = MethodPage(**fields)
    page.countries = list(Country.objects.filter(code__in=countries))
    page.crime_types = list(CrimeType.objects.filter(slug__in=crimes))
    page.tags.add(*tags)
    page.live = False
    (parent or library_index()).add_child(instance=page)
    if publish:
        with data_load(TEST_DATA):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_resource(parent=None, *, countries=("VN",), tags=(), publish=True, **fields):
    """Create a resource (a link unless a document is given) under the library."""
    fields.setdefault("title", "Victim identification guide")
    fields.setdefault("summary", "A field guide to indicators of trafficking.")
    if not fields.get("document"):
        fields.setdefault("link", "https://example.org/guide.pdf")
    page = ResourcePage(**fields)
    page.countries = list(Country.objects.filter(code__in=countries))
    page.tags.add(*tags)
    page.live = False
    (parent or library_index()).add_child(instance=page)
    if publish:
        with data_load(TEST_DATA):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_admin(username=None):
    """Create a superuser enrolled in two-factor authentication, as privileged roles must be to use the admin."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    username = username or f"library-admin-{model.objects.count() + 1}"
    user = model.objects.create_superuser(username, f"{username}@example.org", "correct-horse-battery")
    try:
        from accounts.twofactor import enrol_totp
    except ImportError:  # two-factor enrolment not installed: nothing to enrol
        return user
    enrol_totp(user)
    return user


# Files -----------------------------------------------------------------------------------------------------------


def jpeg_with_gps(size=(64, 48), orientation=6):
    """Return the bytes of a phone-style JPEG carrying GPS coordinates, camera details and an orientation tag."""
    import io

    from PIL import ExifTags, Image

    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Field Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = "Photo taken at the safe house"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (14.0, 30.0, 15.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (102.0, 47.0, 3.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"Owner: field officer")
    return buffer.getvalue()


def png_with_metadata(size=(20, 10)):
    """Return the bytes of a PNG with a text chunk, an XMP packet and an ICC profile."""
    import io

    from PIL import Image, ImageCms, PngImagePlugin

    image = Image.new("RGBA", size, (10, 120, 10, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Officer Somchai")
    info.add_itxt("XML:com.adobe.xmp", '<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS 14.5N</x:xmpmeta>')
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, icc_profile=icc)
    return buffer.getvalue()


def png_header_only(width, height):
    """Return a tiny PNG that declares huge dimensions (a decompression bomb) without holding the pixels."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def pdf_with_text(text):
    """Return the bytes of a one-page PDF whose page shows the given (ASCII) text."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(output)


def docx_with_text(paragraphs, table=()):
    """Return the bytes of a Word document with the given paragraphs and table rows."""
    import io

    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
