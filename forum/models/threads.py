import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library.storage import private_storage

from .boards import Board, moderated_board_ids, visible_board_ids


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting approval")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by its author")


class ThreadQuerySet(models.QuerySet):
    def _in_visible_boards(self, user):
        """Return the threads, whatever their status, of the boards this reader may see: the board part that
        for_reader and published_for_reader share (never a reader's answer on its own)."""
        boards = visible_board_ids(user)
        return self.filter(board_id__in=boards) if boards else self.none()

    def for_reader(self, user):
        """Return the threads this reader may open: published, their own pending ones, any in boards they moderate."""
        may_open = Q(status=Status.PUBLISHED) | Q(status=Status.PENDING, starter_id=user.pk)
        moderated = moderated_board_ids(user)
        if moderated:
            may_open |= Q(board_id__in=moderated)
        return self._in_visible_boards(user).filter(may_open)

    def published(self):
        """Return the published threads (what lists and counts show)."""
        return self.filter(status=Status.PUBLISHED)

    def published_for_reader(self, user):
        """Return the published threads of the boards this reader may see: for_reader(user).published(), without
        working out the boards they moderate (which only ever adds unpublished threads)."""
        return self._in_visible_boards(user).published()

    def by_activity(self):
        """Return threads pinned first, then by latest activity."""
        return self.order_by("-is_pinned", "-last_post_at", "-pk")


class Thread(models.Model):
    """A conversation in a board, started by its first post."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads", verbose_name=_("board"))
    title = models.CharField(_("title"), max_length=200)
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_threads"
    )
    library_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("library page discussed"),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_post_at = models.DateTimeField(default=timezone.now)
    post_count = models.PositiveIntegerField(default=0)
    answer = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("answer")
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["board", "status", "is_pinned", "last_post_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.pk])

    @property
    def first_post(self):
        """Return the opening post."""
        return self.posts.order_by("created_at", "pk").first()


class PostQuerySet(models.QuerySet):
    def _in_visible_boards(self, user):
        """Return the posts, whatever their status, in the boards this reader may see: the board part that for_reader
        and published_for_reader share (never a reader's answer on its own)."""
        boards = visible_board_ids(user)
        return self.filter(thread__board_id__in=boards) if boards else self.none()

    def for_reader(self, user):
        """Return the posts this reader may open: published or deleted placeholders and their own pending ones, in
        threads they may open; any post in boards they moderate."""
        thread_open = Q(thread__status=Status.PUBLISHED) | Q(thread__status=Status.PENDING, thread__starter_id=user.pk)
        post_open = Q(status__in=[Status.PUBLISHED, Status.DELETED]) | Q(status=Status.PENDING, author_id=user.pk)
        may_open = thread_open & post_open
        moderated = moderated_board_ids(user)
        if moderated:
            may_open |= Q(thread__board_id__in=moderated)
        return self._in_visible_boards(user).filter(may_open)

    def published(self):
        """Return the published posts of published threads (what lists, feeds and notifications show)."""
        return self.filter(status=Status.PUBLISHED, thread__status=Status.PUBLISHED)

    def published_for_reader(self, user):
        """Return the published posts of the boards this reader may see: for_reader(user).published(), without
        working out the boards they moderate (which only ever adds unpublished posts)."""
        return self._in_visible_boards(user).published()

    def readers_of(self, post, users):
        """Return those of these readers to whom published_for_reader(reader) shows this post, in one query.

        The same rule for many readers at once (a post's followers): the post as published() sees it now, and the
        board part of _in_visible_boards, asked of what each reader remembers (forum.models.remember_readers works
        it out for all of them first). Inactive or unapproved readers see no board, so they are never among them.
        """
        board_id = self.published().filter(pk=post.pk).values_list("thread__board_id", flat=True).first()
        if board_id is None:
            return []
        return [user for user in users if board_id in visible_board_ids(user)]

    def in_order(self):
        """Return posts in the order they were written (same-second posts by id)."""
        return self.order_by("created_at", "pk")


class Post(models.Model):
    """One message in a thread, written in Markdown and stored with its sanitized HTML."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    body = models.TextField(_("message"), max_length=20000)
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "status", "created_at"])]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    def save(self, *args, **kwargs):
        from forum.markdown import render_markdown

        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class PostRevision(models.Model):
    """The text a post had before one edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.post} @ {self.created_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    """A member marking a post helpful (once per member per post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_one_reaction_per_member")]

    def __str__(self):
        return f"{self.user} → {self.post}"


def attachment_path(instance, filename):
    """Return an unguessable storage path that keeps the file's extension."""
    return f"forum/attachments/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """An image (re-encoded without metadata) or a PDF attached to a post."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200, storage=private_storage)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:attachment", args=[self.pk])

    @property
    def content_type(self):
        if self.kind == self.Kind.PDF:
            return "application/pdf"
        return {".png": "image/png", ".webp": "image/webp", ".gif": "image/gif"}.get(
            PurePath(self.file.name).suffix, "image/jpeg"
        )
