"""The test settings with the training-module app installed (tests/library/test_new_page_kind.py runs under them)."""

from frontline.settings.test import *  # noqa: F403
from frontline.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.pagekind_app"]
