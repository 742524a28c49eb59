"""A signed-in member's browser at phone width in an interface language, and the check that a page fits the phone."""

from django.conf import settings
from django.test import Client

from tests.conftest import PHONE


def signed_in_phone(chromium, live_server, user, language, **options):
    """Return a new 360 px browser context signed in as `user` (a session made by Django's test client) and set to
    `language` by the interface-language cookie; `options` go to Playwright's new_context."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport=PHONE, **options)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
             "domain": host, "path": "/"},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"},
        ]
    )  # fmt: skip
    return context


def fits_the_phone(page):
    """Assert that the page scrolls no wider than the phone, naming the elements that stick out if it does."""
    wide = page.evaluate(
        f"() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {PHONE['width']})"
        ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide
