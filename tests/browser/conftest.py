"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os

import pytest
from django.conf import settings
from django.test import Client

from library.demo.loader import ensure_home_notice, load_pages
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: F401 - imported from here by browser tests


@pytest.fixture
def demo_site(browser, live_server, django_db_serialized_rollback):
    """Return the live server's URL with the demo library loaded (pages only: no members, no forum)."""
    ensure_home_notice()
    load_pages()
    return live_server.url


@pytest.fixture
def new_page(browser, demo_site):
    """Return a function that opens a page in a new browser context; contexts close once their pages are idle."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    # Let in-flight requests (stylesheet, favicon) finish before the database is flushed under the live server.
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


@pytest.fixture
def screenshots(tmp_path_factory):
    """Return a folder for screenshots: BROWSER_SCREENSHOTS if set, else a temporary one."""
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("screenshots"))


def session_cookie(user, url):
    """Return a browser cookie for the live server at this URL that signs this member in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }
