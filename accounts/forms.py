from allauth.core import context
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.countries import all_countries
from accounts.invitations import consume_invitation_from_session, invitation_in_session
from accounts.models import Member, MemberStatus
from accounts.roles import OFFICER, ROLE_CHOICES, ROLES


class MemberSignupForm(forms.Form):
    """The extra questions allauth's sign-up form asks; vetting depends on them."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    country = forms.ModelChoiceField(
        queryset=None, label=_("Country"), help_text=_("The country whose agency you work for.")
    )
    agency = forms.CharField(label=_("Agency"), max_length=200, help_text=_("For example: Immigration Police."))
    position = forms.CharField(label=_("Position"), max_length=200)
    work_email = forms.EmailField(
        label=_("Work email"),
        help_text=_("Your official address at your agency, so that your focal point can confirm your role."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you read"),
        choices=settings.CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = all_countries()
        invitation = self._invitation()
        if invitation is not None and invitation.country_id and not self.is_bound:
            self.initial.setdefault("country", invitation.country_id)

    @property
    def invitation(self):
        """Return the usable invitation this visitor is registering through, or None."""
        return self._invitation()

    def _invitation(self):
        request = context.request
        return invitation_in_session(request) if request is not None else None

    def signup(self, request, user):
        """Save the member profile of a new account: pending, or approved through a valid invitation.

        The approvers hear of a pending applicant once the applicant has confirmed their email (accounts.signals).
        """
        first, _space, last = self.cleaned_data["name"].strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        member, _created = Member.objects.get_or_create(user=user)
        member.country = self.cleaned_data["country"]
        member.agency = self.cleaned_data["agency"]
        member.position = self.cleaned_data["position"]
        member.work_email = self.cleaned_data["work_email"]
        member.languages = list(self.cleaned_data["languages"])
        member.ui_language = getattr(request, "LANGUAGE_CODE", "") or ""
        member.status = MemberStatus.PENDING
        member.save()
        consume_invitation_from_session(request, user)


class ProfileForm(forms.ModelForm):
    """What a member may change about themselves."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you read"),
        choices=settings.CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Member
        fields = ["agency", "position", "work_email", "languages", "ui_language", "notifications"]
        widgets = {"notifications": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = self.instance.user.first_name
        self.fields["last_name"].initial = self.instance.user.last_name
        self.fields["ui_language"].choices = [("", _("Follow my browser"))] + list(settings.LANGUAGES)
        self.order_fields(["first_name", "last_name", *self.Meta.fields])

    def save(self, commit=True):
        member = super().save(commit=False)
        member.languages = list(self.cleaned_data["languages"])
        user = member.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        if commit:
            user.save(update_fields=["first_name", "last_name"])
            member.save()
        return member


class DecisionForm(forms.Form):
    """Approve or reject one pending member, choosing the role an approval grants."""

    APPROVE = "approve"
    REJECT = "reject"

    member = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=OFFICER, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the applicant with a rejection; kept in the audit log."),
    )

    def __init__(self, *args, grantable_roles=ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, label) for role, label in ROLE_CHOICES if role in grantable_roles]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.APPROVE and not cleaned.get("role"):
            self.add_error("role", _("Choose the role this member is approved for."))
        return cleaned


class DeleteAccountForm(forms.Form):
    """Confirm deleting one's own account with the current password."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account is deleted and cannot be restored; my forum posts stay, shown as by a former member."
        )
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password
