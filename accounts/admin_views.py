"""Wagtail admin screens: workshop invitations (editors) and the audit log (administrators)."""

import csv
from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from accounts import audit
from accounts.countries import all_countries
from accounts.models import AuditEvent, Invitation, Member, MemberStatus
from accounts.roles import ADMINISTRATOR, GROUP_NAMES, ROLE_CHOICES, ROLE_LABELS, roles_of
from accounts.security import lift_sign_in_lock, locked_emails, sign_in_locks


def is_administrator(user):
    """Return whether a user holds the administrator role (superusers do)."""
    return user.is_authenticated and user.is_active and ADMINISTRATOR in roles_of(user)


class InvitationCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        instance = super().save_instance()
        audit.record(
            audit.INVITATION_CREATED,
            user=self.request.user,
            obj=instance,
            request=self.request,
            workshop=instance.workshop,
            max_uses=instance.max_uses,
            expires_at=instance.expires_at.isoformat(),
            groups=[group.name for group in instance.groups.all()],
        )
        return instance


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["workshop", "groups", "country", "expires_at", "max_uses", "revoked"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        # Invitations add working groups only; roles beyond participant need vetting.
        self.fields["groups"].queryset = Group.objects.exclude(name__in=GROUP_NAMES.values()).order_by("name")
        self.fields["expires_at"].help_text = _("After this time the link no longer works.")
        self.fields["max_uses"].help_text = _("How many people may join through this link.")

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value

    def clean_max_uses(self):
        value = self.cleaned_data["max_uses"]
        if value < 1:
            raise forms.ValidationError(_("Allow at least one use."))
        return value


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = True
    menu_order = 800
    form_class = InvitationForm
    add_view_class = InvitationCreateView
    list_display = [
        "workshop",
        Column("join_url", label=_("Link to share")),
        "expires_at",
        Column("uses_display", label=_("Used")),
        Column("state_display", label=_("State")),
    ]
    search_fields = ["workshop"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return InvitationForm


invitation_viewset = InvitationViewSet("invitations")


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"), required=False)
    user = forms.CharField(label=_("Account (email contains)"), required=False, max_length=254)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = AuditEvent.objects.values_list("event", flat=True).distinct().order_by("event")
        names = set(audit.EVENT_LABELS) | set(used)
        self.fields["event"].choices = [("", _("All events"))] + sorted(
            ((name, audit.event_label(name)) for name in names), key=lambda choice: str(choice[1])
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, queryset):
        """Return the events matching the valid filters."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["event"]:
            queryset = queryset.filter(event=data["event"])
        if data["user"]:
            queryset = queryset.filter(username__icontains=data["user"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            queryset = queryset.filter(created_at__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
        if data["date_to"]:
            queryset = queryset.filter(created_at__lte=datetime.combine(data["date_to"], time.max, tzinfo=tz))
        return queryset


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["time", "event", "account", "ip_address", "object_type", "object_id", "object", "details"]


def _csv_rows(queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in queryset.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                event.created_at.isoformat(),
                event.event,
                _safe_cell(event.username),
                event.ip_address or "",
                event.object_type,
                event.object_id,
                _safe_cell(event.object_repr),
                _safe_cell(",".join(f"{key}={value}" for key, value in sorted(event.data.items()))),
            ]
        )


def _safe_cell(value):
    """Return a cell value that a spreadsheet will not run as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def audit_log(request):
    """Show the audit log filtered by event, account and dates; download it as CSV with format=csv."""
    if not is_administrator(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.newest_first().select_related("user"))
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "accounts/admin/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "events": [(event, audit.event_label(event.event)) for event in page.object_list],
            "query": query.urlencode(),
            "csv_query": csv_query.urlencode(),
        },
    )


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email contains"), required=False, max_length=254)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ModelChoiceField(label=_("Country"), queryset=None, required=False, empty_label=_("All countries"))
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *MemberStatus.choices]
        self.fields["country"].queryset = all_countries()
        self.fields["role"].choices = [("", _("Any role")), *ROLE_CHOICES]

    def filter(self, queryset):
        """Return the members matching the valid filters."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            queryset = queryset.filter(
                Q(user__email__icontains=text)
                | Q(user__first_name__icontains=text)
                | Q(user__last_name__icontains=text)
            )
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["country"]:
            queryset = queryset.filter(country=data["country"])
        if data["role"]:
            queryset = queryset.filter(user__groups__name=GROUP_NAMES[data["role"]])
        return queryset.distinct()


def member_list(request):
    """List members for administrators, filtered by status, country, role and name; link to their account pages."""
    if not is_administrator(request.user):
        raise PermissionDenied
    form = MemberFilterForm(request.GET or None)
    members = form.filter(Member.objects.select_related("user", "country").order_by("-created_at", "-pk"))
    page = Paginator(members, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    locked = locked_emails(member.user.email for member in page.object_list)
    rows = [
        (member, [ROLE_LABELS[role] for role in roles_of(member.user)], member.user.email.lower() in locked)
        for member in page.object_list
    ]
    return render(
        request,
        "accounts/admin/member_list.html",
        {"form": form, "page_obj": page, "rows": rows, "query": query.urlencode()},
    )


@require_POST
def lift_member_sign_in_lock(request, user_id):
    """Forget a member's failed sign-ins at every address (administrators), log it, and return to their page."""
    if not is_administrator(request.user):
        raise PermissionDenied
    member_user = get_object_or_404(get_user_model(), pk=user_id)
    addresses = [row["ip_address"] for row in sign_in_locks(member_user.email)]
    lift_sign_in_lock(member_user.email)
    audit.record(
        audit.SIGN_IN_LOCK_LIFTED,
        user=request.user,
        obj=member_user,
        request=request,
        member=member_user.email,
        addresses=addresses,
    )
    messages.success(request, gettext("Sign-in lock lifted: the member can sign in again from every address."))
    return redirect("wagtailusers_users:edit", member_user.pk)
