from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    KHMER = "km", _("Khmer")
    LAO = "lo", _("Lao")
    THAI = "th", _("Thai")
    VIETNAMESE = "vi", _("Vietnamese")


class CountryRole(models.TextChoices):
    ORIGIN = "origin", _("Origin")
    TRANSIT = "transit", _("Transit")
    DESTINATION = "destination", _("Destination")


class VictimCountBand(models.TextChoices):
    ONE = "1", _("1")
    FEW = "2-5", _("2–5")
    SEVERAL = "6-20", _("6–20")
    MANY = "21-100", _("21–100")
    VERY_MANY = "100+", _("More than 100")
    UNKNOWN = "unknown", _("Not recorded")


class AgeBand(models.TextChoices):
    CHILDREN = "under-18", _("Under 18")
    YOUNG_ADULTS = "18-24", _("18–24")
    ADULTS = "25-34", _("25–34")
    OLDER_ADULTS = "35+", _("35 and over")
    MIXED = "mixed", _("Mixed ages")
    UNKNOWN = "unknown", _("Not recorded")


class GenderBand(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    MIXED = "mixed", _("Mixed")
    UNKNOWN = "unknown", _("Not recorded")


class OutcomeStatus(models.TextChoices):
    INVESTIGATION = "investigation", _("Under investigation")
    PROSECUTION = "prosecution", _("Prosecution under way")
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    NO_PROSECUTION = "no-prosecution", _("No prosecution")
    REFERRED = "referred", _("Referred to another jurisdiction")


class ResourceKind(models.TextChoices):
    CURRICULUM = "curriculum", _("Training curriculum")
    GUIDE = "guide", _("Guide")
    LAW = "law", _("Law or regulation")
    FORM = "form", _("Form or template")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")
