"""The follow-up questionnaire is also an in-app notification: listed with the member's notifications (the forum's
page and the header's count, through the forum's member_notices hook) when it is sent and again as a reminder,
in the member's language, linking to their questionnaire; gone once answered, or for someone who left the cohort."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories.accounts import create_user
from tests.workshops.test_followup import ANSWER, cohort  # noqa: F401 - the fixture
from workshops import followup
from workshops.models import FollowUp

pytestmark = pytest.mark.django_db
BADGE = re.compile(r'class="count-badge">(\d+)<')


def notifications(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = user.member.ui_language or "en"
    page = client.get("/forum/notifications/").content.decode()
    badge = BADGE.search(page)
    return client, page, int(badge.group(1)) if badge else 0


def test_a_participant_sees_the_questionnaire_among_their_notifications(cohort):  # noqa: F811
    workshop, people, *_rest = cohort
    _client, page, count = notifications(people["en"])
    assert "follow-up questionnaire" not in page and count == 0  # nothing sent yet
    followup.send_due()
    client, page, count = notifications(people["en"])
    assert "How have you used what you learned at “Cross-border referral”?" in page
    assert f'href="/workshops/{workshop.pk}/follow-up/"' in page
    assert "No notifications." not in page  # the questionnaire is one
    assert count == 1
    assert client.get(f"/workshops/{workshop.pk}/follow-up/").status_code == 200
    client.post(f"/workshops/{workshop.pk}/follow-up/", {**ANSWER, "used": "no", "cooperated": "no"})
    assert FollowUp.objects.get(user=people["en"]).is_answered
    _client, page, count = notifications(people["en"])
    assert "Cross-border referral" not in page and count == 0


def test_a_reminder_comes_back_as_a_reminder_in_the_members_language(cohort):  # noqa: F811
    workshop, people, *_rest = cohort
    followup.send_due()
    FollowUp.objects.update(first_mailed_at=timezone.now() - datetime.timedelta(days=8))
    assert followup.send_due() == 3
    _client, page, count = notifications(people["en"])
    assert "Reminder: the follow-up questionnaire of “Cross-border referral” is waiting for you." in page
    assert count == 1
    _client, page, _count = notifications(people["lo"])
    assert "Cross-border referral" in page and "ເຕືອນ" in page  # in Lao


def test_no_notice_for_others_nor_after_leaving_the_cohort(cohort):  # noqa: F811
    workshop, people, _method, _outside, trainer = cohort
    followup.send_due()
    for user in (trainer, create_user("participant", country_code="TH")):
        _client, page, count = notifications(user)
        assert "Cross-border referral" not in page and count == 0
    people["th"].groups.remove(workshop.cohort)
    _client, page, count = notifications(people["th"])
    assert "Cross-border referral" not in page and count == 0
