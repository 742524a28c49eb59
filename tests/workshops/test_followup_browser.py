"""A participant answers the follow-up questionnaire from the link of its email, in Lao, on a phone, without JavaScript."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import PARTICIPANT
from library.models import Country
from tests.conftest import PHONE
from tests.factories.accounts import create_user
from tests.factories.library import create_method
from tests.factories.workshops import create_workshop
from workshops import followup
from workshops.models import FollowUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_participant_answers_the_follow_up_in_lao_at_phone_width(browser, live_server):
    method = create_method(title="Joint screening interview", slug="joint-screening-interview")
    last_day = timezone.localdate() - datetime.timedelta(days=90)
    workshop = create_workshop(start_date=last_day - datetime.timedelta(days=2), end_date=last_day, materials=[method])
    participant = create_user(PARTICIPANT, country_code="LA", ui_language="lo")
    participant.groups.add(workshop.cohort)
    assert followup.send_due() == 1
    link = re.search(r"/workshops/follow-up/\S+/", mail.outbox[0].body).group(0)

    # Straight from the email: not signed in, no language chosen yet; the page speaks the participant's language.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + link)
        expect(page.get_by_role("heading", level=1)).to_have_text("ແບບສອບຖາມຕິດຕາມຜົນ")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        used = page.get_by_role("group", name=re.compile("ທ່ານໄດ້ນຳໃຊ້ສິ່ງທີ່ໄດ້ຮຽນຮູ້"))
        used.get_by_label("ແມ່ນ", exact=True).check()
        page.get_by_label("Joint screening interview").check()
        cooperated = page.get_by_role("group", name=re.compile("ທ່ານໄດ້ຮ່ວມມືກັບເຈົ້າໜ້າທີ່"))
        cooperated.get_by_label("ແມ່ນ", exact=True).check()
        page.get_by_role("button", name="ສົ່ງຄຳຕອບຂອງຂ້ອຍ").click()
        # No country chosen: a clear message in Lao, the ticks kept, nothing saved.
        expect(page.get_by_text("ກະລຸນາເລືອກປະເທດທີ່ທ່ານໄດ້ຮ່ວມມືນຳ.")).to_be_visible()
        expect(page.get_by_label("Joint screening interview")).to_be_checked()
        assert not FollowUp.objects.filter(answered_at__isnull=False).exists()
        page.get_by_label("ກັບປະເທດໃດ?").select_option(str(Country.objects.get(code="TH").pk))
        page.get_by_label("ຕົວຢ່າງໜຶ່ງ ໃນສອງສາມປະໂຫຍກ").fill("ພວກເຮົາສົ່ງຕໍ່ຜູ້ເສຍຫາຍສອງຄົນໄປສູນພັກເຊົາຮ່ວມກັບຕຳຫຼວດໄທ.")
        page.screenshot(path="/tmp/workshops-follow-up-lo-form.png", full_page=True)
        page.get_by_role("button", name="ສົ່ງຄຳຕອບຂອງຂ້ອຍ").click()
        expect(page.get_by_text("ຂອບໃຈ. ຄຳຕອບຂອງທ່ານຖືກບັນທຶກແລ້ວ")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/workshops-follow-up-lo-saved.png", full_page=True)
    finally:
        context.close()
    row = FollowUp.objects.get(user=participant)
    assert (row.used, row.cooperated, row.partner_country.code, row.language) == ("yes", True, "TH", "lo")
    assert [page.pk for page in row.methods.all()] == [method.pk]
