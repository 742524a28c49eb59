"""Forms of the anonymity review: override a finding with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OverrideForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label=_("Why is this not identifying?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason this is not identifying; an override needs a reason.")},
        help_text=_("For example: this is the national trafficking hotline, published on posters."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason this is not identifying; an override needs a reason."))
        return reason


class PurgeHistoryForm(forms.Form):
    reason = forms.CharField(
        label=_("Why purge this page's history?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the purge; it goes to the audit log.")},
        help_text=_(
            "For example: a victim's name was pasted into an earlier draft. The reason is kept in the audit log."
        ),
    )
    values = forms.CharField(
        label=_("Other values to remove (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "One a line, at least 3 characters: names or numbers the check did not flag. They are replaced with "
            "[REDACTED] in every copy, the current text included, and are not stored anywhere."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the purge; it goes to the audit log."))
        return reason
