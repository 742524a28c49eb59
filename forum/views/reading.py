"""What a reader may open in the forum, and where a post sits in its thread; everything else answers 404."""

from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from forum.models import Board, Post, Thread

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 30


def board_for(user, slug):
    """Return a board this reader may see."""
    return get_object_or_404(Board.objects.for_reader(user), slug=slug)


def thread_for(user, pk):
    """Return a thread this reader may open (see ThreadQuerySet.for_reader)."""
    return get_object_or_404(Thread.objects.for_reader(user).select_related("board"), pk=pk)


def post_for(user, pk):
    """Return a post this reader may open (see PostQuerySet.for_reader)."""
    return get_object_or_404(Post.objects.for_reader(user).select_related("thread__board", "author"), pk=pk)


def posts_shown(user, thread):
    """Return the posts of a thread this reader may open, in the order they were written."""
    return thread.posts.for_reader(user).in_order()


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
