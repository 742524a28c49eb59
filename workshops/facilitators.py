"""The facilitators field of the workshop editor: approved members found by searching, not a list of every user.

The widget renders only the members already chosen (as ticked boxes) and a search box; workshops/static/workshops/
member-chooser.js asks `views.members.member_search` (an admin URL) for up to 20 approved members whose name or email matches and
adds the one picked as another ticked box. The form field accepts approved, active members only.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberStatus

MIN_QUERY = 2
MAX_RESULTS = 20


def approved_members():
    """Return the users who may facilitate: active, and approved members (administrators always are)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(member__status=MemberStatus.APPROVED))
    )


def member_label(user):
    """Return how the chooser names a member: full name and email, and their country."""
    name = user.get_full_name()
    label = f"{name} <{user.email}>" if name else user.email
    country = getattr(getattr(getattr(user, "member", None), "country", None), "label", "")
    return f"{label} · {country}" if country else label


class MemberSearchWidget(forms.SelectMultiple):
    """Ticked boxes for the chosen members and a search box that adds more (see the module's docstring)."""

    template_name = "workshops/widgets/member_search.html"

    class Media:
        js = ["workshops/member-chooser.js"]
        css = {"all": ["workshops/member-chooser.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [str(pk) for pk in (value or []) if pk not in ("", None)]
        users = (
            get_user_model()
            .objects.filter(pk__in=chosen)
            .select_related("member__country")
            .order_by("first_name", "email")
        )
        context["chosen"] = [(str(user.pk), member_label(user)) for user in users]
        context["search_url"] = reverse("workshops_member_search")
        context["min_query"] = MIN_QUERY
        return context

    def optgroups(self, name, value, attrs=None):
        return []  # never list every user


class FacilitatorsField(forms.ModelMultipleChoiceField):
    widget = MemberSearchWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", approved_members())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("facilitators"))
        kwargs.setdefault(
            "help_text",
            _("The members who train at this workshop: they invite participants, run the tests and see results. "
              "Search by name or email; only approved members can be chosen."),
        )  # fmt: skip
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = _(
            "%(value)s is not an approved member: only approved members can facilitate."
        )
