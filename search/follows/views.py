"""Follow and unfollow a search, the member's list of followed searches, opening an alert, and unsubscribing."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.notifications import member_language
from search import facets
from search.documents import FACETS
from search.follows import core
from search.follows.models import Delivery, FollowedSearch, SearchAlert, Source
from search.forms import ListField, SearchForm


class FollowForm(SearchForm):
    """What the follow button posts: the search's text and filters (checked as /search/ checks them) and where from."""

    source = forms.ChoiceField(choices=Source.choices, required=False)
    scope = ListField(required=False)
    path = forms.CharField(required=False, max_length=500)
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            lists = (*FACETS, *facets.reader_filters(), "scope")
            data = {key: data.getlist(key) if key in lists else data.get(key) for key in data}
        super().__init__(data, *args, **kwargs)

    def clean_source(self):
        return self.cleaned_data["source"] or Source.SEARCH

    def clean_scope(self):
        return facets.clean("type", self.cleaned_data["scope"])

    @property
    def follow_filters(self) -> dict[str, list[str]]:
        """Return every filter posted: the search's facets (checked), the listing's reader filters and year range
        (as posted: core.follow checks them with their owners and refuses a bad one by name)."""
        filters = dict(self.filters)
        for name in facets.reader_filters():
            values = ListField().to_python(self.data.get(name))
            if values:
                filters[name] = values
        for name in core.RANGE:
            value = self.data.get(name)
            value = value[0] if isinstance(value, list) and value else value
            if isinstance(value, str) and value.strip():
                filters[name] = [value.strip()]
        return filters


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FollowedSearch
        fields = ["name", "delivery"]
        widgets = {"delivery": forms.RadioSelect}
        labels = {"name": gettext_lazy("Name"), "delivery": gettext_lazy("Email")}


def _back(request, fallback="/search/"):
    """Return the local address the form came from (its 'next', query string kept), else the fallback."""
    target = request.POST.get("next", "")
    return target if core.safe_path(target) and "\\" not in target else fallback


@require_POST
def follow(request):
    """Follow the posted search (signed-in members; visitors are sent to sign in first)."""
    form = FollowForm(request.POST)
    back = _back(request)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not form.is_valid():
        _name, message = form.first_error()
        messages.error(request, _("This search cannot be followed: %(reason)s") % {"reason": message})
        return redirect(back)
    data = form.cleaned_data
    source = data["source"]
    path = core.safe_path(data["path"]) if source == Source.LIBRARY else ""
    scope = data["scope"] if source == Source.LIBRARY else []
    try:
        followed, created = core.follow(
            request.user, source=source, query=data["q"], filters=form.follow_filters, scope=scope, path=path
        )
    except core.FollowRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    name = core.describe(followed)
    if created:
        messages.success(
            request,
            _("You follow %(name)s. New matches appear in your notifications and by email (%(delivery)s).")
            % {"name": name, "delivery": followed.get_delivery_display()},
        )
    else:
        messages.info(request, _("You already follow %(name)s.") % {"name": name})
    return redirect(back)


@login_required
@require_POST
def unfollow(request, pk):
    """Stop following one of the member's searches."""
    followed = get_object_or_404(FollowedSearch, pk=pk, user=request.user)
    name = core.describe(followed)
    followed.delete()
    messages.success(request, _("You no longer follow %(name)s.") % {"name": name})
    return redirect(_back(request, reverse("follows:list")))


@login_required
@require_POST
def update(request, pk):
    """Rename a followed search or choose how its matches are emailed."""
    followed = get_object_or_404(FollowedSearch, pk=pk, user=request.user)
    form = SettingsForm(request.POST, instance=followed)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved: %(name)s.") % {"name": core.describe(followed)})
    else:
        messages.error(request, _("Not saved: choose how to be emailed, and keep the name under 120 characters."))
    return redirect("follows:list")


@login_required
@require_http_methods(["GET", "POST"])
def follow_list(request):
    """List the member's followed searches with their new matches; POST marks every match read."""
    if request.method == "POST":
        SearchAlert.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("All matches are marked as read."))
        return redirect("follows:list")
    follows = list(FollowedSearch.objects.filter(user=request.user).order_by("-created_at", "-pk"))
    unread = SearchAlert.objects.filter(user=request.user, read_at__isnull=True).select_related("follow")
    by_follow = {}
    for alert, entry in core.visible_alerts(request.user, unread.order_by("-created_at", "-pk")[:200]):
        by_follow.setdefault(alert.follow_id, []).append({"alert": alert, "entry": entry})
    rows = [
        {
            "follow": followed,
            "name": core.describe(followed),
            "url": core.open_url(followed),
            "form": SettingsForm(instance=followed),
            "new": by_follow.get(followed.pk, []),
        }
        for followed in follows
    ]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "follows/list.html",
        {"page_obj": page, "rows": page.object_list, "limit": core.MAX_FOLLOWS, "count": len(follows)},
    )


@login_required
def open_alert(request, pk):
    """Mark an alert read and go to its document, if the member may still see it."""
    alert = get_object_or_404(SearchAlert, pk=pk, user=request.user)
    entry = core.visible_entries(request.user, [alert.doc_id]).get(alert.doc_id)
    if entry is None:
        raise Http404
    if alert.read_at is None:
        SearchAlert.objects.filter(pk=alert.pk).update(read_at=timezone.now())
    return redirect(entry.url)


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop the email of one followed search (or of all) for the member the signed token names; POST does it."""
    data = core.read_token(token)
    user = get_user_model().objects.filter(pk=data["u"]).first() if data else None
    if user is None:
        return render(request, "follows/unsubscribe.html", {"invalid": True}, status=400)
    follows = FollowedSearch.objects.filter(user=user)
    if data["f"] is not None:
        follows = follows.filter(pk=data["f"])
        if not follows.exists():
            return render(request, "follows/unsubscribe.html", {"gone": True}, status=410)
    done = False
    if request.method == "POST":
        follows.update(delivery=Delivery.OFF)
        done = True
    # Whoever opens the link, the page speaks the language the member's email was written in.
    with translation.override(member_language(user)):
        name = core.describe(follows[0]) if data["f"] is not None else None
        return render(request, "follows/unsubscribe.html", {"done": done, "name": name, "token": token})
