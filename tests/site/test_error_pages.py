"""A refused page is a page of the site, in the reader's language, that does not confirm what was refused."""

import pytest
from django.conf import settings

from accounts.roles import PARTICIPANT
from tests.factories.accounts import create_user

pytestmark = pytest.mark.django_db


def test_a_refused_page_looks_like_a_missing_one(client):
    client.force_login(create_user(PARTICIPANT), "django.contrib.auth.backends.ModelBackend")
    refused = client.get("/members/pending/")
    missing = client.get("/no-such-page/")
    assert refused.status_code == 403
    assert missing.status_code == 404
    content = refused.content.decode()
    assert "The page you asked for does not exist or you may not open it." in content
    assert 'class="skip-link" href="#main"' in content  # the site's own layout, not a bare error


def test_a_refused_page_speaks_the_readers_language(client):
    from django.utils import translation

    client.force_login(create_user(PARTICIPANT), "django.contrib.auth.backends.ModelBackend")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    content = client.get("/members/pending/").content.decode()
    with translation.override("vi"):
        expected = translation.gettext("The page you asked for does not exist or you may not open it.")
    assert expected != "The page you asked for does not exist or you may not open it."
    assert expected in content
