"""Thread pages: start, read, reply, and discuss a library page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import MEMBERS, PUBLIC, page_audience
from forum import services
from forum.forms import DiscussForm, MoveForm, ReplyForm, ThreadForm
from forum.markdown import quote_markdown
from forum.models import Board, Flag, ForumProfile, Post, Reaction, ReadPosition, Status, Subscription, Thread
from forum.views.reading import POSTS_PER_PAGE, board_for, post_url, posts_shown, thread_for


@login_required
def thread_create(request, slug):
    """Start a thread in a board."""
    board = board_for(request.user, slug)
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
    thread = thread_for(request.user, pk)
    moderator = services.can_moderate(request.user, thread.board)
    posts = posts_shown(request.user, thread)
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
    unread_url = post_url(first_unread, posts) if first_unread and first_unread not in shown else None
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
    thread = thread_for(request.user, pk)
    posts = posts_shown(request.user, thread)
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
    return HttpResponseRedirect(post_url(target, posts))


@login_required
def reply(request, pk):
    """Reply to a thread; ?quote=<post> starts the reply with that post quoted (no JavaScript needed)."""
    thread = thread_for(request.user, pk)
    moderator = services.can_moderate(request.user, thread.board)
    if thread.status != Status.PUBLISHED:
        raise Http404
    if thread.is_locked and not moderator:
        messages.error(request, _("This thread is locked: no new replies."))
        return redirect(thread)
    initial = {}
    quote_id = request.GET.get("quote", "")
    if quote_id.isdigit():
        quoted = Post.objects.for_reader(request.user).published().filter(pk=int(quote_id), thread=thread).first()
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
            posts = posts_shown(request.user, thread)
            return HttpResponseRedirect(post_url(post, posts))
    return render(request, "forum/reply_form.html", {"thread": thread, "board": thread.board, "form": form})


def _boards_within(page_tokens):
    """Return the ids of boards whose every reader may open a page with these audience tokens."""
    page_tokens = set(page_tokens)
    boards = Board.objects.prefetch_related("groups")
    if page_tokens & {PUBLIC, MEMBERS}:
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
    boards = Board.objects.for_reader(request.user).filter(pk__in=_boards_within(page_audience(page)))
    threads = (
        Thread.objects.for_reader(request.user)
        .published()
        .filter(library_page=page)
        .select_related("board")
        .by_activity()
    )
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
