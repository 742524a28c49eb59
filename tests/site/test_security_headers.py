"""Every response carries a Content-Security-Policy for its area, a Referrer-Policy and a Permissions-Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.avatars import initials
from tests.factories.accounts import create_user
from tests.factories.library import create_admin, create_case_study

pytestmark = pytest.mark.django_db


def policy(response):
    """Return the response's Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def assert_nothing_from_another_host(directives):
    sources = [source for values in directives.values() for source in values]
    assert not [source for source in sources if "://" in source or "*" in source or source in ("http:", "https:")]


def admin_client(user=None):
    client = Client()
    client.force_login(user or create_admin(), backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_public_pages_allow_no_inline_script_and_nothing_from_another_host(client):
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/search/?q=visa"):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["default-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert_nothing_from_another_host(directives)


def test_admin_keeps_the_inline_scripts_wagtail_needs_and_still_nothing_from_another_host():
    client = admin_client()
    for path in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = policy(response)
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert directives["frame-ancestors"] == ["'self'"], path
        assert_nothing_from_another_host(directives)


def test_page_preview_in_the_editor_is_sent_with_the_admin_policy():
    case = create_case_study(title="Preview under the admin policy")
    response = admin_client().get(f"/admin/pages/{case.pk}/view_draft/")  # rendered like the preview panel
    assert response.status_code == 200
    assert "Preview under the admin policy" in response.content.decode()
    # Framed by the editor: the public policy's frame-ancestors 'none' would leave the preview panel blank.
    assert policy(response)["frame-ancestors"] == ["'self'"]


def test_uploaded_files_get_a_policy_that_runs_nothing(client):
    response = client.get("/files/original_images/nothing-here.jpg")
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert "script-src" not in directives


def test_referrer_and_permissions_policy_on_every_response(client):
    responses = [
        client.get("/"),
        client.get("/no-such-page/"),
        client.get("/admin/"),
        client.get("/documents/999999/missing.pdf"),
        admin_client().get("/admin/"),
    ]
    for response in responses:
        assert response.headers["Referrer-Policy"] == "same-origin"
        features = dict(item.strip().split("=") for item in response.headers["Permissions-Policy"].split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()"
        assert "publickey-credentials-get" not in features  # security keys keep working on the site itself


def test_admin_shows_initials_as_avatars_and_never_asks_gravatar():
    editor = create_user("editor", name="Somchai Kittisak")
    response = admin_client(editor).get("/admin/")
    html = response.content.decode()
    assert "gravatar" not in html.lower()
    assert "data:image/svg+xml," in html
    assert "%3ESK%3C/text%3E" in html  # the initials drawn in the avatar


def test_account_settings_offer_no_photo_upload():
    response = admin_client(create_user("editor")).get("/admin/account/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="avatar-avatar"' not in html
    assert "Your avatar shows your initials" in html


@pytest.mark.parametrize(
    ("first", "last", "email", "expected"),
    [
        ("Somchai", "Kittisak", "x@example.org", "SK"),
        ("เกียรติ", "ศรีสุข", "x@example.org", "กศ"),  # a Thai leading vowel is not an initial
        ("ແກ້ວ", "ໄຊຍະວົງ", "x@example.org", "ກຊ"),  # nor a Lao one, nor a tone mark
        ("សុខ", "ចាន់ថា", "x@example.org", "សច"),
        ("Nguyễn Văn", "An", "x@example.org", "NA"),
        ("", "", "linh.tran@agency.example", "LT"),
        ("", "", "officer@agency.example", "O"),
    ],
)
def test_initials_come_from_the_name_or_else_the_email(first, last, email, expected):
    user = get_user_model()(first_name=first, last_name=last, email=email)
    assert initials(user) == expected
