"""Forum home and board pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from forum import services
from forum.models import Board, ReadPosition, Subscription
from forum.views.reading import THREADS_PER_PAGE, board_for


@login_required
def index(request):
    """List the boards this member may see, with each board's figures (forum.counters) and latest thread."""
    boards = Board.objects.for_reader(request.user).select_related("latest_thread").order_by("kind", "order", "name")
    return render(
        request,
        "forum/index.html",
        {"boards": boards, "moderates": services.moderated_boards(request.user).exists()},
    )


@login_required
def board_detail(request, slug):
    """List a board's threads, pinned first then by latest activity, with filters."""
    board = board_for(request.user, slug)
    threads = board.threads.for_reader(request.user).published().select_related("starter__forum_profile")
    current = request.GET.get("filter", "")
    if current == "unanswered":
        threads = threads.filter(post_count__lte=1, answer__isnull=True)
    elif current == "mine":
        threads = threads.filter(Q(starter=request.user) | Q(posts__author=request.user)).distinct()
    elif current == "following":
        threads = threads.filter(subscriptions__user=request.user)
    else:
        current = ""
    page_obj = Paginator(threads.by_activity(), THREADS_PER_PAGE).get_page(request.GET.get("page"))
    read = dict(
        ReadPosition.objects.filter(user=request.user, thread__in=[t.pk for t in page_obj]).values_list(
            "thread_id", "updated_at"
        )
    )
    for thread in page_obj:
        seen = read.get(thread.pk)
        thread.has_unread = seen is None or thread.last_post_at > seen
    filters = [
        ("", _("All")),
        ("unanswered", _("No replies yet")),
        ("mine", _("Mine")),
        ("following", _("Following")),
    ]
    return render(
        request,
        "forum/board.html",
        {
            "board": board,
            "page_obj": page_obj,
            "filters": filters,
            "current_filter": current,
            "following": Subscription.objects.filter(user=request.user, board=board).exists(),
            "moderator": services.can_moderate(request.user, board),
        },
    )
