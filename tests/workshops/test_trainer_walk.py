"""Walk a trainer's path to their workshop's cohort-restricted material at phone width in Khmer and Vietnamese, then
the same URLs as an attacker: a participant of another workshop, and the trainer once removed from the workshop."""

import os

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from accounts.roles import OFFICER, PARTICIPANT
from library.models import LibraryDocument
from tests.browser.phone import signed_in_phone
from tests.conftest import PHONE
from tests.factories.accounts import create_user, restrict_to_groups
from tests.factories.library import create_case_study, pdf_with_text
from tests.factories.workshops import create_workshop
from workshops.models import WorkshopPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("WALK_SCREENSHOTS")


@pytest.fixture
def chromium(browser):
    return browser


def _shut_out(page, context, live_server, workshop, material, handout):
    """Assert that this reader opens neither the cohort's material nor its document, nor finds or sees it listed."""
    assert page.goto(live_server.url + material.url).status == 404
    assert context.request.get(live_server.url + handout.url).status == 404
    page.goto(live_server.url + "/search/?q=quokka")
    assert page.get_by_text("Quokka van checkpoint case").count() == 0
    page.goto(live_server.url + workshop.url)
    assert page.locator(f'a[href="{material.url}"]').count() == 0


def _shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_trainer_opens_their_workshops_material_and_an_attacker_does_not(chromium, live_server):
    trainer = create_user(OFFICER, name="Sok Trainer")
    material = create_case_study(title="Quokka van checkpoint case", summary="Vans crossed the checkpoint at dawn.")
    workshop = create_workshop(title="Workshop Alpha", slug="alpha", materials=[material], facilitators=[trainer])
    other = create_workshop(title="Workshop Bravo", slug="bravo")
    restrict_to_groups(material, [workshop.cohort])
    collection = Collection.get_first_root_node().add_child(name="Alpha handouts")
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
    restriction.groups.set([workshop.cohort])
    handout = LibraryDocument.objects.create(
        title="Alpha handout", collection=collection, file=ContentFile(pdf_with_text("Alpha"), name="alpha.pdf")
    )
    attacker = create_user(PARTICIPANT, name="Bravo Participant")
    attacker.groups.add(other.cohort)

    for language in ("km", "vi"):
        context = signed_in_phone(chromium, live_server, trainer, language, locale=language)
        page = context.new_page()
        page.goto(live_server.url + workshop.url)
        assert page.evaluate("document.documentElement.lang").startswith(language)
        _shot(page, f"trainer-{language}-workshop")
        page.locator(f'a[href="{material.url}"]').first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text() == "Quokka van checkpoint case"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _shot(page, f"trainer-{language}-material")
        page.goto(live_server.url + "/search/?q=quokka")
        assert page.get_by_text("Quokka van checkpoint case").count() >= 1
        _shot(page, f"trainer-{language}-search")
        page.goto(live_server.url + "/library/")
        assert page.get_by_text("Quokka van checkpoint case").count() >= 1
        response = context.request.get(live_server.url + handout.url)
        assert response.status == 200
        context.close()

    # An attacker: a participant of workshop B guesses A's URLs and searches.
    context = signed_in_phone(chromium, live_server, attacker, "th", locale="th")
    page = context.new_page()
    _shut_out(page, context, live_server, workshop, material, handout)
    _shot(page, "attacker-th-workshop")
    for path in (f"/workshops/{workshop.pk}/results/", f"/workshops/{workshop.pk}/participants/"):
        assert page.goto(live_server.url + path).status == 404
    context.close()

    # The trainer removed from the workshop (an editor publishes it without them) loses the access at once.
    context = signed_in_phone(chromium, live_server, trainer, "km", locale="km")
    page = context.new_page()
    assert page.goto(live_server.url + material.url).status == 200
    edited = WorkshopPage.objects.get(pk=workshop.pk)
    edited.facilitators = []
    edited.save_revision().publish()
    _shut_out(page, context, live_server, workshop, material, handout)
    _shot(page, "removed-km-workshop")
    assert page.goto(live_server.url + f"/workshops/{workshop.pk}/results/").status == 404
    context.close()
