"""Following threads and boards, notifications, email preferences and unsubscribing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import NotificationPreference, member_of
from forum.forms import ProfileForm
from forum.models import ForumProfile, Notification, Subscription
from forum.notices import notices_for
from forum.notifications import user_for_token
from forum.views.reading import board_for, go_back, thread_for
from search.follows import core as followed_searches


def _toggle_subscription(request, target, followed, unfollowed):
    """Follow the thread or board if the member doesn't yet, else stop; say which, and go back."""
    subscription = Subscription.objects.filter(user=request.user, **target)
    if subscription.exists():
        subscription.delete()
        messages.success(request, unfollowed)
    else:
        Subscription.objects.create(user=request.user, **target)
        messages.success(request, followed)
    return go_back(request, next(iter(target.values())).get_absolute_url())


@login_required
@require_POST
def follow_thread(request, pk):
    """Follow or stop following a thread."""
    return _toggle_subscription(
        request,
        {"thread": thread_for(request.user, pk)},
        _("You follow this thread: you will be told of new replies."),
        _("You no longer follow this thread."),
    )


@login_required
@require_POST
def follow_board(request, slug):
    """Follow or stop following a board's new threads."""
    return _toggle_subscription(
        request,
        {"board": board_for(request.user, slug)},
        _("You follow this board: you will be told of new threads."),
        _("You no longer follow this board."),
    )


@login_required
def notification_list(request):
    """List this member's notifications about posts they may still see."""
    notifications = (
        Notification.objects.for_reader(request.user)
        .select_related("post__thread", "actor__forum_profile")
        .order_by("-created_at", "-pk")
    )
    if request.method == "POST":
        notifications.unread().update(read_at=timezone.now())
        messages.success(request, _("All notifications marked as read."))
        return redirect("forum:notifications")
    page_obj = Paginator(notifications, 30).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "followed_unread": followed_searches.unread_count(request.user),
        "notices": notices_for(request.user),
    }
    return render(request, "forum/notifications.html", context)


@login_required
def notification_open(request, pk):
    """Mark a notification read and go to its post."""
    notification = get_object_or_404(Notification.objects.for_reader(request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("forum:post", pk=notification.post_id)


@login_required
def preferences(request):
    """Let a member choose their handle, display name and how they get email."""
    profile = ForumProfile.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your forum settings are saved."))
        return redirect("forum:preferences")
    return render(request, "forum/preferences.html", {"form": form, "profile": profile})


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed token is the proof
def unsubscribe(request, token):
    """Stop forum email for the member the signed token names, without signing in (POST does it)."""
    user = user_for_token(token)
    if user is None:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        member = member_of(user)
        member.notifications = NotificationPreference.OFF
        member.save(update_fields=["notifications"])
        done = True
    return render(request, "forum/unsubscribe.html", {"done": done, "token": token})
