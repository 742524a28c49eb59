"""What a reader may open in the forum, and where a post sits in its thread; everything else answers 404."""

from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from forum import services
from forum.models import Board, Post, Status, Thread

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 30


def board_for(user, slug):
    return get_object_or_404(Board.objects.visible_to(user), slug=slug)


def thread_for(user, pk):
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


def post_for(user, pk):
    """Return a post this reader may open (published or deleted placeholder; own pending; moderators: any)."""
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    thread = thread_for(user, post.thread_id)
    post.thread = thread
    if post.status in (Status.PUBLISHED, Status.DELETED):
        return post
    if post.status == Status.PENDING and post.author_id == user.pk:
        return post
    if services.can_moderate(user, thread.board):
        return post
    raise Http404


def posts_shown(user, thread, moderator):
    posts = thread.posts.in_order()
    if moderator:
        return posts
    return posts.filter(Q(status__in=[Status.PUBLISHED, Status.DELETED]) | Q(status=Status.PENDING, author=user))


def _page_of(post, posts):
    before = posts.filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)).count()
    return before // POSTS_PER_PAGE + 1


def post_url(post, posts):
    page = _page_of(post, posts)
    return f"{reverse('forum:thread', args=[post.thread_id])}?page={page}#post-{post.pk}"


def go_back(request, fallback):
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)
