"""Knowledge tests: a question bank per curriculum, a pre-test and a post-test per workshop, attempts and answers.

A question is one item with its text in English and each translated language; a participant reads it in their
interface language (English where a translation is blank) and the results pool across languages.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable
from wagtail.search import index

from library.models import NAME_LANGUAGES, TranslatedNames
from library.models.translated_names import reader_language
from workshops.choices import Phase, QuestionKind, TestState
from workshops.models.results_access import ResultsVersion


def translated(obj, field):
    """Return a text field in the reader's language, or in English where that translation is blank."""
    language = reader_language()
    if language in NAME_LANGUAGES:
        value = (getattr(obj, f"{field}_{language}", "") or "").strip()
        if value:
            return value
    return getattr(obj, field)


def translation_panel(field, heading, widget=forms.Textarea):
    """Return the panel of a field's four translations, each typed in its own language."""
    return MultiFieldPanel(
        [FieldPanel(f"{field}_{language}", widget=widget(attrs={"lang": language})) for language in NAME_LANGUAGES],
        heading=heading,
        help_text=_("Leave a language empty to show the English text to its readers."),
    )


class Curriculum(ClusterableModel):
    """A workshop curriculum: its learning objectives and question bank, reused across workshops."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), InlinePanel("objectives", label=_("Learning objective"))]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self):
        return self.name


class LearningObjective(Orderable, TranslatedNames):
    """What a participant should know after the workshop, for example "Palermo Protocol definition"."""

    curriculum = ParentalKey(Curriculum, on_delete=models.CASCADE, related_name="objectives")
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("name"), TranslatedNames.translation_panel]

    class Meta(Orderable.Meta):
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        constraints = [models.UniqueConstraint(fields=["curriculum", "name"], name="unique_objective_name")]

    @property
    def label(self):
        return translated(self, "name")


class Question(ClusterableModel):
    """One item of a curriculum's question bank, with its text in every language and its right answer."""

    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="questions", verbose_name=_("curriculum")
    )
    objective = models.ForeignKey(
        LearningObjective,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("learning objective"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    text = models.TextField(_("question"))
    text_km = models.TextField(_("question in Khmer"), blank=True)
    text_lo = models.TextField(_("question in Lao"), blank=True)
    text_th = models.TextField(_("question in Thai"), blank=True)
    text_vi = models.TextField(_("question in Vietnamese"), blank=True)
    true_is_correct = models.BooleanField(
        _("the statement is true"), default=True, help_text=_("For a true-or-false question only.")
    )
    numeric_answer = models.DecimalField(
        _("right number"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("For a numeric question only."),
    )
    numeric_tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=12,
        decimal_places=3,
        default=Decimal(0),
        help_text=_("For a numeric question: answers this far from the right number also count."),
    )
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Shown with the right answer."))
    explanation_km = models.TextField(_("explanation in Khmer"), blank=True)
    explanation_lo = models.TextField(_("explanation in Lao"), blank=True)
    explanation_th = models.TextField(_("explanation in Thai"), blank=True)
    explanation_vi = models.TextField(_("explanation in Vietnamese"), blank=True)
    explanation_page = models.ForeignKey(
        "library.LibraryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("read more in the library"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("curriculum"),
        FieldPanel("objective"),
        FieldPanel("kind"),
        FieldPanel("text"),
        translation_panel("text", _("Question translations")),
        InlinePanel("choices", label=_("Choice"), help_text=_("For single and multiple choice questions.")),
        FieldPanel("true_is_correct"),
        MultiFieldPanel([FieldPanel("numeric_answer"), FieldPanel("numeric_tolerance")], heading=_("Numeric answer")),
        FieldPanel("explanation"),
        translation_panel("explanation", _("Explanation translations")),
        PageChooserPanel("explanation_page", ["library.LibraryPage"]),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("curriculum_id")]

    class Meta:
        ordering = ["curriculum", "sort_order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.objective_id and self.curriculum_id and self.objective.curriculum_id != self.curriculum_id:
            raise ValidationError({"objective": _("Choose a learning objective of the same curriculum.")})
        if self.kind == QuestionKind.NUMERIC and self.numeric_answer is None:
            raise ValidationError({"numeric_answer": _("A numeric question needs its right number.")})

    @property
    def label(self):
        return translated(self, "text")

    @property
    def explanation_label(self):
        return translated(self, "explanation")

    def is_correct(self, choice_ids=(), number=None, truth=None):
        """Return whether an answer (chosen choice ids, a number, or true/false) is right."""
        if self.kind == QuestionKind.NUMERIC:
            if number is None or self.numeric_answer is None:
                return False
            return abs(Decimal(number) - self.numeric_answer) <= self.numeric_tolerance
        if self.kind == QuestionKind.TRUE_FALSE:
            return truth is not None and truth == self.true_is_correct
        right = {choice.pk for choice in self.choices.all() if choice.is_correct}
        return bool(right) and set(choice_ids) == right

    def right_answer_labels(self):
        """Return the right answer in the reader's language, as a list of texts."""
        if self.kind == QuestionKind.NUMERIC:
            return [f"{self.numeric_answer.normalize():f}"] if self.numeric_answer is not None else []
        if self.kind == QuestionKind.TRUE_FALSE:
            return [str(_("True") if self.true_is_correct else _("False"))]
        return [choice.label for choice in self.choices.all() if choice.is_correct]


class Choice(Orderable):
    """One option of a single or multiple choice question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=300)
    text_km = models.CharField(_("choice in Khmer"), max_length=300, blank=True)
    text_lo = models.CharField(_("choice in Lao"), max_length=300, blank=True)
    text_th = models.CharField(_("choice in Thai"), max_length=300, blank=True)
    text_vi = models.CharField(_("choice in Vietnamese"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("right"), default=False)

    panels = [
        FieldPanel("text"),
        FieldPanel("is_correct"),
        translation_panel("text", _("Choice translations"), widget=forms.TextInput),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text

    @property
    def label(self):
        return translated(self, "text")


class KnowledgeTestQuerySet(models.QuerySet):
    def for_workshop(self, workshop):
        """Return the workshop's tests, pre-test first."""
        return self.filter(workshop=workshop).order_by("-phase")


class KnowledgeTest(models.Model):
    """The pre-test or post-test of one workshop: its items, and whether the trainer has opened or closed it."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="tests", verbose_name=_("workshop")
    )
    phase = models.CharField(_("test"), max_length=4, choices=Phase.choices)
    state = models.CharField(_("state"), max_length=8, choices=TestState.choices, default=TestState.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    questions = models.ManyToManyField(Question, through="workshops.TestItem", related_name="tests")

    objects = KnowledgeTestQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge test")
        verbose_name_plural = _("knowledge tests")
        constraints = [models.UniqueConstraint(fields=["workshop", "phase"], name="one_test_per_phase")]

    def __str__(self):
        return f"{self.workshop} · {self.get_phase_display()}"

    @property
    def is_open(self):
        return self.state == TestState.OPEN

    @property
    def is_closed(self):
        return self.state == TestState.CLOSED

    def items(self):
        """Return the test's questions in order, with their choices and objectives."""
        return list(
            self.questions.order_by("testitem__position", "pk").select_related("objective").prefetch_related("choices")
        )

    def item_ids(self):
        """Return the ids of the test's questions in order (what saving one answer needs)."""
        return list(
            TestItem.objects.filter(test=self).order_by("position", "question_id").values_list("question_id", flat=True)
        )

    def open(self):
        self.state, self.opened_at = TestState.OPEN, self.opened_at or timezone.now()
        self.save(update_fields=["state", "opened_at"])

    def close(self):
        """Close the test and hand in every attempt still open, then renew the workshop's results token."""
        with transaction.atomic():
            self.state, self.closed_at = TestState.CLOSED, timezone.now()
            self.save(update_fields=["state", "closed_at"])
            self.attempts.filter(finished_at__isnull=True).update(finished_at=self.closed_at)
            ResultsVersion.bump([self.workshop_id])


class TestItem(models.Model):
    """One question of a test, in its place."""

    __test__ = False  # not a pytest test class
    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["test", "question"], name="unique_test_item")]

    def __str__(self):
        return f"{self.test} #{self.position + 1}"


class Attempt(models.Model):
    """One participant's one attempt at a test; answers are saved one by one as they go."""

    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_attempts")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [models.UniqueConstraint(fields=["test", "user"], name="one_attempt_per_test")]

    def __str__(self):
        return f"{self.test} · {self.user}"

    @property
    def is_finished(self):
        return self.finished_at is not None

    def score(self, item_count=None):
        """Return (right answers, number of items)."""
        total = item_count if item_count is not None else self.test.questions.count()
        return self.answers.filter(correct=True).count(), total


class Answer(models.Model):
    """A participant's answer to one item, saved when they submit its page."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="+")
    truth = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    correct = models.BooleanField(default=False)
    language = models.CharField(max_length=5, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_item")]

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"
