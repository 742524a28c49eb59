"""The worker's check of followed searches (every FOLLOWED_SEARCHES_EVERY_MINUTES, 10 by default)."""

from datetime import timedelta

from django.conf import settings

from background.queue import task
from background.schedule import register_periodic
from search.follows import checks


@task(max_attempts=3, backoff=60)  # idempotent: a repeated run records and sends nothing twice
def check_followed_searches():
    """Run every followed search once as its member; alert and email the new matches."""
    return checks.run()


def register_periodic_tasks():
    register_periodic(
        check_followed_searches,
        every=timedelta(minutes=float(getattr(settings, "FOLLOWED_SEARCHES_EVERY_MINUTES", 10))),
        name="search.follows.check_followed_searches",
    )
