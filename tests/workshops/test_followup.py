"""The follow-up questionnaire: the periodic task run by the worker emails each participant once, in their language,
reminds those who have not answered, stops on an answer or when they leave; the signed link is theirs only."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import OFFICER, PARTICIPANT
from background import schedule
from library.models import Country
from tests.factories.accounts import create_user
from tests.factories.library import create_method
from tests.factories.workshops import create_workshop
from workshops import followup
from workshops import tasks as workshop_tasks
from workshops.models import FeedbackSettings, FollowUp

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/workshops/follow-up/(\S+)/")
ANSWER = {"used": "yes", "cooperated": "yes", "example": "We referred two women to the shelter together."}


@pytest.fixture
def cohort(db):
    """A workshop that ended 91 days ago with a linked method, a trainer and three participants (lo, th, en)."""
    method = create_method(title="Joint screening interview")
    outside_method = create_method(title="Vehicle search checklist")
    trainer = create_user(OFFICER)
    last_day = timezone.localdate() - datetime.timedelta(days=91)
    workshop = create_workshop(
        title="Cross-border referral",
        start_date=last_day - datetime.timedelta(days=2),
        end_date=last_day,
        facilitators=[trainer],
        materials=[method],
    )
    people = {
        "lo": create_user(PARTICIPANT, country_code="LA", ui_language="lo"),
        "th": create_user(PARTICIPANT, country_code="TH", ui_language="th"),
        "en": create_user(PARTICIPANT, country_code="TH"),
    }
    for person in people.values():
        person.groups.add(workshop.cohort)
    return workshop, people, method, outside_method, trainer


@pytest.fixture
def registered(monkeypatch):
    """Only the follow-up task in the periodic register, so the worker's schedule tick queues it."""
    monkeypatch.setattr(schedule, "_register", {})
    workshop_tasks.register_periodic_tasks()


def token_of(message):
    return LINK.search(message.body).group(1)


def test_the_task_is_registered_with_the_worker():
    assert "workshops.send_follow_ups" in schedule.periodic_tasks()


def test_the_worker_emails_each_participant_once_in_their_language(run_worker, registered, cohort):
    workshop, people, *_rest = cohort
    run_worker()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {person.email for person in people.values()}
    assert "ຄູຝຶກຢາກຮູ້" in by_address[people["lo"].email].body
    assert "Cross-border referral" in by_address[people["th"].email].subject
    assert "How have you used what you learned" in by_address[people["en"].email].subject
    tokens = {address: token_of(message) for address, message in by_address.items()}
    assert len(set(tokens.values())) == 3
    # The task queued again (a second worker, a retry): nothing new goes out.
    workshop_tasks.send_follow_ups.enqueue()
    run_worker()
    assert len(mail.outbox) == 3
    assert set(FollowUp.objects.values_list("mails_sent", flat=True)) == {1}


def test_reminders_go_to_those_who_have_not_answered_and_stop(run_worker, registered, cohort):
    workshop, people, *_rest = cohort
    run_worker()
    assert len(mail.outbox) == 3
    answered = FollowUp.objects.get(user=people["th"])
    answered.answered_at = timezone.now()
    answered.save()
    people["en"].groups.remove(workshop.cohort)  # left the cohort: no more mail

    def a_week_passes():
        FollowUp.objects.update(
            first_mailed_at=FollowUp.objects.get(user=people["lo"]).first_mailed_at - datetime.timedelta(days=7)
        )
        mail.outbox.clear()
        workshop_tasks.send_follow_ups.enqueue()
        run_worker()
        return [message.to[0] for message in mail.outbox]

    assert a_week_passes() == [people["lo"].email]
    assert "ເຕືອນ" in mail.outbox[0].subject  # the reminder, in Lao
    assert a_week_passes() == [people["lo"].email]  # the second reminder, 14 days after
    assert a_week_passes() == []  # at most two reminders
    assert FollowUp.objects.get(user=people["lo"]).mails_sent == 3


def test_no_mail_before_the_date_nor_when_switched_off(cohort):
    workshop, people, *_rest = cohort
    plan = FeedbackSettings.of(workshop)
    plan.follow_up_after_days = 120
    plan.save()
    assert followup.send_due() == 0
    plan.follow_up_after_days, plan.follow_up_enabled = 90, False
    plan.save()
    assert followup.send_due() == 0
    plan.follow_up_enabled = True
    plan.save()
    assert followup.send_due() == 3
    assert followup.send_due() == 0


def test_the_signed_link_opens_the_participants_own_questionnaire_in_their_language(cohort):
    workshop, people, method, outside, trainer = cohort
    followup.send_due()
    lao = next(m for m in mail.outbox if m.to == [people["lo"].email])
    url = f"/workshops/follow-up/{token_of(lao)}/"
    create_method(title="ການສຳພາດຄັດກອງຮ່ວມກັນ", slug="lo-joint-screening", language="lo", translation_of=method)
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert "ທ່ານໄດ້ນຳໃຊ້" in page.content.decode()  # the first question, in Lao, without signing in
    assert "Joint screening interview" not in page.content.decode()  # its Lao translation is shown instead
    assert "ການສຳພາດຄັດກອງຮ່ວມກັນ" in page.content.decode()
    assert "Vehicle search checklist" not in page.content.decode()
    response = client.post(url, {**ANSWER, "methods": [method.pk], "partner_country": _country("TH")})
    assert response.status_code == 302
    row = FollowUp.objects.get(user=people["lo"])
    assert (row.used, row.cooperated, row.partner_country.code) == ("yes", True, "TH")
    assert [m.pk for m in row.methods.all()] == [method.pk]
    # Sent twice (double submit) or from a second tab: still one answer, updated.
    client.post(url, {**ANSWER, "used": "partly", "methods": [method.pk], "partner_country": _country("TH")})
    assert FollowUp.objects.filter(user=people["lo"], answered_at__isnull=False).count() == 1
    assert FollowUp.objects.get(user=people["lo"]).used == "partly"


def test_bad_answers_get_messages_and_nothing_is_saved(cohort):
    workshop, people, method, outside, trainer = cohort
    followup.send_due()
    url = f"/workshops/follow-up/{token_of(mail.outbox[2])}/"
    client = Client()
    for data, message in (
        ({**ANSWER, "methods": [method.pk]}, "Choose the country you cooperated with."),
        ({**ANSWER, "partner_country": _country("LA")}, "Tick a method"),
        ({**ANSWER, "methods": [outside.pk], "partner_country": _country("LA")}, "Select a valid choice"),
        ({"cooperated": "maybe"}, "Answer yes, partly or no."),
        (
            {**ANSWER, "methods": [method.pk], "partner_country": _country("LA"), "example": "Phone 081 234 5678"},
            "phone number",
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()


def test_a_link_works_for_its_participant_only(cohort):
    workshop, people, method, outside, trainer = cohort
    followup.send_due()
    tokens = {m.to[0]: token_of(m) for m in mail.outbox}
    lao_url = f"/workshops/follow-up/{tokens[people['lo'].email]}/"
    thai = Client()
    thai.force_login(people["th"])
    assert thai.get(lao_url).status_code == 404  # another participant's link
    assert thai.post(lao_url, {**ANSWER, "methods": [method.pk], "partner_country": _country("TH")}).status_code == 404
    stranger = create_user(PARTICIPANT)
    for client_user in (stranger, trainer):
        client = Client()
        client.force_login(client_user)
        assert client.get(lao_url).status_code == 404
    forged = tokens[people["lo"].email].replace(":", ":x", 1)
    assert Client().get(f"/workshops/follow-up/{forged}/").status_code == 404
    assert Client().get("/workshops/follow-up/1/").status_code == 404
    people["lo"].groups.remove(workshop.cohort)
    assert Client().get(lao_url).status_code == 404  # left the cohort
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()


def test_a_signed_in_participant_finds_the_waiting_questionnaire(cohort):
    workshop, people, method, outside, trainer = cohort
    client = Client()
    client.force_login(people["en"])
    own = f"/workshops/{workshop.pk}/follow-up/"
    assert client.get(own).status_code == 404  # not sent yet
    followup.send_due()
    assert "waiting for your answer" in client.get(workshop.url).content.decode()
    assert "Follow-up: Cross-border referral" in client.get(reverse("accounts:profile")).content.decode()
    client.post(own, {**ANSWER, "used": "no", "cooperated": "no"})
    row = FollowUp.objects.get(user=people["en"])
    assert (row.used, row.cooperated, row.partner_country) == ("no", False, None)
    assert "Follow-up: Cross-border referral" not in client.get(reverse("accounts:profile")).content.decode()
    other = create_workshop(slug="other-workshop")
    assert client.get(f"/workshops/{other.pk}/follow-up/").status_code == 404


def test_posts_need_the_csrf_token(cohort):
    workshop, people, method, outside, trainer = cohort
    followup.send_due()
    client = Client(enforce_csrf_checks=True)
    url = f"/workshops/follow-up/{token_of(mail.outbox[0])}/"
    assert client.post(url, {**ANSWER, "methods": [method.pk], "partner_country": _country("TH")}).status_code == 403
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()


def _country(code):
    return Country.objects.get(code=code).pk
