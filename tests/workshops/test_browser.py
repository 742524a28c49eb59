"""A participant takes the pre-test in Thai on a phone without JavaScript, drops off mid-test and loses nothing."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import PARTICIPANT
from tests.browser.phone import fits_the_phone, signed_in_phone
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from workshops.choices import QuestionKind
from workshops.models import Answer, KnowledgeTest, TestItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(browser):
    return browser


def test_participant_takes_the_pre_test_in_thai_drops_off_and_comes_back(chromium, live_server):
    curriculum = create_curriculum()
    q1 = create_question(
        curriculum,
        text="What makes an adult a victim of trafficking?",
        text_th="อะไรทำให้ผู้ใหญ่เป็นผู้เสียหายจากการค้ามนุษย์",
        choices=[
            ("Act, means and exploitative purpose", True, {"th": "การกระทำ วิธีการ และวัตถุประสงค์เพื่อแสวงประโยชน์"}),
            ("Crossing a border without papers", False, {"th": "การข้ามพรมแดนโดยไม่มีเอกสาร"}),
        ],
        sort_order=1,
    )
    q2 = create_question(
        curriculum,
        kind=QuestionKind.TRUE_FALSE,
        text="A child's consent makes recruitment lawful.",
        text_th="ความยินยอมของเด็กทำให้การจัดหาเป็นเรื่องถูกกฎหมาย",
        true_is_correct=False,
        sort_order=2,
    )
    q3 = create_question(
        curriculum,
        kind=QuestionKind.NUMERIC,
        text="How many elements does the adult definition have?",
        text_th="นิยามสำหรับผู้ใหญ่มีองค์ประกอบกี่ข้อ",
        sort_order=3,
    )
    workshop = create_workshop(curriculum=curriculum)
    test = KnowledgeTest.objects.create(workshop=workshop, phase="pre", state="open")
    for position, question in enumerate((q1, q2, q3)):
        TestItem.objects.create(test=test, question=question, position=position)
    participant = create_user(PARTICIPANT, country_code="TH")
    participant.groups.add(workshop.cohort)

    context = signed_in_phone(chromium, live_server, participant, "th", java_script_enabled=False, locale="th-TH")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/tests/")
        expect(page.get_by_role("heading", level=1)).to_have_text("แบบทดสอบความรู้")
        page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
        expect(page.get_by_text("อะไรทำให้ผู้ใหญ่เป็นผู้เสียหายจากการค้ามนุษย์")).to_be_visible()
        fits_the_phone(page)
        page.screenshot(path="/tmp/workshops-pretest-th-q1.png", full_page=True)
        page.get_by_label("การกระทำ วิธีการ และวัตถุประสงค์เพื่อแสวงประโยชน์").check()
        page.get_by_role("button", name="บันทึกและถัดไป").click()
        expect(page.get_by_text("ความยินยอมของเด็กทำให้การจัดหาเป็นเรื่องถูกกฎหมาย")).to_be_visible()
        page.get_by_label("ผิด").check()
        page.get_by_role("button", name="บันทึกและถัดไป").click()
        expect(page.get_by_text("นิยามสำหรับผู้ใหญ่มีองค์ประกอบกี่ข้อ")).to_be_visible()
        # The connection drops: the page is closed before the third answer is sent.
        page.get_by_label("คำตอบของคุณ").fill("3")
        page.close()
        assert Answer.objects.filter(attempt__user=participant).count() == 2

        page = context.new_page()
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/tests/")
        expect(page.get_by_text("คุณตอบแล้ว 2 จาก 3 คำถาม")).to_be_visible()
        page.get_by_role("button", name="ทำแบบทดสอบต่อ").click()
        expect(page).to_have_url(re.compile(rf"/workshops/{workshop.pk}/tests/pre/3/$"))
        page.get_by_label("คำตอบของคุณ").fill("๓")
        page.get_by_role("button", name="บันทึกและตรวจทาน").click()
        page.get_by_role("button", name="ส่งแบบทดสอบ").click()
        expect(page.get_by_text("คะแนนของคุณ: 3 จาก 3 (100%)")).to_be_visible()
        fits_the_phone(page)
        page.screenshot(path="/tmp/workshops-pretest-th-score.png", full_page=True)
        # Back on the first question: the saved answer is still there (and can no longer change).
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/tests/pre/1/")
        expect(page.get_by_text("คุณส่งแบบทดสอบนี้แล้ว")).to_be_visible()
    finally:
        context.close()
    assert list(Answer.objects.filter(attempt__user=participant).values_list("correct", flat=True)) == [True] * 3
