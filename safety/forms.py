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
