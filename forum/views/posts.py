"""Post pages and actions: open, edit, delete, history, helpful, answer, flag, attachments, a member's posts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import services
from forum.forms import EditForm, FlagForm
from forum.models import Attachment, ForumProfile, Post, Status
from forum.views.reading import go_back, post_for, post_url, posts_shown
from safety.files import private_file_response


@login_required
def post_redirect(request, pk):
    """Redirect to the page of its thread that shows this post."""
    post = post_for(request.user, pk)
    return HttpResponseRedirect(post_url(post, posts_shown(request.user, post.thread)))


@login_required
def post_edit(request, pk):
    """Edit one's own post (moderators may edit any); the previous text goes into its history."""
    post = post_for(request.user, pk)
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
    post = post_for(request.user, pk)
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
    post = post_for(request.user, pk)
    if not services.can_moderate(request.user, post.thread.board):
        raise Http404
    revisions = post.revisions.select_related("edited_by__forum_profile")
    return render(request, "forum/post_history.html", {"post": post, "thread": post.thread, "revisions": revisions})


@login_required
@require_POST
def post_helpful(request, pk):
    """Mark a post helpful, or take the mark back."""
    post = post_for(request.user, pk)
    if post.status != Status.PUBLISHED or post.author_id == request.user.pk:
        raise Http404
    services.toggle_helpful(post, request.user)
    return go_back(request, post.get_absolute_url())


@login_required
@require_POST
def post_answer(request, pk):
    """Mark a reply as the thread's answer (its starter or a moderator), or clear the mark."""
    post = post_for(request.user, pk)
    if post.status != Status.PUBLISHED or not services.can_mark_answer(request.user, post.thread):
        raise Http404
    if services.mark_answer(post.thread, post):
        messages.success(request, _("Marked as the answer."))
    else:
        messages.success(request, _("No longer marked as the answer."))
    return go_back(request, post.get_absolute_url())


@login_required
def post_flag(request, pk):
    """Report a post to the moderators with a reason."""
    post = post_for(request.user, pk)
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
    post = post_for(request.user, item.post_id)
    if post.status == Status.DELETED:
        raise Http404
    storage, name = item.file.storage, item.file.name
    if not name or not storage.exists(name):
        raise Http404
    try:
        response = private_file_response(
            storage,
            name,
            item.content_type,
            as_attachment=item.kind == Attachment.Kind.PDF,
            filename=item.name,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def member_detail(request, handle):
    """Show a member's handle and their recent posts that this reader may see."""
    profile = get_object_or_404(ForumProfile.objects.select_related("user"), handle=handle.lower())
    posts = (
        Post.objects.for_reader(request.user)
        .published()
        .filter(author=profile.user)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:20]
    )
    can_suspend = services.moderated_boards(request.user).exists() and profile.user_id != request.user.pk
    return render(request, "forum/member.html", {"profile": profile, "posts": posts, "can_suspend": can_suspend})
