"""Fast, isolated settings for the test suite."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TRUSTED_PROXY_COUNT = 0  # tests that mean a proxy say so
PAGE_CACHE_SECONDS = 0  # tests of the visitors' page cache turn it on (tests/site/test_page_cache.py)
# Tasks run inline, so that tests of other features see their effects at once; the tests of the background
# worker (tests/background/) switch to the database queue and run the worker's loop.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "email": {"BACKEND": "frontline.tasks.AfterResponseBackend"},
}

if os.environ.get("TEST_MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["TEST_MEDIA_ROOT"])
    PRIVATE_MEDIA_ROOT = MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-private")
else:
    # A private media folder per test process, removed when the process exits.
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="frontline-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
    PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="frontline-test-private-media-"))
    atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)

STORAGES = {
    "default": {"BACKEND": "library.storage.PrivateMediaStorage"},  # uploads: only the checking views serve them
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the app and site folders, as collectstatic never runs in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
