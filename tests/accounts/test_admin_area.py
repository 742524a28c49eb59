"""Members without access to an admin get a 403 page in the site's layout and their language, never a redirect loop."""

import pytest
from django.conf import settings

from accounts.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, MODERATOR, OFFICER, PARTICIPANT
from tests.factories.accounts import create_user

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
WAGTAIL_ADMIN_PATHS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/3/edit/",
    "/admin/users/",
    "/admin/no-such-area/",
    "/admin/logout/",
]
DJANGO_ADMIN_PATHS = [
    "/django-admin/",
    "/django-admin/auth/user/",
    "/django-admin/auth/user/1/change/",
    "/django-admin/logout/",
]
HEADING = {
    "en": "Not part of your account",
    "lo": "ບໍ່ແມ່ນສ່ວນໜຶ່ງຂອງບັນຊີຂອງທ່ານ",
    "vi": "Không thuộc quyền của tài khoản bạn",
}


def members_without_admin():
    return {
        "participant": create_user(PARTICIPANT),
        "officer": create_user(OFFICER),
        "moderator": create_user(MODERATOR),
        "focal point": create_user(FOCAL_POINT),
        "applicant": create_user(None, approved=False),
    }


def test_members_without_admin_access_get_a_403_page_with_places_to_act_at_every_admin_address(client):
    for name, member in members_without_admin().items():
        client.force_login(member, MODEL_BACKEND)
        for path in WAGTAIL_ADMIN_PATHS + DJANGO_ADMIN_PATHS:
            response = client.get(path, follow=True)
            assert response.redirect_chain == [], (name, path, response.redirect_chain)
            assert response.status_code == 403, (name, path)
            page = response.content.decode()
            assert HEADING["en"] in page, (name, path)
            assert 'class="site-header"' in page  # the site's layout, not the admin's
            assert 'href="/library/"' in page
            assert 'href="/members/profile/"' in page
            assert 'href="/forum/"' in page
            assert member.email in page
            assert ('href="/share/mine/"' in page) == (name in {"officer", "moderator", "focal point"}), name
            assert 'href="/admin/"' not in page
            assert ("waiting for approval" in page) == (name == "applicant")


def test_the_redirect_loop_is_gone_at_the_admin_sign_in_page_too(client):
    officer = create_user(OFFICER)
    client.force_login(officer, MODEL_BACKEND)
    for path in ["/admin/login/?next=/admin/", "/django-admin/login/?next=/django-admin/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 403
        assert response.redirect_chain == []


def test_an_editor_works_in_the_wagtail_admin_but_gets_the_403_page_at_djangos(client):
    editor = create_user(EDITOR)
    client.force_login(editor, MODEL_BACKEND)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/", follow=True).status_code == 200
    for path in DJANGO_ADMIN_PATHS:
        response = client.get(path, follow=True)
        assert response.status_code == 403
        assert response.redirect_chain == []
        assert "technical administration" in response.content.decode()
        assert 'href="/admin/"' in response.content.decode()


def test_an_administrator_reaches_both_admins(client):
    administrator = create_user(ADMINISTRATOR)
    client.force_login(administrator, MODEL_BACKEND)
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_visitors_are_still_sent_to_sign_in(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/pages/")


@pytest.mark.parametrize("language", ["lo", "vi"])
def test_the_403_page_speaks_the_members_language(client, language):
    officer = create_user(OFFICER, ui_language=language)
    client.force_login(officer, MODEL_BACKEND)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/admin/").content.decode()
    assert HEADING[language] in page
    assert HEADING["en"] not in page
