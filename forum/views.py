"""Forum pages; anything a reader may not see answers 404, exactly as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import page_audience
from accounts.models import NotificationPreference, member_of
from forum import services
from forum.forms import (
    DiscussForm,
    EditForm,
    FlagForm,
    ModerationReasonForm,
    MoveForm,
    ProfileForm,
    ReplyForm,
    SuspendForm,
    ThreadForm,
)
from forum.markdown import quote_markdown
from forum.models import (
    Attachment,
    Board,
    Flag,
    ForumProfile,
    ModerationLog,
    Notification,
    Post,
    Reaction,
    ReadPosition,
    Status,
    Subscription,
    Thread,
)
from forum.notifications import user_for_token

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 30


# --- What a reader may open -------------------------------------------------------------------------------


def _board_for(user, slug):
    return get_object_or_404(Board.objects.visible_to(user), slug=slug)


def _thread_for(user, pk):
    """Return a thread this reader may open: published, their own pending thread, or any if they moderate it."""
    thread = get_object_or_404(
        Thread.objects.select_related("board").filter(board__in=Board.objects.visible_to(user)), pk=pk
    )
    if thread.status == Status.PUBLISHED:
        return thread
    if thread.status == Status.PENDING and thread.starter_id == user.pk:
        return thread
    if services.can_moderate(user, thread.board):
        return thread
    raise Http404


def _post_for(user, pk):
    """Return a post this reader may open (published or deleted placeholder; own pending; moderators: any)."""
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    thread = _thread_for(user, post.thread_id)
    post.thread = thread
    if post.status in (Status.PUBLISHED, Status.DELETED):
        return post
    if post.status == Status.PENDING and post.author_id == user.pk:
        return post
    if services.can_moderate(user, thread.board):
        return post
    raise Http404


def _posts_shown(user, thread, moderator):
    posts = thread.posts.in_order()
    if moderator:
        return posts
    return posts.filter(Q(status__in=[Status.PUBLISHED, Status.DELETED]) | Q(status=Status.PENDING, author=user))


def _page_of(post, posts):
    before = posts.filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)).count()
    return before // POSTS_PER_PAGE + 1


def _post_url(post, posts):
    page = _page_of(post, posts)
    return f"{reverse('forum:thread', args=[post.thread_id])}?page={page}#post-{post.pk}"


def _back(request, fallback):
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


# --- Forum home, boards, threads ---------------------------------------------------------------------------


@login_required
def index(request):
    """List the boards this member may see, with counts over what they may see and the latest activity."""
    published = Q(threads__status=Status.PUBLISHED)
    latest = Thread.objects.filter(board=OuterRef("pk"), status=Status.PUBLISHED).order_by("-last_post_at", "-pk")
    boards = (
        Board.objects.visible_to(request.user)
        .annotate(
            thread_total=Count("threads", filter=published),
            post_total=Sum("threads__post_count", filter=published),
            last_activity=Max("threads__last_post_at", filter=published),
            latest_thread_id=Subquery(latest.values("pk")[:1]),
            latest_thread_title=Subquery(latest.values("title")[:1]),
        )
        .order_by("kind", "order", "name")
    )
    return render(
        request,
        "forum/index.html",
        {"boards": boards, "moderates": services.moderated_boards(request.user).exists()},
    )


@login_required
def board_detail(request, slug):
    """List a board's threads, pinned first then by latest activity, with filters."""
    board = _board_for(request.user, slug)
    threads = board.threads.filter(status=Status.PUBLISHED).select_related("starter__forum_profile")
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


@login_required
def thread_create(request, slug):
    """Start a thread in a board."""
    board = _board_for(request.user, slug)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.create_thread(
                board,
                request.user,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except services.PostingNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            if thread.status == Status.PENDING:
                messages.info(request, _("Thank you. A moderator will review your thread before others can see it."))
            return redirect(thread)
    return render(request, "forum/thread_form.html", {"board": board, "form": form})


@login_required
def thread_detail(request, pk):
    """Show one page of a thread (20 posts) and remember how far this member has read."""
    thread = _thread_for(request.user, pk)
    moderator = services.can_moderate(request.user, thread.board)
    posts = _posts_shown(request.user, thread, moderator)
    position = ReadPosition.objects.filter(user=request.user, thread=thread).select_related("post").first()
    first_unread = None
    if position and position.post:
        last = position.post
        first_unread = posts.filter(
            Q(created_at__gt=last.created_at) | Q(created_at=last.created_at, pk__gt=last.pk)
        ).first()
    page_obj = Paginator(
        posts.select_related("author__forum_profile").prefetch_related("attachments"), POSTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    shown = list(page_obj.object_list)
    if shown:
        _remember_read(request.user, thread, position, shown[-1])
    helpful = set(
        Reaction.objects.filter(user=request.user, post__in=[p.pk for p in shown]).values_list("post_id", flat=True)
    )
    flagged = set()
    if moderator:
        flagged = set(
            Flag.objects.filter(post__in=[p.pk for p in shown], resolved_at__isnull=True).values_list(
                "post_id", flat=True
            )
        )
    opening = thread.first_post
    opening_id = opening.pk if opening else None
    post_prefix = reverse("forum:post", args=[0]).removesuffix("0/")
    quote_url = reverse("forum:reply", args=[thread.pk]) + "?quote="
    for post in shown:
        post.url = f"{post_prefix}{post.pk}/"  # forum:post and the post's actions below it (see urls.py)
        post.quote_url = f"{quote_url}{post.pk}"
        post.marked_helpful = post.pk in helpful
        post.is_flagged = post.pk in flagged
        post.is_opening = post.pk == opening_id
    unread_url = _post_url(first_unread, posts) if first_unread and first_unread not in shown else None
    library_page = None
    if thread.library_page_id:
        from library.models import LibraryPage

        library_page = LibraryPage.objects.visible_to(request.user).filter(pk=thread.library_page_id).first()
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "board": thread.board,
            "page_obj": page_obj,
            "posts": shown,
            "moderator": moderator,
            "can_answer": services.can_mark_answer(request.user, thread),
            "following": Subscription.objects.filter(user=request.user, thread=thread).exists(),
            "can_reply": not thread.is_locked or moderator,
            "reply_form": ReplyForm(),
            "unread_url": unread_url,
            "here": request.get_full_path(),
            "library_page": library_page,
            "move_form": MoveForm(boards=services.moderated_boards(request.user).exclude(pk=thread.board_id))
            if moderator
            else None,
        },
    )


def _remember_read(user, thread, position, post):
    if position is None:
        ReadPosition.objects.get_or_create(user=user, thread=thread, defaults={"post": post})
        return
    current = position.post
    if current is None or (post.created_at, post.pk) > (current.created_at, current.pk):
        position.post = post
        position.save(update_fields=["post", "updated_at"])


@login_required
def thread_unread(request, pk):
    """Redirect to this member's first unread post in a thread (or its last page)."""
    thread = _thread_for(request.user, pk)
    posts = _posts_shown(request.user, thread, services.can_moderate(request.user, thread.board))
    position = ReadPosition.objects.filter(user=request.user, thread=thread).select_related("post").first()
    target = posts.first()
    if position and position.post:
        last = position.post
        target = (
            posts.filter(Q(created_at__gt=last.created_at) | Q(created_at=last.created_at, pk__gt=last.pk)).first()
            or posts.last()
        )
    if target is None:
        return redirect(thread)
    return HttpResponseRedirect(_post_url(target, posts))


@login_required
def reply(request, pk):
    """Reply to a thread; ?quote=<post> starts the reply with that post quoted (no JavaScript needed)."""
    thread = _thread_for(request.user, pk)
    moderator = services.can_moderate(request.user, thread.board)
    if thread.status != Status.PUBLISHED:
        raise Http404
    if thread.is_locked and not moderator:
        messages.error(request, _("This thread is locked: no new replies."))
        return redirect(thread)
    initial = {}
    quote_id = request.GET.get("quote", "")
    if quote_id.isdigit():
        quoted = Post.objects.visible_to(request.user).filter(pk=int(quote_id), thread=thread).first()
        if quoted:
            handle = ForumProfile.for_user(quoted.author).handle if quoted.author else ""
            initial["body"] = quote_markdown(quoted.body, handle)
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_reply(
                thread, request.user, form.cleaned_data["body"], files=form.cleaned_data["attachments"]
            )
        except services.PostingNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            if post.status == Status.PENDING:
                messages.info(request, _("Thank you. A moderator will review your reply before others can see it."))
            posts = _posts_shown(request.user, thread, moderator)
            return HttpResponseRedirect(_post_url(post, posts))
    return render(request, "forum/reply_form.html", {"thread": thread, "board": thread.board, "form": form})


@login_required
def post_redirect(request, pk):
    """Redirect to the page of its thread that shows this post."""
    post = _post_for(request.user, pk)
    moderator = services.can_moderate(request.user, post.thread.board)
    return HttpResponseRedirect(_post_url(post, _posts_shown(request.user, post.thread, moderator)))


@login_required
def post_edit(request, pk):
    """Edit one's own post (moderators may edit any); the previous text goes into its history."""
    post = _post_for(request.user, pk)
    moderator = services.can_moderate(request.user, post.thread.board)
    if post.status == Status.DELETED or not (post.author_id == request.user.pk or moderator):
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        services.edit_post(post, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your changes are saved."))
        return redirect("forum:post", pk=post.pk)
    return render(request, "forum/post_edit.html", {"post": post, "thread": post.thread, "form": form})


@login_required
def post_delete(request, pk):
    """Delete one's own post after confirming; it shows as "This post was deleted"."""
    post = _post_for(request.user, pk)
    if post.author_id != request.user.pk or post.status == Status.DELETED:
        raise Http404
    if request.method == "POST":
        services.delete_post(post, request.user)
        messages.success(request, _("Your post was deleted."))
        return redirect("forum:post", pk=post.pk)
    return render(request, "forum/post_delete.html", {"post": post, "thread": post.thread})


@login_required
def post_history(request, pk):
    """Show moderators every earlier version of a post."""
    post = _post_for(request.user, pk)
    if not services.can_moderate(request.user, post.thread.board):
        raise Http404
    revisions = post.revisions.select_related("edited_by__forum_profile")
    return render(request, "forum/post_history.html", {"post": post, "thread": post.thread, "revisions": revisions})


@login_required
@require_POST
def post_helpful(request, pk):
    """Mark a post helpful, or take the mark back."""
    post = _post_for(request.user, pk)
    if post.status != Status.PUBLISHED or post.author_id == request.user.pk:
        raise Http404
    services.toggle_helpful(post, request.user)
    return _back(request, post.get_absolute_url())


@login_required
@require_POST
def post_answer(request, pk):
    """Mark a reply as the thread's answer (its starter or a moderator), or clear the mark."""
    post = _post_for(request.user, pk)
    if post.status != Status.PUBLISHED or not services.can_mark_answer(request.user, post.thread):
        raise Http404
    if services.mark_answer(post.thread, post):
        messages.success(request, _("Marked as the answer."))
    else:
        messages.success(request, _("No longer marked as the answer."))
    return _back(request, post.get_absolute_url())


@login_required
def post_flag(request, pk):
    """Report a post to the moderators with a reason."""
    post = _post_for(request.user, pk)
    if post.status != Status.PUBLISHED:
        raise Http404
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag_post(post, request.user, form.cleaned_data["reason"], form.cleaned_data["details"])
        messages.success(request, _("Thank you. The moderators will look at this post."))
        return redirect("forum:post", pk=post.pk)
    return render(request, "forum/post_flag.html", {"post": post, "thread": post.thread, "form": form})


@login_required
def attachment(request, pk):
    """Serve an attachment to a reader who may see its post; everyone else gets 404."""
    item = get_object_or_404(Attachment, pk=pk)
    post = _post_for(request.user, item.post_id)
    if post.status == Status.DELETED:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.kind == Attachment.Kind.PDF,
        filename=item.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Following and notifications -------------------------------------------------------------------------


def _toggle_subscription(request, target, followed, unfollowed):
    """Follow the thread or board if the member doesn't yet, else stop; say which, and go back."""
    subscription = Subscription.objects.filter(user=request.user, **target)
    if subscription.exists():
        subscription.delete()
        messages.success(request, unfollowed)
    else:
        Subscription.objects.create(user=request.user, **target)
        messages.success(request, followed)
    return _back(request, next(iter(target.values())).get_absolute_url())


@login_required
@require_POST
def follow_thread(request, pk):
    """Follow or stop following a thread."""
    return _toggle_subscription(
        request,
        {"thread": _thread_for(request.user, pk)},
        _("You follow this thread: you will be told of new replies."),
        _("You no longer follow this thread."),
    )


@login_required
@require_POST
def follow_board(request, slug):
    """Follow or stop following a board's new threads."""
    return _toggle_subscription(
        request,
        {"board": _board_for(request.user, slug)},
        _("You follow this board: you will be told of new threads."),
        _("You no longer follow this board."),
    )


@login_required
def notification_list(request):
    """List this member's notifications about posts they may still see."""
    notifications = (
        Notification.objects.visible_to(request.user)
        .select_related("post__thread", "actor__forum_profile")
        .order_by("-created_at", "-pk")
    )
    if request.method == "POST":
        notifications.unread().update(read_at=timezone.now())
        messages.success(request, _("All notifications marked as read."))
        return redirect("forum:notifications")
    page_obj = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "forum/notifications.html", {"page_obj": page_obj})


@login_required
def notification_open(request, pk):
    """Mark a notification read and go to its post."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
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


@login_required
def member_detail(request, handle):
    """Show a member's handle and their recent posts that this reader may see."""
    profile = get_object_or_404(ForumProfile.objects.select_related("user"), handle=handle.lower())
    posts = (
        Post.objects.visible_to(request.user)
        .filter(author=profile.user)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:20]
    )
    can_suspend = services.moderated_boards(request.user).exists() and profile.user_id != request.user.pk
    return render(request, "forum/member.html", {"profile": profile, "posts": posts, "can_suspend": can_suspend})


# --- Moderation ----------------------------------------------------------------------------------------


def _moderated_post(request, pk):
    post = _post_for(request.user, pk)
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
    return _back(request, post.get_absolute_url())


@login_required
@require_POST
def moderate_thread(request, pk):
    """Lock, unlock, pin, unpin or move a thread."""
    thread = _thread_for(request.user, pk)
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


# --- Library pages ---------------------------------------------------------------------------------------


def _boards_within(page_tokens):
    """Return the ids of boards whose every reader may open a page with these audience tokens."""
    page_tokens = set(page_tokens)
    boards = Board.objects.prefetch_related("groups")
    if page_tokens & {"public", "members"}:
        return [board.pk for board in boards]
    return [
        board.pk
        for board in boards
        if board.audience != Board.Audience.MEMBERS and set(board.audience_tokens()) <= page_tokens
    ]


@login_required
def discuss_page(request, page_id):
    """Open the discussions of a library page, or start one in a board the member chooses."""
    from library.models import LibraryPage

    page = get_object_or_404(LibraryPage.objects.visible_to(request.user), pk=page_id)
    boards = Board.objects.visible_to(request.user).filter(pk__in=_boards_within(page_audience(page)))
    threads = Thread.objects.visible_to(request.user).filter(library_page=page).select_related("board").by_activity()
    initial = {"title": (_("Discussing: %(title)s") % {"title": page.title})[:200]}
    form = DiscussForm(request.POST or None, request.FILES or None, boards=boards, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.create_thread(
                form.cleaned_data["board"],
                request.user,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                library_page=page,
                files=form.cleaned_data["attachments"],
            )
        except services.PostingNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(thread)
    return render(request, "forum/discuss.html", {"library_page": page, "threads": threads, "form": form})
