"""Library test set-up."""

import wagtail.test.utils.page_tests as wagtail_page_tests

# WagtailPageTestCase logs in through the first authentication backend; django-axes' backend comes first in the
# project but cannot load a user from a session, so log in through Django's model backend instead.
wagtail_page_tests.AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
