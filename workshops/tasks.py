"""The workshops' background task: the follow-up questionnaire's emails and reminders (see workshops.followup)."""

from datetime import timedelta

from django.conf import settings

from background.queue import task
from background.schedule import register_periodic
from workshops import followup


@task(max_attempts=3, backoff=300)
def send_follow_ups():
    """Email the follow-up questionnaire, and reminders, to the participants for whom one is due."""
    return followup.send_due()


def register_periodic_tasks():
    register_periodic(
        send_follow_ups,
        every=timedelta(minutes=getattr(settings, "WORKSHOPS_FOLLOW_UP_EVERY_MINUTES", 60)),
        name="workshops.send_follow_ups",
    )
