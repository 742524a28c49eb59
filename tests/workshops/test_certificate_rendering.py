"""The Khmer certificate PDF draws its words as Chromium draws the same HTML: shaping checked by rasterising.

The PDF (WeasyPrint) is rasterised with PDFium at 96 dpi, the certificate's HTML is drawn by Chromium at the same
size, and each text line is compared: the ink of the name and of the workshop title must have the same size and
the same shape (overlap of the ink after scaling both to one size). A renderer that did not shape Khmer would draw
dotted circles and detached subscripts: the same comparison against such a drawing (made here on purpose, with a
zero-width space inside every subscript cluster) fails, so the check can tell.
"""

import datetime
import io
from difflib import SequenceMatcher

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageOps
from pypdf import PdfReader

from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_workshop
from workshops.certificate_codes import new_code
from workshops.certificate_pdf import certificate_html, html_to_pdf
from workshops.models import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NAME = "ចាន់ សុភ័ក្ត្រ"  # Chan Sopheaktra: a double subscript (ក្ត្រ) and a sign above
TITLE = "ការកំណត់អត្តសញ្ញាណជនរងគ្រោះនៅច្រកព្រំដែន"  # identifying victims at border crossings
A4_LANDSCAPE = {"width": 1123, "height": 794}  # 297 × 210 mm at 96 px per inch
COENG = "\u17d2"


def _certificate():
    trainer = create_user(OFFICER, name="Malee Trainer")
    workshop = create_workshop(
        title=TITLE,
        slug="khmer-render",
        country="KH",
        participant_countries=("KH",),
        province="សៀមរាប",
        organisers="Regional border liaison programme",
        facilitators=[trainer],
        start_date=datetime.date(2026, 3, 10),
        end_date=datetime.date(2026, 3, 11),
    )
    user = create_user(PARTICIPANT, name=NAME, country_code="KH", ui_language="km")
    return Certificate.objects.create(
        workshop=workshop,
        user=user,
        code=new_code(),
        name=NAME,
        workshop_title=TITLE,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
    )


def _raster_of_pdf(pdf):
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = A4_LANDSCAPE["width"] / page.get_width()
        return page.render(scale=scale).to_pil().convert("L")
    finally:
        document.close()


def _chromium(browser, html):
    """Return (screenshot, {element id: box}) of the HTML drawn by Chromium at A4 landscape size."""
    context = browser.new_context(viewport=A4_LANDSCAPE, device_scale_factor=1, java_script_enabled=True)
    try:
        page = context.new_page()
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        boxes = {
            element_id: page.locator(f"#{element_id}").bounding_box()
            for element_id in ("certificate-name", "certificate-title")
        }
        shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("L")
        return shot, boxes
    finally:
        context.close()


def _ink(image, box, margin=8):
    """Return the ink of one text line: the image cropped to the dark pixels inside the element's box."""
    left, top = int(box["x"]) - margin, int(box["y"]) - margin
    right, bottom = int(box["x"] + box["width"]) + margin, int(box["y"] + box["height"]) + margin
    window = image.crop((left, top, right, bottom))
    mask = window.point(lambda value: 255 if value < 128 else 0)
    bounds = mask.getbbox()
    assert bounds is not None, "no ink in the element's box"
    return mask.crop(bounds)


def _overlap(first, second):
    """Return how much two ink masks overlap once scaled to one size (intersection over union, 0 to 1)."""
    size = (max(first.width, second.width), max(first.height, second.height))
    a = first.resize(size, Image.Resampling.NEAREST).filter(ImageFilter.MaxFilter(3))
    b = second.resize(size, Image.Resampling.NEAREST).filter(ImageFilter.MaxFilter(3))
    both = ImageChops.multiply(a, b).histogram()[255]
    either = ImageChops.lighter(a, b).histogram()[255]
    return both / either if either else 0.0


def _similar(first, second):
    """Return (width ratio, height ratio, overlap) of two ink masks."""
    return (first.width / second.width, first.height / second.height, _overlap(first, second))


def _unshaped(text):
    """Return text that a renderer draws as an unshaped one would: each subscript cut off from its cluster."""
    return text.replace(COENG, "\u200b" + COENG)


def test_the_khmer_certificate_pdf_matches_chromiums_drawing(browser, tmp_path):
    certificate = _certificate()
    html = certificate_html(certificate, "km")
    pdf = html_to_pdf(html)

    reader = PdfReader(io.BytesIO(pdf))
    # The document's title holds the heading, name and workshop exactly (what a reader's search and screen reader use).
    assert reader.metadata.title == f"វិញ្ញាបនបត្របញ្ជាក់ការចូលរួម: {NAME} · {TITLE}"
    # The text layer: WeasyPrint maps each glyph to one text, so a subscript glyph shared by two clusters reads back
    # a little wrong; each line still reads back as mostly the same text, and never as another script.
    lines = ["".join(line.split()) for line in reader.pages[0].extract_text().splitlines()]
    for expected in ("វិញ្ញាបនបត្របញ្ជាក់ការចូលរួម", "".join(NAME.split()), TITLE):
        best = max(SequenceMatcher(None, expected, line).ratio() for line in lines)
        assert best >= 0.8, (expected, lines)

    printed = _raster_of_pdf(pdf)
    drawn, boxes = _chromium(browser, html)
    broken, _boxes = _chromium(browser, html.replace(NAME, _unshaped(NAME)).replace(TITLE, _unshaped(TITLE)))
    printed.save(tmp_path / "pdf.png")
    drawn.save(tmp_path / "chromium.png")
    broken.save(tmp_path / "unshaped.png")
    assert abs(printed.width - drawn.width) <= 1 and abs(printed.height - drawn.height) <= 1

    for element_id, box in boxes.items():
        pdf_ink, chromium_ink, broken_ink = (_ink(image, box) for image in (printed, drawn, broken))
        ImageOps.invert(pdf_ink).save(tmp_path / f"{element_id}-pdf.png")
        ImageOps.invert(chromium_ink).save(tmp_path / f"{element_id}-chromium.png")
        width, height, overlap = _similar(pdf_ink, chromium_ink)
        assert 0.95 <= width <= 1.05, (element_id, width, tmp_path)
        assert 0.9 <= height <= 1.1, (element_id, height, tmp_path)
        assert overlap >= 0.6, (element_id, overlap, tmp_path)
        # The same measure tells an unshaped drawing apart.
        width, height, overlap = _similar(broken_ink, chromium_ink)
        assert not (0.95 <= width <= 1.05 and overlap >= 0.6), (element_id, width, overlap, tmp_path)
