"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import shutil
from unittest import mock

import pytest

from accounts.roles import officer_groups
from library.demo.loader import ensure_home_notice, load_pages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def serialized_database(django_db_setup, django_db_blocker):
    """Return the snapshot of the migrated test database that each browser test is restored from."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None) or connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def browser(serialized_database):
    """Return a headless Chromium for the session (tests skip when Chromium is not installed)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed; run `make browser-deps` (scripts/system-deps browser).")
    from django.db import connection
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run beside one unless told.
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}), sync_playwright() as playwright:
        # Under Playwright the thread sees a new database connection object (the same in-memory database): give
        # it the snapshot, so serialized rollback restores the data migrations' pages and groups after each flush.
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = serialized_database
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_site(browser, live_server, django_db_serialized_rollback):
    """Return the live server's URL with the demo library loaded (pages only: no members, no forum)."""
    ensure_home_notice()
    load_pages(list(officer_groups()))
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
