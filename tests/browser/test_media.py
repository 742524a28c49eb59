"""Pictures on library pages show in Chromium for readers of the page, and their URLs answer 404 to others."""

import os

import pytest
from playwright.sync_api import expect

from accounts.roles import PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user, restrict_to_members
from tests.factories.library import create_case_study
from tests.library.test_media_access import create_image, image_body

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Pictures load lazily: scroll to the first one, then wait until the browser has decoded it.
SHOWN = "() => { const img = document.querySelector('main img'); return img.complete && img.naturalWidth > 0; }"


def test_pictures_show_to_the_readers_of_their_page_only(new_page, demo_site, screenshots):
    public_page = create_case_study(title="Checkpoint with a map", body=image_body(create_image("Checkpoint map")))
    members_image = create_image("Safe route map")
    members_page = create_case_study(title="Members route with a map", body=image_body(members_image))
    restrict_to_members(members_page)
    reader = create_user(PARTICIPANT)

    page = new_page(viewport=PHONE)
    response = page.goto(demo_site + public_page.url)
    assert response.status == 200
    picture = page.locator("main img").first
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    page.wait_for_function(SHOWN, timeout=10_000)
    page.screenshot(path=os.path.join(screenshots, "public-case-with-picture.png"))

    for url in (members_image.file.url, members_image.get_rendition("width-400").url):
        assert page.goto(demo_site + url).status == 404

    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", reader.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.goto(demo_site + members_page.url).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(members_page.title)
    picture = page.locator("main img").first
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    page.wait_for_function(SHOWN, timeout=10_000)
