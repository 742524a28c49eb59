"""The forum home's figures, kept on each board: its published threads, their published posts, the latest activity.

The home page used to add them up over every thread of every board the reader may see on each view (68 ms CPU at
500,000 posts). They are the same for every reader of a board, so the board keeps them: a reply adds to them in its
own transaction (`add_reply`), and whatever else changes a thread's status, board or post count counts its board
again from the threads (`recount`: a saved thread through the `post_save` receiver, and forum.services where it
updates threads in bulk). The home page lists only the boards the reader may see, so it shows no other board's
figures.
"""

from django.db import models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.signals import post_save

from forum.models import Board, Status, Thread

# A thread saved with any of these fields (or all of them) may change its board's figures.
COUNTED_FIELDS = frozenset({"board", "status", "post_count", "last_post_at"})


def recount(*board_ids):
    """Set these boards' figures from their published threads."""
    for pk in set(board_ids) - {None}:
        published = Thread.objects.filter(board_id=pk, status=Status.PUBLISHED)
        totals = published.aggregate(threads=Count("pk"), posts=Sum("post_count"))
        latest = published.order_by("-last_post_at", "-pk").values("pk", "last_post_at").first() or {}
        Board.objects.filter(pk=pk).update(
            thread_count=totals["threads"],
            post_count=totals["posts"] or 0,
            last_post_at=latest.get("last_post_at"),
            latest_thread_id=latest.get("pk"),
        )


def recount_all():
    """Set every board's figures from its threads (after data written outside the forum's own code)."""
    recount(*Board.objects.values_list("pk", flat=True))


def add_reply(thread, when):
    """Count one more published post in a published thread, written at `when`, on its board."""
    newer = Q(last_post_at__isnull=True) | Q(last_post_at__lte=when)
    fields = Board._meta
    Board.objects.filter(pk=thread.board_id).update(
        post_count=F("post_count") + 1,
        last_post_at=Case(
            When(newer, then=Value(when)), default=F("last_post_at"), output_field=fields.get_field("last_post_at")
        ),
        latest_thread_id=Case(
            When(newer, then=Value(thread.pk)), default=F("latest_thread_id"), output_field=models.BigIntegerField()
        ),
    )


def thread_saved(sender, instance, update_fields=None, **kwargs):
    """Count the board of a thread saved with a field its figures depend on."""
    if update_fields is None or COUNTED_FIELDS & set(update_fields):
        recount(instance.board_id)


def connect():
    post_save.connect(thread_saved, sender=Thread, dispatch_uid="forum-board-counters")
