"""The periodic check of followed searches, and the email it sends at once or leaves for the daily digest.

Each run asks the search service ONE query per followed search (``service.newest_matches``, as the member: the
audience they hold at the time of the check), newest first. A document dated after the follow's high-water mark
(``checked_until``, looked at again for LATE_WINDOW in case a document committed or reached an external engine
late) that has no alert for this follow gets one; the unique (follow, document) pair and the conditional update of
``emailed_at`` make a repeated run, or two workers, record and send each match once. Visibility is checked again
(``core.visible_entries``) before anything is shown or sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.notifications import member_language
from search import facets, service
from search.backends import uses_external_engine
from search.follows import core
from search.follows.models import Delivery, FollowedSearch, SearchAlert
from search.models import OutboxEntry

logger = logging.getLogger(__name__)

MAX_NEW_PER_RUN = 50
"""The newest matches one check looks at (more new ones than this in one period: the email says there may be more)."""

LATE_WINDOW = timedelta(minutes=15)


def high_water_mark(now):
    """Return up to when documents are surely in the engine: now, or the oldest change still waiting in the outbox."""
    if uses_external_engine():
        oldest = OutboxEntry.objects.order_by("created_at").values_list("created_at", flat=True).first()
        if oldest is not None and oldest < now:
            return oldest
    return now


def run(now=None) -> dict[str, int]:
    """Check every followed search of an active member once; return how many were checked, alerted and emailed."""
    now = now or timezone.now()
    mark = high_water_mark(now)
    totals = {"checked": 0, "alerts": 0, "emails": 0}
    follows = FollowedSearch.objects.filter(user__is_active=True).select_related("user", "user__member")
    for followed in follows.order_by("pk").iterator(chunk_size=200):
        try:
            created = check(followed, now, mark)
        except Exception:
            logger.exception("Could not check followed search %s", followed.pk)
            continue
        totals["checked"] += 1
        totals["alerts"] += len(created)
        if followed.delivery == Delivery.IMMEDIATELY:  # also what a failed send of an earlier run left
            totals["emails"] += send_immediate(followed, now)
    return totals


def check(followed: FollowedSearch, now, mark) -> list[SearchAlert]:
    """Run a followed search once as its member; record an alert per new match; return the alerts created."""
    since = max(followed.created_at, followed.checked_until - LATE_WINDOW)
    results = service.newest_matches(
        followed.query, core.engine_filters(followed), user=followed.user, limit=MAX_NEW_PER_RUN
    )
    new = new_since(results, since)
    known = set(SearchAlert.objects.filter(follow=followed, doc_id__in=new).values_list("doc_id", flat=True))
    created = []
    for doc_id in new:
        if doc_id in known:
            continue
        alert, was_created = SearchAlert.objects.get_or_create(
            follow=followed, doc_id=doc_id, defaults={"user": followed.user, "created_at": now}
        )
        if was_created:
            created.append(alert)
    FollowedSearch.objects.filter(pk=followed.pk).update(
        checked_until=max(followed.checked_until, mark), last_checked_at=now
    )
    return created


def new_since(results, since) -> list[str]:
    """Return the ids of the hits dated after since (the results of a followed search's query, newest first)."""
    return [hit.id for hit in results.hits if hit.date is not None and hit.date > since]


@dataclass
class FollowGroup:
    """One followed search's new matches, as an email lists them."""

    followed: FollowedSearch
    name: str
    open_url: str
    unsubscribe_url: str
    matches: list[dict] = field(default_factory=list)
    alert_ids: list[int] = field(default_factory=list)


def _groups(user, alerts) -> list[FollowGroup]:
    """Return the alerts whose documents the member may see now, grouped by followed search (in the active language)."""
    groups: dict[int, FollowGroup] = {}
    kinds = {kind.slug: kind.label for kind in facets.kinds()}
    for alert, entry in core.visible_alerts(user, alerts):
        followed = alert.follow
        group = groups.get(followed.pk)
        if group is None:
            group = groups[followed.pk] = FollowGroup(
                followed,
                core.describe(followed),
                core.absolute(core.open_url(followed)),
                core.absolute(reverse("follows:unsubscribe", args=[core.unsubscribe_token(user, followed)])),
            )
        group.matches.append(
            {
                "title": entry.title,
                "kind": str(kinds.get(entry.kind, entry.kind)),
                "url": core.absolute(reverse("follows:alert", args=[alert.pk])),
            }
        )
        group.alert_ids.append(alert.pk)
    return list(groups.values())


def _claim(alert_ids, now) -> list[int]:
    """Mark the alerts emailed, one by one, unless another run did; return those this run marked."""
    return [pk for pk in alert_ids if SearchAlert.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=now)]


def send_immediate(followed: FollowedSearch, now=None) -> int:
    """Email a member the unsent alerts of one followed search they may still see; return 1 if an email went."""
    now = now or timezone.now()
    user = followed.user
    if not user.email or followed.delivery != Delivery.IMMEDIATELY:
        return 0
    pending = SearchAlert.objects.filter(follow=followed, emailed_at__isnull=True).select_related("follow")
    with translation.override(member_language(user)), transaction.atomic():
        groups = _groups(user, pending.order_by("created_at", "pk"))
        if not groups:
            return 0
        group = groups[0]
        # Marking the alerts and queuing the email (site email is a task) commit together.
        claimed = set(_claim(group.alert_ids, now))
        group.matches = [m for m, pk in zip(group.matches, group.alert_ids, strict=True) if pk in claimed]
        if not group.matches:
            return 0
        subject = _("[Frontline Exchange] New for your followed search “%(name)s”") % {"name": group.name}
        context = {"group": group, "more": len(group.matches) >= MAX_NEW_PER_RUN}
        try:
            send(user, subject, "follows/email/alert.txt", context, group.unsubscribe_url)
        except OSError:
            logger.exception("Could not email followed search %s", followed.pk)
            transaction.set_rollback(True)
            return 0
    return 1


def send(user, subject, template, context, unsubscribe_url):
    """Send one email to a member with List-Unsubscribe headers (RFC 8058 one-click)."""
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": core.absolute(reverse("follows:list")),
        "site_url": core.absolute("/"),
    }
    EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ).send()


# The daily digest (forum.notifications.send_digests sends one email a member with both the forum's and these).


def digest_recipients():
    """Return the ids of members with unsent alerts of followed searches they get in the daily digest."""
    return SearchAlert.objects.filter(
        emailed_at__isnull=True, follow__delivery=Delivery.DAILY, user__is_active=True
    ).values("user_id")


@dataclass
class DigestSection:
    """A member's followed-search matches for the daily digest (built in the member's language)."""

    groups: list[FollowGroup]
    unsubscribe_url: str

    @property
    def count(self) -> int:
        return sum(len(group.matches) for group in self.groups)

    def claim(self, now) -> bool:
        """Mark these alerts emailed unless another run did; keep only those marked; return whether any are left."""
        for group in self.groups:
            claimed = set(_claim(group.alert_ids, now))
            group.matches = [m for m, pk in zip(group.matches, group.alert_ids, strict=True) if pk in claimed]
            group.alert_ids = [pk for pk in group.alert_ids if pk in claimed]
        self.groups = [group for group in self.groups if group.matches]
        return bool(self.groups)


def digest_section(user, now) -> DigestSection | None:
    """Return the member's unsent matches of daily-digest followed searches they may still see, or None."""
    pending = (
        SearchAlert.objects.filter(
            user=user, emailed_at__isnull=True, follow__delivery=Delivery.DAILY, created_at__lte=now
        )
        .select_related("follow")
        .order_by("follow_id", "created_at", "pk")[:200]
    )
    groups = _groups(user, pending)
    if not groups:
        return None
    unsubscribe = core.absolute(reverse("follows:unsubscribe", args=[core.unsubscribe_token(user)]))
    return DigestSection(groups, unsubscribe)
