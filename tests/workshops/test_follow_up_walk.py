"""The issue's last two user paths in Chromium at phone width, in Lao and in Vietnamese, and once as an attacker.

Three months later participants get the follow-up questionnaire; the trainer sees who applied which method, beside
the test results, and a partner agency's reader sees the figures without a name (and no country line for fewer than
five answers). Six months on, a participant searches the library and finds the workshop's case study and method
(restricted to the cohort); a participant of another cohort finds neither. An attacker guesses the URLs of another
workshop's results, exports and follow-up, a follow-up link, and certificate codes.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OFFICER, PARTICIPANT
from library.models import Country
from tests.browser.phone import fits_the_phone, signed_in_phone
from tests.conftest import PHONE
from tests.factories.accounts import create_user, restrict_to_groups
from tests.factories.library import create_case_study, create_method
from tests.factories.workshops import create_workshop
from workshops import followup
from workshops.models import FollowUp, ResultsViewer
from workshops.models.feedback import Used

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = "/tmp/workshops-walk-{}.png"


@pytest.fixture
def walk():
    """A workshop that ended 95 days ago with a method and a case study restricted to its cohort, six participants
    (four from Laos, two from Viet Nam), its trainer, a partner agency's reader, and another workshop's cohort."""
    method = create_method(title="Joint screening interview", slug="joint-screening-interview")
    case = create_case_study(title="Mekong ferry recruitment case", slug="mekong-ferry-recruitment-case")
    last_day = timezone.localdate() - datetime.timedelta(days=95)
    trainer = create_user(OFFICER, country_code="TH", two_factor=True, name="Somchai Trainer")
    workshop = create_workshop(
        title="Screening at Savannakhet",
        start_date=last_day - datetime.timedelta(days=2),
        end_date=last_day,
        materials=[method, case],
        facilitators=[trainer],
        partner_agencies="Lao Immigration",
    )
    for page in (method, case):
        restrict_to_groups(page, [workshop.cohort])
    people = [
        create_user(PARTICIPANT, country_code="LA", ui_language="lo", name="Bounmy Lao"),
        create_user(PARTICIPANT, country_code="VN", ui_language="vi", name="Nguyen Lan"),
        *[create_user(PARTICIPANT, country_code="LA", name=f"Member{n} Lao") for n in range(3)],
        create_user(PARTICIPANT, country_code="VN", name="Tran Minh"),
    ]
    for person in people:
        person.groups.add(workshop.cohort)
    partner = create_user(OFFICER, country_code="LA", two_factor=True)
    ResultsViewer.objects.create(workshop=workshop, user=partner, agency="Lao Immigration")
    other = create_workshop(title="Document fraud at Lao Bao", slug="lao-bao", country="VN",
                            start_date=workshop.start_date, end_date=last_day)  # fmt: skip
    outsider = create_user(PARTICIPANT, country_code="VN", ui_language="vi", name="Outside Cohort")
    outsider.groups.add(other.cohort)
    assert followup.send_due() == len(people) + 1  # and the other workshop's one participant
    return {"workshop": workshop, "method": method, "case": case, "trainer": trainer, "people": people,
            "partner": partner, "outsider": outsider, "other": other}  # fmt: skip


def test_follow_up_answers_reach_the_trainer_beside_the_results_in_lao_and_vietnamese(browser, live_server, walk):
    workshop, people, method = walk["workshop"], walk["people"], walk["method"]
    thailand = str(Country.objects.get(code="TH").pk)
    # Two participants answer on their phones from the workshop's link, in Lao and in Vietnamese.
    for person, language, shot in ((people[0], "lo", "answer-lo"), (people[1], "vi", "answer-vi")):
        context = signed_in_phone(browser, live_server, person, language)
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/workshops/{workshop.pk}/follow-up/")
            assert page.locator("html").get_attribute("lang") == language
            fits_the_phone(page)
            page.get_by_label("Joint screening interview").check()
            page.locator("input[name$='used'][value='yes']").check()
            page.locator("input[name$='cooperated'][value='yes']").check()
            page.locator("select[name$='partner_country']").select_option(thailand)
            page.locator("textarea[name$='example']").fill("Referred two people to the shelter with Thai police.")
            page.screenshot(path=SHOTS.format(shot), full_page=True)
            page.locator("form button[type=submit]").last.click()
            fits_the_phone(page)
            page.screenshot(path=SHOTS.format(shot + "-saved"), full_page=True)
        finally:
            context.close()
    answered = FollowUp.objects.filter(workshop=workshop, answered_at__isnull=False)
    assert sorted(answered.values_list("language", flat=True)) == ["lo", "vi"]
    # A third answered by email link earlier: no method from the list, another one written in.
    FollowUp.objects.filter(workshop=workshop, user=people[5]).update(
        answered_at=timezone.now(), used=Used.PARTLY, other_method="Checklist at the ferry pier", cooperated=False
    )

    # The trainer reads the results page in Lao and in Vietnamese: who applied which method, by name.
    for language, heading in (("lo", "ໃຜໄດ້ນຳໃຊ້ວິທີການໃດ"), ("vi", "Ai đã áp dụng phương pháp nào")):
        context = signed_in_phone(browser, live_server, walk["trainer"], language)
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/workshops/{workshop.pk}/results/")
            expect(page.locator("#who-applied-heading")).to_have_text(heading)
            table = page.locator("#who-applied-heading ~ .table-scroll table")
            expect(table).to_contain_text("Bounmy Lao")
            expect(table).to_contain_text("Nguyen Lan")
            expect(table).to_contain_text("Joint screening interview")
            expect(table).to_contain_text("Checklist at the ferry pier")
            # On a phone each person is a block, each answer under its column's name: the example reads across the
            # screen, not a word per line in a fifth of it.
            example = table.locator("td[data-label]").nth(3)
            assert example.bounding_box()["width"] > PHONE["width"] * 0.7
            expect(page.locator("#follow-up-results-heading")).to_have_text(
                {"lo": "ການຕິດຕາມຜົນ (ພຶດຕິກຳ)", "vi": "Theo dõi (hành vi)"}[language]
            )
            fits_the_phone(page)
            page.locator("#follow-up-results-heading").scroll_into_view_if_needed()
            page.screenshot(path=SHOTS.format(f"trainer-{language}"), full_page=True)
        finally:
            context.close()

    # The partner agency's reader: the figures, no name, no free text, and no country line for three answers.
    context = signed_in_phone(browser, live_server, walk["partner"], "vi")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/results/")
        expect(page.locator("#follow-up-results-heading")).to_be_visible()
        body = page.content()
        for private in ("Bounmy", "Nguyen Lan", "Tran Minh", "Referred two people", "Checklist at the ferry pier"):
            assert private not in body
        assert page.locator("#who-applied-heading").count() == 0
        # The method is restricted to the cohort: the partner's reader is told it was applied, not its title.
        assert "Joint screening interview" not in body
        expect(page.get_by_text("Một trang thư viện bạn không mở được").first).to_be_visible()
        fits_the_phone(page)
        page.screenshot(path=SHOTS.format("partner-vi"), full_page=True)
    finally:
        context.close()
    assert method.pk in set(FollowUp.objects.filter(user=people[0]).values_list("methods", flat=True))


def test_six_months_on_a_participant_finds_the_workshops_materials_and_another_cohort_does_not(
    browser, live_server, walk
):
    for person, language in ((walk["people"][0], "lo"), (walk["people"][1], "vi")):
        context = signed_in_phone(browser, live_server, person, language)
        try:
            page = context.new_page()
            for query, title in (("screening interview", "Joint screening interview"),
                                 ("ferry recruitment", "Mekong ferry recruitment case")):  # fmt: skip
                page.goto(f"{live_server.url}/search/?q={query.replace(' ', '+')}")
                link = page.get_by_role("link", name=title)
                expect(link.first).to_be_visible()
                fits_the_phone(page)
                page.screenshot(path=SHOTS.format(f"search-{language}-{query.split()[0]}"), full_page=True)
                link.first.click()
                expect(page.get_by_role("heading", level=1)).to_have_text(title)
            # The workshop page lists them too, for its participants.
            page.goto(f"{live_server.url}{walk['workshop'].url}")
            expect(page.get_by_role("link", name="Joint screening interview")).to_be_visible()
            fits_the_phone(page)
            page.screenshot(path=SHOTS.format(f"workshop-page-{language}"), full_page=True)
        finally:
            context.close()
    context = signed_in_phone(browser, live_server, walk["outsider"], "vi")
    try:
        page = context.new_page()
        for query in ("screening interview", "ferry recruitment"):
            page.goto(f"{live_server.url}/search/?q={query.replace(' ', '+')}")
            body = page.content()
            assert "Joint screening interview" not in body and "Mekong ferry recruitment case" not in body
        page.screenshot(path=SHOTS.format("search-outsider-vi"), full_page=True)
        response = page.goto(f"{live_server.url}{walk['method'].url}")
        assert (
            response.status in (403, 404) or "/accounts/login/" in page.url or "Joint screening" not in page.content()
        )
    finally:
        context.close()


def test_an_attacker_guesses_urls_of_another_workshop_and_certificate_codes(browser, live_server, walk):
    workshop = walk["workshop"]
    own = FollowUp.objects.get(workshop=walk["other"], user=walk["outsider"])
    victim = FollowUp.objects.get(workshop=workshop, user=walk["people"][0])
    mail_for_victim = next(m for m in mail.outbox if walk["people"][0].email in m.to)
    victim_link = re.search(r"/workshops/follow-up/\S+/", mail_for_victim.body).group(0)
    context = signed_in_phone(browser, live_server, walk["outsider"], "vi")
    try:
        page = context.new_page()
        for path in (
            f"/workshops/{workshop.pk}/results/",
            f"/workshops/{workshop.pk}/results.csv",
            f"/workshops/{workshop.pk}/results.xlsx",
            f"/workshops/{workshop.pk}/results/readers/",
            f"/workshops/{workshop.pk}/follow-up/",
            f"/workshops/{workshop.pk}/feedback/manage/",
            f"/workshops/{workshop.pk}/certificates/",
            f"/workshops/{workshop.pk}/participants/",
            victim_link,  # another participant's emailed link, while signed in as someone else
            "/workshops/follow-up/not-a-real-token/",
        ):
            response = page.goto(live_server.url + path)
            assert response.status == 404, (path, response.status)
            assert "Bounmy" not in page.content()
        page.screenshot(path=SHOTS.format("attacker-404-vi"), full_page=True)
        # Certificate verification with a wrong and a malformed code: "not found", nothing else.
        for code in ("ABCD-EFGH-JKLM", "<script>alert(1)</script>"):
            response = page.goto(f"{live_server.url}/certificates/verify/{code}/")
            assert response.status == 404
            assert "<script>alert(1)</script>" not in page.content()
            fits_the_phone(page)
        page.screenshot(path=SHOTS.format("verify-wrong-vi"), full_page=True)
    finally:
        context.close()
    victim.refresh_from_db()
    assert victim.answered_at is None and own.answered_at is None
