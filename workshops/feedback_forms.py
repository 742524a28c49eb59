"""Forms of the feedback form, the follow-up questionnaire and the trainers' settings of both.

Free text is checked with the anonymization guard's detector: a name, phone number, passport number … refuses the
form with what was found, and the participant either rewrites the text or ticks the box that replaces each detail
with a placeholder. Text is stored as typed (or redacted) and always shown escaped.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from library.models import Country
from safety.detector import redact, scan_fields
from safety.review.findings import KIND_LABELS, watched_names
from workshops.models import FeedbackResponse, FeedbackSettings
from workshops.models.feedback import MAX_TEXT, RATING_ITEMS, Rating, Used


class IdentifyingDetailsCheck:
    """Refuse identifying details in the listed free-text fields, unless the participant lets them be replaced."""

    scanned_fields = ()

    def add_replace_field(self):
        self.fields["replace_details"] = forms.BooleanField(
            label=_("Replace the details found with placeholders such as [PERSON 1], and save"), required=False
        )
        self.details_found = False

    def check_details(self, cleaned):
        texts = {name: cleaned.get(name) or "" for name in self.scanned_fields}
        found = scan_fields(texts, watched_names())
        if not any(found.values()):
            return cleaned
        if cleaned.get("replace_details"):
            for name, findings in found.items():
                if findings:
                    cleaned[name] = redact(texts[name], findings)
            return cleaned
        self.details_found = True
        for name, findings in found.items():
            if findings:
                shown = "; ".join(f"{KIND_LABELS.get(f.kind, f.kind)} “{f.text}”" for f in findings[:5])
                self.add_error(
                    name,
                    ngettext(
                        "This looks like a detail that identifies a person: %(found)s. Remove it, or tick the box "
                        "below to replace it with a placeholder.",
                        "These look like details that identify a person: %(found)s. Remove them, or tick the box "
                        "below to replace them with placeholders.",
                        len(findings),
                    )
                    % {"found": shown},
                )
        return cleaned


def text_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )


class FeedbackForm(IdentifyingDetailsCheck, forms.ModelForm):
    """The end-of-workshop reaction form: four statements rated 1 to 5, and two short texts."""

    scanned_fields = ("most_useful", "to_improve")

    most_useful = text_field(_("What was most useful to you?"))
    to_improve = text_field(_("What should we improve?"))

    class Meta:
        model = FeedbackResponse
        fields = [name for name, _label in RATING_ITEMS] + ["most_useful", "to_improve"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, statement in RATING_ITEMS:
            self.fields[name] = forms.TypedChoiceField(
                label=statement,
                choices=Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a number from 1 to 5.")},
            )
        self.add_replace_field()

    def clean(self):
        return self.check_details(super().clean())

    def rating_fields(self):
        return [self[name] for name, _label in RATING_ITEMS]


class FollowUpForm(IdentifyingDetailsCheck, forms.Form):
    """The follow-up questionnaire: used or not, which methods, cooperation across the border, an example."""

    scanned_fields = ("other_method", "example")

    used = forms.ChoiceField(
        label=_("Have you used what you learned at the workshop in your work?"),
        choices=Used.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes, partly or no.")},
    )
    methods = forms.TypedMultipleChoiceField(
        label=_("Which method did you use?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every one you used."),
    )
    other_method = forms.CharField(label=_("Another method"), max_length=300, required=False)
    cooperated = forms.TypedChoiceField(
        label=_("Did you cooperate with officers across the border?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    partner_country = forms.ModelChoiceField(
        label=_("With which country?"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Choose a country"),
    )
    example = text_field(
        _("An example, in a few sentences"),
        _("What you did and what came of it. Leave out names and anything else that identifies a person."),
    )

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methods"].choices = [(page.pk, shown.title) for page, shown in methods]
        if not methods:
            self.fields["methods"].widget = forms.MultipleHiddenInput()
        self.add_replace_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("used") in (Used.YES, Used.PARTLY):
            if not cleaned.get("methods") and not (cleaned.get("other_method") or "").strip():
                self.add_error("methods", _("Tick a method, or name the one you used under “Another method”."))
        else:
            cleaned["methods"], cleaned["other_method"] = [], ""
        if cleaned.get("cooperated") is True and not cleaned.get("partner_country"):
            self.add_error("partner_country", _("Choose the country you cooperated with."))
        if cleaned.get("cooperated") is False:
            cleaned["partner_country"] = None
        return self.check_details(cleaned)

    @classmethod
    def initial_of(cls, follow_up):
        if not follow_up.is_answered:
            return {}
        return {
            "used": follow_up.used,
            "methods": list(follow_up.methods.values_list("pk", flat=True)),
            "other_method": follow_up.other_method,
            "cooperated": "yes" if follow_up.cooperated else "no",
            "partner_country": follow_up.partner_country_id,
            "example": follow_up.example,
        }


class FeedbackSettingsForm(forms.ModelForm):
    """The trainers' follow-up schedule."""

    class Meta:
        model = FeedbackSettings
        fields = ["follow_up_enabled", "follow_up_after_days", "reminder_every_days", "max_reminders"]
        help_texts = {
            "follow_up_after_days": _("The questionnaire goes out this many days after the workshop's last day."),
            "max_reminders": _("Reminders stop as soon as the participant answers, or leaves the cohort."),
        }


def save_follow_up(follow_up, form, language):
    """Store the questionnaire's answers (all of them, in one transaction; the caller holds it)."""
    data = form.cleaned_data
    follow_up.used = data["used"]
    follow_up.other_method = (data.get("other_method") or "").strip()
    follow_up.cooperated = data["cooperated"]
    follow_up.partner_country = data.get("partner_country")
    follow_up.example = (data.get("example") or "").strip()
    follow_up.language = language
    follow_up.answered_at = follow_up.answered_at or timezone.now()
    follow_up.save()
    follow_up.methods.set(data.get("methods") or [])
    return follow_up
