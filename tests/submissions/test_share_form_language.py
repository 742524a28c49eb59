"""The share-a-case form speaks the officer's language, help texts with numbers included."""

import html

import pytest
from django.conf import settings
from django.utils import translation

from accounts.roles import OFFICER
from submissions.forms import MAX_DOCUMENTS, MAX_IMAGES
from tests.factories.accounts import create_user

pytestmark = pytest.mark.django_db

PHOTOS = (
    "Up to %(count)d JPEG, PNG, WebP or GIF pictures. Location and camera details are removed. "
    "Never send photos of victims."
)
DOCUMENTS = "Up to %(count)d PDF or Word (DOCX) files. Their text is checked for names and numbers too."


@pytest.mark.parametrize("language", ["th", "vi", "km", "lo"])
def test_attachment_help_is_in_the_officers_language(client, language):
    client.force_login(create_user(OFFICER), "django.contrib.auth.backends.ModelBackend")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = html.unescape(client.get("/share/").content.decode())
    with translation.override(language):
        photos = translation.gettext(PHOTOS) % {"count": MAX_IMAGES}
        documents = translation.gettext(DOCUMENTS) % {"count": MAX_DOCUMENTS}
    assert photos != PHOTOS % {"count": MAX_IMAGES}
    assert photos in content
    assert documents in content
    assert "Never send photos of victims" not in content
