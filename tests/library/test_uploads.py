import io
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.models import Collection

from library.models import LibraryImage
from safety.uploads import sanitize_image
from tests.factories.library import create_admin, create_case_study, jpeg_with_gps, png_header_only, png_with_metadata

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def assert_no_metadata(test, data):
    """Assert that image bytes carry no EXIF, GPS, XMP, ICC profile, comment or text chunk."""
    image = Image.open(io.BytesIO(data))
    test.assertEqual(dict(image.getexif()), {})
    test.assertEqual(dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo)), {})
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Author"):
        test.assertNotIn(key, image.info)
    for marker in (b"Exif", b"GPS", b"PhoneMaker", b"safe house", b"Somchai", b"xmpmeta", b"Owner"):
        test.assertNotIn(marker, data)


def media_files():
    """Return every file under the public and private media folders."""
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return {path for root in roots for path in Path(root).rglob("*") if path.is_file()}


class SanitizeImageTests(TestCase):
    def test_phone_photo_loses_gps_and_camera_data_but_keeps_its_orientation(self):
        original = jpeg_with_gps(size=(64, 48), orientation=6)
        self.assertTrue(Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo))
        clean = sanitize_image(SimpleUploadedFile("IMG_2041.JPG", original, "image/jpeg"))
        data = clean.read()
        assert_no_metadata(self, data)
        image = Image.open(io.BytesIO(data))
        self.assertEqual(image.format, "JPEG")
        self.assertEqual(image.size, (48, 64))  # rotated upright by the orientation tag, which is then dropped
        self.assertEqual(clean.name, "IMG_2041.jpg")

    def test_png_loses_text_xmp_and_icc_but_keeps_transparency(self):
        clean = sanitize_image(SimpleUploadedFile("chart.png", png_with_metadata(), "image/png"))
        data = clean.read()
        assert_no_metadata(self, data)
        image = Image.open(io.BytesIO(data))
        self.assertEqual((image.format, image.mode), ("PNG", "RGBA"))
        self.assertEqual(image.getpixel((0, 0)), (10, 120, 10, 128))

    def test_webp_and_animated_gif_keep_their_format(self):
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(buffer, "WEBP", exif=Image.Exif())
        self.assertEqual(Image.open(sanitize_image(ContentFile(buffer.getvalue(), name="a.webp"))).format, "WEBP")
        buffer = io.BytesIO()
        frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "green", "blue")]
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0, comment=b"x")
        gif = Image.open(sanitize_image(ContentFile(buffer.getvalue(), name="a.gif")))
        self.assertEqual((gif.format, gif.n_frames), ("GIF", 3))
        self.assertNotIn("comment", gif.info)

    def test_a_text_file_named_like_a_photo_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "This file is not an image"):
            sanitize_image(SimpleUploadedFile("photo.jpg", b"Name: Somchai, born 1990\n" * 20, "image/jpeg"))

    def test_a_decompression_bomb_is_refused_from_its_header(self):
        bomb = png_header_only(30000, 30000)
        self.assertLess(len(bomb), 200)
        with self.assertRaisesMessage(ValidationError, "too large"):
            sanitize_image(SimpleUploadedFile("bomb.png", bomb, "image/png"))

    def test_an_image_over_the_pixel_limit_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "at most 40 million pixels"):
            sanitize_image(SimpleUploadedFile("big.png", png_header_only(8000, 6000), "image/png"))

    def test_a_truncated_photo_is_reported_as_damaged(self):
        damaged = jpeg_with_gps(size=(400, 300))[:700]
        with self.assertRaisesMessage(ValidationError, "damaged"):
            sanitize_image(SimpleUploadedFile("cut.jpg", damaged, "image/jpeg"))

    def test_an_empty_file_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "empty"):
            sanitize_image(SimpleUploadedFile("empty.jpg", b"", "image/jpeg"))

    def test_an_image_over_the_size_limit_is_refused(self):
        with self.settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000), self.assertRaisesMessage(ValidationError, "too big"):
            sanitize_image(SimpleUploadedFile("big.jpg", jpeg_with_gps(size=(400, 300)), "image/jpeg"))

    def test_an_upload_parked_by_the_multiple_uploader_is_stored_clean(self):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import UploadedFile

        parked = UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(LibraryImage),
            file=SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(), "image/jpeg"),
        )
        assert_no_metadata(self, Path(parked.file.path).read_bytes())

    def test_saving_an_image_in_code_also_strips_metadata(self):
        image = LibraryImage(title="From a script", file=ContentFile(jpeg_with_gps(), name="script.jpg"))
        image.save()
        assert_no_metadata(self, Path(image.file.path).read_bytes())
        self.assertEqual((image.width, image.height), (48, 64))
        self.assertEqual(image.file_size, Path(image.file.path).stat().st_size)


class AdminImageUploadTests(TestCase):
    def setUp(self):
        self.client.force_login(create_admin(), MODEL_BACKEND)
        self.collection = Collection.get_first_root_node()

    def upload(self, name, data, content_type="image/jpeg"):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Evidence photo",
                "collection": self.collection.pk,
                "file": SimpleUploadedFile(name, data, content_type),
            },
        )

    def test_the_stored_file_has_no_gps_or_other_metadata(self):
        before = media_files()
        response = self.upload("IMG_2041.jpg", jpeg_with_gps())
        self.assertRedirects(response, reverse("wagtailimages:index"))
        image = LibraryImage.objects.get()
        written = media_files() - before
        originals = {path for path in written if path.parent.name == "original_images"}
        self.assertEqual(originals, {Path(image.file.path)})
        for path in written:  # the stored original and the admin thumbnail
            assert_no_metadata(self, path.read_bytes())
        self.assertEqual((image.width, image.height), (48, 64))

    def test_the_multiple_uploader_stores_clean_files_too(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": self.collection.pk,
                "files[]": SimpleUploadedFile("chart.png", png_with_metadata(), "image/png"),
            },
        )
        self.assertTrue(response.json()["success"])
        image = LibraryImage.objects.get()
        assert_no_metadata(self, Path(image.file.path).read_bytes())

    def test_a_text_file_named_jpg_gets_a_clear_error(self):
        before = media_files()
        response = self.upload("photo.jpg", b"not a picture at all\n" * 50)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This file is not an image.")
        self.assertFalse(LibraryImage.objects.exists())
        self.assertEqual(media_files(), before)

    def test_a_decompression_bomb_gets_a_clear_error(self):
        response = self.upload("huge.png", png_header_only(30000, 30000), "image/png")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "too many pixels")
        self.assertFalse(LibraryImage.objects.exists())

    def test_the_multiple_uploader_reports_a_bomb(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": self.collection.pk,
                "files[]": SimpleUploadedFile("huge.png", png_header_only(30000, 30000)),
            },
        )
        self.assertFalse(response.json()["success"])
        self.assertIn("pixels", response.json()["error_message"])

    def test_phone_photo_in_a_case_study_downloads_without_coordinates(self):
        self.upload("IMG_2041.jpg", jpeg_with_gps(size=(640, 480)))
        image = LibraryImage.objects.get()
        page = create_case_study(title="Case with a photo", body=[("image", {"image": image, "alt_text": "A road"})])
        self.client.logout()
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        sources = re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())
        self.assertTrue(sources)
        for source in sources:
            downloaded = b"".join(self.client.get(source).streaming_content)
            assert_no_metadata(self, downloaded)
        assert_no_metadata(self, Path(image.file.path).read_bytes())

    def test_the_multiple_uploader_reports_a_truncated_photo_as_damaged(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": self.collection.pk,
                "files[]": SimpleUploadedFile("cut.jpg", jpeg_with_gps(size=(400, 300))[:700], "image/jpeg"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("damaged", response.json()["error_message"])
        self.assertFalse(LibraryImage.objects.exists())
