"""Notices from apps above the forum in the layers, shown with a member's notifications.

The forum owns where a member sees what is waiting for them (the header's count and /forum/notifications/). An app
the forum may not import (workshops, for one) registers a Wagtail hook ``member_notices``: a callable taking the
user and returning a list of ``Notice``. A notice is a thing to do rather than a message: it stays on the page while
its source says it is due (for example until a questionnaire is answered) and counts as unread while ``unread``.
"""

import datetime
from dataclasses import dataclass

from wagtail import hooks

HOOK = "member_notices"


@dataclass(frozen=True)
class Notice:
    text: str
    url: str
    created_at: datetime.datetime
    unread: bool = True


def notices_for(user):
    """Return every registered app's notices for this member, newest first."""
    if user is None or not user.is_authenticated:
        return []
    notices = [notice for source in hooks.get_hooks(HOOK) for notice in source(user)]
    return sorted(notices, key=lambda notice: notice.created_at, reverse=True)


def unread_count(user):
    """Return how many of this member's notices are unread."""
    return sum(1 for notice in notices_for(user) if notice.unread)
