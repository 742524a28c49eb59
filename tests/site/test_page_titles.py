"""Browser tab titles name the page, then the site once: never "Frontline Exchange · Frontline Exchange"."""

import re

import pytest
from django.test import Client
from django.utils import translation

from tests.factories.accounts import create_user
from tests.factories.forum import create_board, create_thread
from tests.factories.library import create_case_study

pytestmark = pytest.mark.django_db

SITE = "Frontline Exchange"


def title_of(response):
    """Return the text of the page's <title>."""
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1).strip()


def test_home_page_whose_title_is_the_site_name_shows_it_once(client):
    assert title_of(client.get("/")) == SITE


def test_every_page_names_itself_then_the_site_once():
    officer = create_user("officer")
    case = create_case_study(title="Forged seafarer books at the port")
    board = create_board(name="Online recruitment", slug="online-recruitment")
    thread = create_thread(board, officer, title="Fake job adverts")
    member = Client()
    member.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    expected = {
        case.url: f"Forged seafarer books at the port · {SITE}",
        "/accounts/login/": f"Sign In · {SITE}",
        "/accounts/signup/": f"Register · {SITE}",
        "/search/?q=visa": f"visa · Search · {SITE}",
    }
    for path, title in expected.items():
        assert title_of(Client().get(path)) == title, path
    signed_in = {
        "/forum/": f"Forum · {SITE}",  # the forum's pages named the site nowhere before
        board.get_absolute_url(): f"Online recruitment · Forum · {SITE}",
        thread.get_absolute_url(): f"Fake job adverts · Online recruitment · {SITE}",
        "/share/": f"Share a case · {SITE}",
        "/members/profile/": f"Your profile · {SITE}",
    }
    for path, title in signed_in.items():
        assert title_of(member.get(path)) == title, path


def test_titles_in_lao_name_the_site_once():
    officer = create_user("officer")
    member = Client()
    member.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    member.cookies["django_language"] = "lo"
    with translation.override("lo"):
        site = translation.gettext(SITE)
        forum = translation.gettext("Forum")
    for path in ("/", "/forum/", "/share/", "/accounts/password/reset/"):
        title = title_of(member.get(path))
        assert title.count(site) == 1, (path, title)
        assert title.endswith(site), (path, title)
    assert title_of(member.get("/forum/")) == f"{forum} · {site}"
