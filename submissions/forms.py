"""The "Share a case" form: guided fields that follow the case-study page, and attachments checked by content."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from library.choices import AgeBand, GenderBand, Language, OutcomeStatus, VictimCountBand
from library.models import Country, CrimeType, RecruitmentChannel


def _count_into(message, count: int) -> str:
    """Return a translated message with its %(count)d filled in."""
    return message % {"count": count}


# Form fields are built once, at import: the help text must be translated each time it is shown.
_counted = lazy(_count_into, str)

MAX_IMAGES = 5
MAX_DOCUMENTS = 5
FIRST_YEAR = 1990


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and returns a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def story_field(label, help_text, required=False):
    """Return a multi-line text field for one section of the case."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ShareCaseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "What happened, in a few words, without names: for example “Workers recruited through a fake job advert”."
        ),
    )
    language = forms.ChoiceField(
        label=_("Written in"), choices=Language.choices, help_text=_("The language you write this case in.")
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences. No names or identifying details."),
    )
    origin_countries = forms.ModelMultipleChoiceField(
        label=_("Countries of origin"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    transit_countries = forms.ModelMultipleChoiceField(
        label=_("Transit countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    destination_countries = forms.ModelMultipleChoiceField(
        label=_("Countries of destination"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    border_area = forms.CharField(
        label=_("Border area or province"),
        max_length=200,
        required=False,
        help_text=_("A province, district or crossing point; never a village, street or address."),
    )
    year = forms.IntegerField(label=_("Year the events began"), help_text=_("For example 2023."))
    year_end = forms.IntegerField(
        label=_("Last year of events"), required=False, help_text=_("Leave empty if it all happened in one year.")
    )
    crime_types = forms.ModelMultipleChoiceField(
        label=_("Crime types"), queryset=CrimeType.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    recruitment_channels = forms.ModelMultipleChoiceField(
        label=_("Recruitment channels"),
        queryset=RecruitmentChannel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modus_operandi = story_field(_("How the offenders operated"), _("Recruitment, transport, control, payment."), True)
    victim_count = forms.ChoiceField(
        label=_("Number of victims"), choices=VictimCountBand.choices, initial=VictimCountBand.UNKNOWN
    )
    victim_age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    victim_gender = forms.ChoiceField(label=_("Gender"), choices=GenderBand.choices, initial=GenderBand.UNKNOWN)
    detection = story_field(_("How it was detected"), _("Tip-off, screening, patrol, hotline call…"))
    investigation_steps = story_field(
        _("Investigation steps"), _("What investigators did, in order: interviews, records checks, arrests.")
    )
    cooperation = story_field(_("Cooperation across borders"), _("Which agencies worked together, and how."))
    outcome_status = forms.ChoiceField(
        label=_("Outcome"), choices=OutcomeStatus.choices, initial=OutcomeStatus.INVESTIGATION
    )
    sentence = forms.CharField(
        label=_("Sentence"),
        max_length=255,
        required=False,
        help_text=_("For example: 12 years' imprisonment and a fine."),
    )
    lessons_learned = story_field(
        _("Lessons learned"),
        _("What other officers can take from this case: what worked, what to do differently."),
        True,
    )
    images = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_counted(
            _(
                "Up to %(count)d JPEG, PNG, WebP or GIF pictures. Location and camera details are removed. "
                "Never send photos of victims."
            ),
            MAX_IMAGES,
        ),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_counted(
            _("Up to %(count)d PDF or Word (DOCX) files. Their text is checked for names and numbers too."),
            MAX_DOCUMENTS,
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have left out names, phone numbers, addresses and other details that identify a person, as far as I can."
        ),
        error_messages={"required": _("Confirm that you have left out identifying details.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("origin_countries", "transit_countries", "destination_countries"):
            self.fields[name].queryset = Country.objects.all()
        self.fields["crime_types"].queryset = CrimeType.objects.all()
        self.fields["recruitment_channels"].queryset = RecruitmentChannel.objects.all()
        for name in ("crime_types", "recruitment_channels"):
            # Choices are named in the reader's language (each entry's str) and listed in that language's order.
            field = self.fields[name]
            field.choices = sorted(field.choices, key=lambda choice: str(choice[1]).casefold())
        self.fields["images"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        self.fields["documents"].widget.attrs["accept"] = ".pdf,.docx,application/pdf"

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = datetime.date.today().year
        if not FIRST_YEAR <= year <= this_year:
            raise ValidationError(
                _("Enter a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": this_year}
            )
        return year

    def clean_images(self):
        from safety.uploads import sanitize_image

        files = self.cleaned_data["images"]
        if len(files) > MAX_IMAGES:
            raise ValidationError(_("Attach at most %(count)d photos.") % {"count": MAX_IMAGES})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(sanitize_image(upload))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean_documents(self):
        from library.extraction import extract_text
        from safety.uploads import validate_document

        files = self.cleaned_data["documents"]
        if len(files) > MAX_DOCUMENTS:
            raise ValidationError(_("Attach at most %(count)d documents.") % {"count": MAX_DOCUMENTS})
        cleaned, errors = [], []
        for upload in files:
            try:
                validate_document(upload)
                upload.seek(0)
                text = extract_text(upload.read())
                upload.seek(0)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
                continue
            cleaned.append((upload, text))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        cleaned = super().clean()
        roles = [
            cleaned.get("origin_countries"),
            cleaned.get("transit_countries"),
            cleaned.get("destination_countries"),
        ]
        if not any(roles) and not self.has_error("origin_countries"):
            self.add_error("origin_countries", _("Choose at least one country of origin, transit or destination."))
        year, year_end = cleaned.get("year"), cleaned.get("year_end")
        if year and year_end and year_end < year:
            self.add_error("year_end", _("The last year cannot be before the year the events began."))
        return cleaned


class EditSubmissionForm(ShareCaseForm):
    """The "Share a case" form for a case the reviewers sent back: current attachments, and a note to them."""

    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attachments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the photos and documents to take out of the case. Editors still see earlier versions."),
    )
    note = forms.CharField(
        label=_("Note to the reviewers"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you changed and why. No names or identifying details."),
        error_messages={"required": _("Tell the reviewers what you changed.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    field_order = [*ShareCaseForm.base_fields, "remove_attachments", "note"]

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attachments = list(attachments)
        self.fields["remove_attachments"].choices = [(item.key, item.title) for item in self.attachments]
        self.fields["images"].label = _("Add photos")
        self.fields["documents"].label = _("Add documents")

    def clean(self):
        cleaned = super().clean()
        removed = set(cleaned.get("remove_attachments") or [])
        kept = [item for item in self.attachments if item.key not in removed]
        images = sum(1 for item in kept if item.is_image) + len(cleaned.get("images") or [])
        documents = sum(1 for item in kept if not item.is_image) + len(cleaned.get("documents") or [])
        if images > MAX_IMAGES and not self.has_error("images"):
            self.add_error(
                "images",
                _("A case holds at most %(count)d photos: remove some before adding more.") % {"count": MAX_IMAGES},
            )
        if documents > MAX_DOCUMENTS and not self.has_error("documents"):
            self.add_error(
                "documents",
                _("A case holds at most %(count)d documents: remove some before adding more.")
                % {"count": MAX_DOCUMENTS},
            )
        return cleaned
