"""Forms of the anonymity review and the review guard, each asking for a reason that goes to the audit log."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonField(forms.CharField):
    """A required reason: surrounding blanks stripped, and a reason of blanks only refused with the missing message."""

    def __init__(self, *, missing, rows=2, max_length=500, **kwargs):
        super().__init__(
            max_length=max_length,
            strip=True,
            widget=forms.Textarea(attrs={"rows": rows}),
            error_messages={"required": missing},
            **kwargs,
        )


class OverrideForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = ReasonField(
        label=_("Why is this not identifying?"),
        missing=_("Give the reason this is not identifying; an override needs a reason."),
        help_text=_("For example: this is the national trafficking hotline, published on posters."),
    )


class PurgeHistoryForm(forms.Form):
    reason = ReasonField(
        label=_("Why purge this page's history?"),
        missing=_("Give the reason for the purge; it goes to the audit log."),
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


class PublishWithoutReviewForm(forms.Form):
    reason = ReasonField(
        label=_("Why must this page go live without its review?"),
        missing=_("Give the reason; publishing without review is refused without one."),
        rows=3,
        max_length=1000,
        help_text=_(
            "The reason is kept in the audit log with your name. For example: a correction ordered by the "
            "steering committee while both reviewers are away."
        ),
    )
