"""Fixtures shared by every test folder: one headless Chromium per session (Playwright's sync API allows one)."""

import os
import shutil
from unittest import mock

import pytest

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
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Give a run with browser tests a SQLite test database in a file instead of in memory.

    An in-memory database is one connection, which Django shares between the test and every thread of the live
    server. A browser page makes requests at once (the editor's preview and its session ping beside a save), and
    their transactions then interleave on that one connection: one request's rollback or commit ends another's
    (CI saw a saved draft vanish and "cannot start a transaction within a transaction"). With a file each thread
    has its own connection and SQLite orders their writes, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    uses_browser = any(item.get_closest_marker("browser") for item in request.session.items)
    if database["ENGINE"] == "django.db.backends.sqlite3" and uses_browser:
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


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
        # Under Playwright the thread sees a new database connection object (the same test database): give
        # it the snapshot, so serialized rollback restores the data migrations' pages and groups after each flush.
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = serialized_database
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _commits(item) -> bool:
    """Return whether a test commits to the database (and so flushes it afterwards)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    cls = getattr(item, "cls", None)
    if cls is not None:
        from django.test import TestCase, TransactionTestCase

        return issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase)
    return False


def pytest_collection_modifyitems(config, items):
    """Refuse a test that commits to the database without the browser mark (make test runs those on their own).

    Tests marked `migrates` run last: after migrating back and forth, the flush that ends them recreates content
    types and permissions under new ids, which a later test restoring the serialized snapshot would collide with.
    """
    items.sort(key=lambda item: item.get_closest_marker("migrates") is not None)
    # The production stack test (tests/stack, marker `stack`) runs only when asked for: `make test-stack`.
    if "stack" not in (config.getoption("markexpr", "") or ""):
        kept = [item for item in items if item.get_closest_marker("stack") is None]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("stack")])
            items[:] = kept
    stray = [item.nodeid for item in items if _commits(item) and item.get_closest_marker("browser") is None]
    if stray:
        raise pytest.UsageError(
            "Tests that commit to the database flush it afterwards and must be marked `browser` so that `make test` "
            "runs them apart from the others: " + ", ".join(stray)
        )
