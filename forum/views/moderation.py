"""Moderation: hide, restore and approve posts, lock, pin and move threads, suspend members, the queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import services
from forum.forms import ModerationReasonForm, MoveForm, SuspendForm
from forum.models import Flag, ForumProfile, ModerationLog, Post, Status
from forum.views.reading import go_back, post_for, thread_for


def _moderated_post(request, pk):
    post = post_for(request.user, pk)
    if not services.can_moderate(request.user, post.thread.board):
        raise Http404
    return post


@login_required
@require_POST
def moderate_post(request, pk):
    """Hide, restore or approve a post, or dismiss its flags."""
    post = _moderated_post(request, pk)
    form = ModerationReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    action = request.POST.get("action")
    if action == "hide" and post.status != Status.HIDDEN:
        services.hide_post(post, request.user, reason)
        messages.success(request, _("The post is hidden."))
    elif action == "restore" and post.status == Status.HIDDEN:
        services.restore_post(post, request.user, reason)
        messages.success(request, _("The post is visible again."))
    elif action == "approve" and post.status == Status.PENDING:
        services.approve_post(post, request.user)
        messages.success(request, _("The post is approved and published."))
    elif action == "dismiss":
        services.dismiss_flags(post, request.user)
        messages.success(request, _("The flags are dismissed."))
    else:
        messages.error(request, _("That action does not apply to this post."))
    return go_back(request, post.get_absolute_url())


@login_required
@require_POST
def moderate_thread(request, pk):
    """Lock, unlock, pin, unpin or move a thread."""
    thread = thread_for(request.user, pk)
    if not services.can_moderate(request.user, thread.board):
        raise Http404
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")[:300]
    if action == ModerationLog.Action.MOVE:
        form = MoveForm(request.POST, boards=services.moderated_boards(request.user).exclude(pk=thread.board_id))
        if form.is_valid():
            services.move_thread(thread, request.user, form.cleaned_data["board"], form.cleaned_data["reason"])
            messages.success(request, _("The thread is moved to %(board)s.") % {"board": form.cleaned_data["board"]})
        else:
            messages.error(request, _("Choose a board you moderate to move the thread to."))
    elif action in {"lock", "unlock", "pin", "unpin"}:
        services.set_thread_state(thread, request.user, ModerationLog.Action(action), reason)
        messages.success(request, ModerationLog.Action(action).label)
    else:
        messages.error(request, _("That action does not apply to this thread."))
    return redirect(thread)


@login_required
def suspend(request, handle):
    """Suspend (or lift a suspension of) a member's posting."""
    if not services.moderated_boards(request.user).exists():
        raise Http404
    profile = get_object_or_404(ForumProfile.objects.select_related("user"), handle=handle.lower())
    if profile.user_id == request.user.pk:
        raise Http404
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.suspend_member(profile.user, request.user, form.cleaned_data["days"], form.cleaned_data["reason"])
        messages.success(request, _("The member's posting status is updated."))
        return redirect(profile)
    return render(request, "forum/suspend.html", {"profile": profile, "form": form})


@login_required
def moderation_queue(request):
    """List flagged and held posts in the boards this member moderates, and the recent moderation log."""
    boards = services.moderated_boards(request.user)
    if not boards.exists():
        raise Http404
    open_flags = Flag.objects.filter(resolved_at__isnull=True, post=OuterRef("pk"))
    in_scope = Post.objects.filter(thread__board__in=boards).select_related("thread__board", "author__forum_profile")
    flagged = (
        in_scope.filter(Exists(open_flags))
        .exclude(status=Status.HIDDEN)
        .prefetch_related("flags")
        .order_by("created_at")
    )
    held = in_scope.filter(status=Status.PENDING).order_by("created_at", "pk")
    log = ModerationLog.objects.filter(Q(board__in=boards) | Q(board__isnull=True)).select_related(
        "actor__forum_profile", "thread", "member__forum_profile"
    )[:50]
    for post in flagged:
        post.open_flags = [f for f in post.flags.all() if f.resolved_at is None]
    return render(request, "forum/moderation.html", {"flagged": flagged, "held": held, "log": log})
