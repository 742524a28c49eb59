"""Forms of the workshop tools: invitations, attendance, and one test question at a time."""

import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import is_approved_member
from workshops.choices import QuestionKind
from workshops.invitations import MAX_EMAILS, parse_emails

User = get_user_model()


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One address a line (or separated by commas). Each person gets the link in a message of their own."
        ),
    )

    def clean_emails(self):
        valid, invalid = parse_emails(self.cleaned_data["emails"])
        if invalid:
            raise forms.ValidationError(
                _("These are not email addresses: %(entries)s"), params={"entries": ", ".join(invalid[:10])}
            )
        if not valid:
            raise forms.ValidationError(_("Give at least one email address."))
        if len(valid) > MAX_EMAILS:
            raise forms.ValidationError(_("At most %(count)d addresses at a time."), params={"count": MAX_EMAILS})
        return valid


class NewLinkForm(forms.Form):
    max_uses = forms.IntegerField(
        label=_("How many people may join through it"), min_value=1, max_value=500, initial=60
    )


def ascii_digits(text):
    """Return text with every decimal digit (Thai, Lao, Khmer, …) written as an ASCII digit."""
    return "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in text)


class NumberField(forms.CharField):
    """A number typed on a phone: any script's digits, a comma or a point for decimals."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        text = ascii_digits(value).strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Type a number, for example 12 or 2.5.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e9"):
            raise forms.ValidationError(_("Type a number, for example 12 or 2.5."))
        return number.quantize(Decimal("0.001"))


class QuestionForm(forms.Form):
    """One test item, in the reader's language; its answer is required."""

    def __init__(self, question, *args, answer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        label = question.label
        if question.kind == QuestionKind.NUMERIC:
            self.fields["answer"] = NumberField(
                label=label, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
            )
            initial = answer.number.normalize() if answer is not None and answer.number is not None else None
        elif question.kind == QuestionKind.TRUE_FALSE:
            self.fields["answer"] = forms.TypedChoiceField(
                label=label,
                choices=[("true", _("True")), ("false", _("False"))],
                coerce=lambda value: value == "true",
                widget=forms.RadioSelect,
            )
            initial = None if answer is None or answer.truth is None else ("true" if answer.truth else "false")
        else:
            choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            if question.kind == QuestionKind.MULTIPLE:
                self.fields["answer"] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick every right answer."),
                )
                initial = [str(pk) for pk in answer.choices.values_list("pk", flat=True)] if answer else None
            else:
                self.fields["answer"] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
                chosen = list(answer.choices.values_list("pk", flat=True)) if answer else []
                initial = str(chosen[0]) if chosen else None
        self.fields["answer"].error_messages["required"] = _("Choose or type an answer, or skip this question.")
        if initial is not None:
            self.initial["answer"] = initial

    def answer_values(self):
        """Return the cleaned answer as keyword arguments of Question.is_correct."""
        value = self.cleaned_data["answer"]
        if self.question.kind == QuestionKind.NUMERIC:
            return {"number": value}
        if self.question.kind == QuestionKind.TRUE_FALSE:
            return {"truth": value}
        if self.question.kind == QuestionKind.MULTIPLE:
            return {"choice_ids": [int(pk) for pk in value]}
        return {"choice_ids": [int(value)]}


class ResultsViewerForm(forms.Form):
    """A trainer names an approved member who reads the results for one of the workshop's agencies."""

    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("The address they sign in with. They must be an approved member."),
    )
    agency = forms.ChoiceField(label=_("For the agency"))

    def __init__(self, workshop, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [*workshop.partner_list(), workshop.organisers.strip()]
        self.fields["agency"].choices = [(name, name) for name in dict.fromkeys(filter(None, agencies))]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).select_related("member").first()
        if user is None or not is_approved_member(user):
            raise forms.ValidationError(_("No approved member signs in with this address."))
        return user
