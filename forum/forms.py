from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Member, member_of
from forum.models import Board, Flag, ForumProfile
from forum.uploads import MAX_ATTACHMENTS, clean_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to four images or PDFs, each checked by content and re-encoded or verified."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text", _("Up to four images or PDFs, 5 MB each. Photos are stripped of location and camera data.")
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


BODY_HELP = _("Markdown: **bold**, *italic*, > quote, - list, [link](https://…). Mention a member with @handle.")


def body_field():
    return forms.CharField(
        label=_("Message"),
        max_length=20000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=True,
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, strip=True)
    body = body_field()
    attachments = AttachmentsField()


class DiscussForm(ThreadForm):
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none(), empty_label=None)

    field_order = ["board", "title", "body", "attachments"]

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class ReplyForm(forms.Form):
    body = body_field()
    attachments = AttachmentsField()


class EditForm(forms.Form):
    body = body_field()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this post?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MoveForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Move to board"), queryset=Board.objects.none(), empty_label=None)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (recorded in the moderation log)"), required=False, max_length=300)


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Suspend posting for how many days?"),
        min_value=0,
        max_value=365,
        help_text=_("0 lifts a suspension."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProfileForm(forms.ModelForm):
    """A member's handle and display name, and their one email preference (stored on the member profile)."""

    notifications = Member._meta.get_field("notifications").formfield(widget=forms.RadioSelect)

    class Meta:
        model = ForumProfile
        fields = ["handle", "display_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member_of(self.instance.user)
        self.fields["notifications"].initial = self.member.notifications

    def save(self, commit=True):
        profile = super().save(commit=commit)
        if commit:
            self.member.notifications = self.cleaned_data["notifications"]
            self.member.save(update_fields=["notifications"])
        return profile

    def clean_handle(self):
        handle = self.cleaned_data["handle"].lower()
        if ForumProfile.objects.filter(handle=handle).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another member already uses this handle."))
        return handle
