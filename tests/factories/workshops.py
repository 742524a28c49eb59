"""Build workshops, curricula and questions for tests."""

import datetime
from decimal import Decimal

from library.models import Country
from safety.permits import data_load
from workshops.choices import QuestionKind
from workshops.models import Choice, Curriculum, LearningObjective, Question, WorkshopIndexPage, WorkshopPage

TEST_DATA = "test data"


def workshops_index():
    """Return the one workshops index that the app's migration creates."""
    return WorkshopIndexPage.objects.get()


def create_workshop(*, country="TH", participant_countries=("LA", "TH"), facilitators=(), publish=True, **fields):
    """Create a workshop page under the index, published unless told otherwise."""
    fields.setdefault("title", "Victim identification at the Laos–Thailand border")
    fields.setdefault("summary", "Three days on identifying victims of trafficking at border checkpoints.")
    fields.setdefault("start_date", datetime.date(2026, 3, 10))
    fields.setdefault("end_date", fields["start_date"] + datetime.timedelta(days=2))
    fields.setdefault("province", "Nong Khai")
    fields.setdefault("organisers", "Regional border liaison programme")
    fields.setdefault("languages", ["lo", "th"])
    tags = fields.pop("tags", ())
    materials = fields.pop("materials", ())
    page = WorkshopPage(country=Country.objects.get(code=country), **fields)
    page.participant_countries = list(Country.objects.filter(code__in=participant_countries))
    page.facilitators = list(facilitators)
    page.tags.add(*tags)
    page.materials = [
        page.materials.model(material=material, sort_order=index) for index, material in enumerate(materials)
    ]
    page.live = False
    workshops_index().add_child(instance=page)
    if publish:
        with data_load(TEST_DATA):
            page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_curriculum(name="Frontline victim identification", objectives=("Palermo Protocol definition",)):
    """Create a curriculum with its learning objectives."""
    curriculum = Curriculum.objects.create(name=name)
    for index, objective in enumerate(objectives):
        LearningObjective.objects.create(curriculum=curriculum, name=objective, sort_order=index)
    return curriculum


def create_question(
    curriculum, *, objective=None, kind=QuestionKind.SINGLE, text="Which is right?", choices=(), **fields
):
    """Create a question; choices is a list of (text, is_correct) or (text, is_correct, {lang: text})."""
    objective = objective or curriculum.objectives.first()
    if kind == QuestionKind.NUMERIC:
        fields.setdefault("numeric_answer", Decimal(3))
    question = Question.objects.create(curriculum=curriculum, objective=objective, kind=kind, text=text, **fields)
    for index, spec in enumerate(choices):
        label, right, *translations = spec
        extra = {f"text_{lang}": value for lang, value in (translations[0] if translations else {}).items()}
        Choice.objects.create(question=question, text=label, is_correct=right, sort_order=index, **extra)
    return question
