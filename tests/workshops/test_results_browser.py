"""The results pages in Chromium at phone width: a trainer reads one workshop's results in Lao and in Thai (which
objectives improved, the question nobody got right, the gain by country) and downloads CSV and Excel; a partner
agency's results reader reads them too; a participant of another workshop gets 404 by URL."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounts.roles import OFFICER, PARTICIPANT
from tests.browser.phone import fits_the_phone, signed_in_phone
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from tests.workshops.test_results import answer_all
from workshops.models import KnowledgeTest, ResultsViewer, TestItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Five participants from Laos and five from Thailand; items (definition, referral, fraud). Nobody ever gets the
# fraud item right; the definition item goes from 2 of 10 to 10 of 10, referral from 5 to 8.
PRE = [(1, 1, 0), (1, 0, 0), (0, 1, 0), (0, 1, 0), (0, 0, 0), (0, 1, 0), (0, 0, 0), (0, 0, 0), (0, 1, 0), (0, 0, 0)]
POST = [(1, 1, 0), (1, 1, 0), (1, 1, 0), (1, 1, 0), (1, 0, 0), (1, 1, 0), (1, 1, 0), (1, 0, 0), (1, 1, 0), (1, 0, 0)]


@pytest.fixture
def workshop():
    curriculum = create_curriculum(objectives=("Palermo Protocol definition", "Referral", "Document fraud"))
    definition, referral, fraud = curriculum.objectives.order_by("sort_order")
    definition.name_lo, definition.name_th = "ນິຍາມຕາມອະນຸສັນຍາປາແລກໂມ", "นิยามตามพิธีสารปาแลร์โม"
    definition.save()
    right_wrong = [("Right", True), ("Wrong", False)]
    questions = [
        create_question(curriculum, objective=definition, text="Act, means, purpose?", choices=right_wrong, sort_order=1),
        create_question(curriculum, objective=referral, text="Refer to whom?", choices=right_wrong, sort_order=2),
        create_question(
            curriculum, objective=fraud, text="Which stamp is forged?", text_lo="ກາປະທັບອັນໃດປອມ?",
            text_th="ตราประทับใดเป็นของปลอม", choices=right_wrong, sort_order=3,
        ),
    ]  # fmt: skip
    trainer = create_user(OFFICER, country_code="TH", two_factor=True)
    page = create_workshop(title="Victim identification at Nong Khai", curriculum=curriculum, facilitators=[trainer],
                           partner_agencies="Lao Immigration")  # fmt: skip
    people = [create_user(PARTICIPANT, country_code=code) for code in ["LA"] * 5 + ["TH"] * 5]
    for person in people:
        person.groups.add(page.cohort)
    for phase, rows in (("pre", PRE), ("post", POST)):
        test = KnowledgeTest.objects.create(workshop=page, phase=phase, state="open")
        for position, question in enumerate(questions):
            TestItem.objects.create(test=test, question=question, position=position)
        answer_all(test, people, rows, questions)
        test.close()
    partner = create_user(OFFICER, country_code="LA", two_factor=True)
    ResultsViewer.objects.create(workshop=page, user=partner, agency="Lao Immigration")
    return page, trainer, partner


@pytest.mark.parametrize(
    ("language", "flag", "laos", "thailand"),
    [
        ("lo", "ກາປະທັບອັນໃດປອມ?", "ລາວ", "ໄທ"),
        ("th", "ตราประทับใดเป็นของปลอม", "ลาว", "ไทย"),
    ],
)
def test_a_trainer_reads_the_results_on_a_phone_and_downloads_them(
    browser, live_server, workshop, language, flag, laos, thailand
):
    page_object, trainer, _partner = workshop
    context = signed_in_phone(browser, live_server, trainer, language, accept_downloads=True)
    try:
        page = context.new_page()
        response = page.goto(f"{live_server.url}/workshops/{page_object.pk}/results/")
        assert response.status == 200
        assert page.evaluate("document.documentElement.lang") == language
        # Objectives: the definition went from 20 % to 100 %, the fraud item stayed at 0 %.
        objectives = page.locator("#objectives-heading ~ div table tbody tr")
        assert objectives.count() == 3
        definition = objectives.filter(has_text="นิยาม" if language == "th" else "ນິຍາມ")
        assert "20%" in definition.inner_text() and "100%" in definition.inner_text()
        # The question nobody got right is flagged, in the reader's language.
        flagged = page.locator("tr.is-warning")
        assert flagged.count() == 1 and flag in flagged.inner_text()
        # The gain by country: Laos and Thailand each have five participants who took both tests.
        countries = page.locator("#countries-heading ~ div table").first.locator("tbody tr")
        assert countries.count() == 2
        assert laos in countries.nth(0).inner_text() + countries.nth(1).inner_text()
        assert thailand in countries.nth(0).inner_text() + countries.nth(1).inner_text()
        fits_the_phone(page)
        page.screenshot(path=f"/tmp/workshops-results-{language}.png", full_page=True)

        with page.expect_download() as download:
            page.locator(f'a[href$="/workshops/{page_object.pk}/results.csv"]').click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        assert any(flag in row for row in rows)
        with page.expect_download() as download:
            page.locator(f'a[href$="/workshops/{page_object.pk}/results.xlsx"]').click()
        assert download.value.suggested_filename == f"workshop-{page_object.pk}-results.xlsx"
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert any(flag in row for row in sheet.iter_rows(values_only=True))
    finally:
        context.close()


def test_a_partner_reader_reads_them_and_another_workshops_participant_gets_404(browser, live_server, workshop):
    page_object, _trainer, partner = workshop
    context = signed_in_phone(browser, live_server, partner, "lo", accept_downloads=True)
    try:
        page = context.new_page()
        assert page.goto(f"{live_server.url}/workshops/{page_object.pk}/results/").status == 200
        assert page.locator("tr.is-warning").count() == 1
        assert page.locator(f'a[href$="/workshops/{page_object.pk}/results/readers/"]').count() == 0
        fits_the_phone(page)
        page.screenshot(path="/tmp/workshops-results-partner-lo.png", full_page=True)
    finally:
        context.close()

    other_workshop = create_workshop(title="Another workshop", slug="another-workshop")
    outsider = create_user(PARTICIPANT, country_code="KH")
    outsider.groups.add(other_workshop.cohort)
    context = signed_in_phone(browser, live_server, outsider, "th", accept_downloads=True)
    try:
        page = context.new_page()
        base = f"{live_server.url}/workshops/{page_object.pk}"
        for path in (
            "/results/",
            "/results.csv",
            "/results.xlsx",
            "/results/readers/",
            "/tests/",
            "/tests/post/answers/",
        ):
            assert page.goto(base + path).status == 404, path
        curriculum = f"{live_server.url}/workshops/curricula/{page_object.curriculum_id}/results/"
        assert page.goto(curriculum).status == 404
    finally:
        context.close()
