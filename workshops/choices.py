from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialsAudience(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants and trainers of this workshop")
    MEMBERS = "members", _("Every approved member")
    PUBLIC = "public", _("Everyone")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    NUMERIC = "numeric", _("Short numeric answer")


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class TestState(models.TextChoices):
    __test__ = False  # not a pytest test class
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
