"""Search documents of threads and posts (kind "discussion"), with their board's audience tokens."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forum.markdown import plain_text
from forum.models import Board, Post, Status, Thread
from search import facets
from search.documents import SearchDocument, register
from textproc.pipeline import detect_language

CONTENT_LANGUAGES = frozenset(code for code, _name in settings.CONTENT_LANGUAGES)


def _language(text):
    """Return the content language guessed from the script of a text (Markdown posts record none)."""
    language = detect_language(text)
    return language if language in CONTENT_LANGUAGES else "en"


def build_thread(thread):
    """Return the document of a published thread (its title and opening post), or None."""
    if thread.status != Status.PUBLISHED:
        return None
    opening = thread.first_post
    text = plain_text(opening.body_html) if opening and opening.status == Status.PUBLISHED else ""
    return SearchDocument(
        id=f"thread:{thread.pk}",
        kind="discussion",
        title=thread.title,
        url=thread.get_absolute_url(),
        language=_language(thread.title + " " + text),
        summary=text[:300],
        text=text,
        date=thread.created_at,
        audience=thread.board.audience_tokens(),
    )


def build_post(post):
    """Return the document of a published reply in a published thread, or None (the opening post is the thread)."""
    thread = post.thread
    if post.status != Status.PUBLISHED or thread.status != Status.PUBLISHED:
        return None
    opening = thread.first_post
    if opening and opening.pk == post.pk:
        return None
    text = plain_text(post.body_html)
    return SearchDocument(
        id=f"post:{post.pk}",
        kind="discussion",
        title=thread.title,
        url=post.get_absolute_url(),
        language=_language(text),
        summary=text[:300],
        text=text,
        date=post.created_at,
        audience=thread.board.audience_tokens(),
    )


def _threads():
    return (
        Thread.objects.filter(status=Status.PUBLISHED).select_related("board").order_by("pk").iterator(chunk_size=500)
    )


def _posts():
    return (
        Post.objects.filter(status=Status.PUBLISHED, thread__status=Status.PUBLISHED)
        .select_related("thread__board")
        .order_by("pk")
        .iterator(chunk_size=500)
    )


def register_documents():
    """Register the "discussion" kind, threads and posts with the search service."""
    facets.register_kind("discussion", _("Discussion"))
    register(Thread, build_thread, prefix="thread", queryset=_threads)
    register(Post, build_post, prefix="post", queryset=_posts)


def update(*objects):
    """Index or remove each of these threads and posts as they now are; return how many were indexed."""
    from search.indexing import update_many

    return update_many(objects)[0]


def update_board(board):
    """Re-index every thread and post of a board (after its audience changed)."""
    threads = list(Thread.objects.filter(board=board).select_related("board"))
    posts = list(Post.objects.filter(thread__board=board).select_related("thread__board"))
    return update(*threads, *posts)


def on_board_saved(sender, instance, created, **kwargs):
    """Re-index a changed board's discussions, whose audience may have changed."""
    if not created:
        update_board(instance)


def on_board_groups_changed(sender, instance, action, **kwargs):
    """Re-index a board's discussions when its working groups change."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Board):
        update_board(instance)


def connect():
    """Register forum documents with search and keep them current when a board's audience changes."""
    from django.db.models.signals import m2m_changed, post_save

    register_documents()
    post_save.connect(on_board_saved, sender=Board, dispatch_uid="forum-board-saved")
    m2m_changed.connect(on_board_groups_changed, sender=Board.groups.through, dispatch_uid="forum-board-groups")


def reindex_all():
    """Index every published thread and post; return how many documents were written."""
    written = 0
    batch = []
    for obj in [*_threads(), *_posts()]:
        batch.append(obj)
        if len(batch) == 200:
            written += update(*batch)
            batch = []
    return written + update(*batch)
