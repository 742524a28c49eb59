"""The demo workshops: a curriculum of 20 questions in five languages, three past workshops with 30 participants each
and synthetic answers (pre-test around 55 %, post-test around 85 %, a few items that do not improve), feedback and
follow-up answers (workshops.demo.feedback), one upcoming.

Running it again changes nothing: everything is found by its name, slug or email first.
"""

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import PARTICIPANT, create_member
from library.models import Country, LibraryPage, MethodPage
from safety.permits import data_load
from workshops.choices import Phase, QuestionKind, TestState
from workshops.demo.feedback import load_feedback
from workshops.models import (
    Answer,
    Attempt,
    Attendance,
    Choice,
    Curriculum,
    KnowledgeTest,
    LearningObjective,
    Question,
    TestItem,
    WorkshopIndexPage,
    WorkshopPage,
)

CURRICULUM_FILE = Path(__file__).with_name("curriculum.json")
LANGUAGES = ("km", "lo", "th", "vi")
DEMO_REASON = "demo content"
PARTICIPANTS = 30
LANGUAGE = {"VN": "vi", "LA": "lo", "TH": "th", "KH": "km"}

# Given names used for synthetic participants, by country (illustrative, common names).
NAMES = {
    "VN": ["Nguyễn An", "Trần Bình", "Lê Chi", "Phạm Dũng", "Hoàng Hà", "Vũ Hải", "Đỗ Lan", "Bùi Minh", "Ngô Nam", "Dương Phúc"],
    "LA": ["Souk Phan", "Noy Vong", "Kham Sy", "Bounmy Keo", "Dao Chan", "Vanh Seng", "Mali Phom", "Khone Sai", "Phet Inthavong", "Ket Sone"],
    "TH": ["Somchai Dee", "Malee Suk", "Anan Chai", "Kanya Rak", "Preecha Wong", "Suda Porn", "Wichai Kaew", "Nok Saeng", "Jarun Thong", "Ploy Siri"],
    "KH": ["Dara Sok", "Sophea Chan", "Vanna Keo", "Bopha Lim", "Rith Mao", "Srey Pov", "Chanthy Ouk", "Piseth Heng", "Kosal Nhem", "Leakena Prak"],
}  # fmt: skip

WORKSHOPS = [
    {
        "slug": "demo-hanoi-2025",
        "title": "Identifying victims at airports and land borders, Ha Noi",
        "summary": "Three days for immigration and border police officers on identifying and referring victims.",
        "start": datetime.date(2025, 4, 8),
        "days": 3,
        "province": "Ha Noi",
        "country": "VN",
        "countries": ["VN"],
        "languages": ["vi"],
        "tags": ["victim-identification"],
        "seed": 11,
    },
    {
        "slug": "demo-nong-khai-2025",
        "title": "Cross-border referral, Laos–Thailand border",
        "summary": "Lao and Thai officers from both banks of the Mekong practise identification and joint referral.",
        "start": datetime.date(2025, 7, 15),
        "days": 3,
        "province": "Nong Khai",
        "country": "TH",
        "countries": ["LA", "TH"],
        "languages": ["lo", "th"],
        "tags": ["referral", "victim-identification"],
        "seed": 22,
    },
    {
        "slug": "demo-siem-reap-2025",
        "title": "Document fraud and victim identification, Siem Reap",
        "summary": "Two days on document examination and first interviews for Cambodian border officers.",
        "start": datetime.date(2025, 10, 21),
        "days": 2,
        "province": "Siem Reap",
        "country": "KH",
        "countries": ["KH"],
        "languages": ["km"],
        "tags": ["document-fraud"],
        "seed": 33,
    },
]
UPCOMING = {
    "slug": "demo-savannakhet-upcoming",
    "title": "Referral pathways refresher, Savannakhet",
    "summary": "A refresher for officers trained last year: the bilateral referral agreement in practice.",
    "days": 2,
    "province": "Savannakhet",
    "country": "LA",
    "countries": ["LA", "TH"],
    "languages": ["lo", "th"],
    "tags": ["referral"],
}


def load_curriculum():
    """Return the demo curriculum, creating it and its questions from curriculum.json if missing."""
    data = json.loads(CURRICULUM_FILE.read_text(encoding="utf-8"))
    curriculum, _created = Curriculum.objects.get_or_create(name=data["name"], defaults={"description": data["Holds"]})
    objectives = {}
    for order, item in enumerate(data["objectives"]):
        objective, _created = LearningObjective.objects.get_or_create(
            curriculum=curriculum,
            name=item["name"],
            defaults={"sort_order": order, **{f"name_{lang}": item[lang] for lang in LANGUAGES}},
        )
        objectives[item["key"]] = objective
    questions = []
    for order, item in enumerate(data["questions"], start=1):
        text = item["text"]
        question = Question.objects.filter(curriculum=curriculum, text=text["en"]).first()
        if question is None:
            explanation = item.get("explanation", {})
            question = Question.objects.create(
                curriculum=curriculum,
                objective=objectives[item["objective"]],
                kind=item["kind"],
                text=text["en"],
                true_is_correct=item.get("true", True),
                numeric_answer=Decimal(item["answer"]) if "answer" in item else None,
                explanation=explanation.get("en", ""),
                sort_order=order,
                **{f"text_{lang}": text.get(lang, "") for lang in LANGUAGES},
                **{f"explanation_{lang}": explanation.get(lang, "") for lang in LANGUAGES},
            )
            for position, choice in enumerate(item.get("choices", [])):
                Choice.objects.create(
                    question=question,
                    text=choice["en"],
                    is_correct=choice["right"],
                    sort_order=position,
                    **{f"text_{lang}": choice.get(lang, "") for lang in LANGUAGES},
                )
        questions.append((question, item["pre"], item["post"]))
    return curriculum, questions


def _workshop(index, spec, curriculum, start, materials):
    page = WorkshopPage.objects.filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    page = WorkshopPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        start_date=start,
        end_date=start + datetime.timedelta(days=spec["days"] - 1),
        province=spec["province"],
        country=Country.objects.get(code=spec["country"]),
        organisers="Regional border liaison programme (illustrative)",
        partner_agencies="Immigration police\nLabour inspectorate\nVictim support NGO",
        languages=spec["languages"],
        audience="Immigration, border police and labour officers working at checkpoints.",
        curriculum=curriculum,
        live=False,
    )
    page.participant_countries = list(Country.objects.filter(code__in=spec["countries"]))
    page.tags.add(*spec["tags"])
    page.agenda = [
        ("session", {"day": 1, "time": "09:00–12:00", "title": "Who is a victim? The Palermo Protocol", "description": ""}),
        ("session", {"day": 1, "time": "13:30–16:30", "title": "Indicators at the checkpoint", "description": ""}),
        ("session", {"day": spec["days"], "time": "09:00–12:00", "title": "Referral and cooperation across the border", "description": ""}),
    ]  # fmt: skip
    page.materials = [page.materials.model(material=material, sort_order=i) for i, material in enumerate(materials)]
    index.add_child(instance=page)
    with data_load(DEMO_REASON):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


# The demo participant of the library's demo members (library/demo/members.py, Cambodian, Khmer interface) takes a
# seat of the Cambodian workshop in place of a synthetic participant, so signing in as them shows a workshop, their
# scores, a certificate and the follow-up. The seat is one whose synthetic answers and attendance earn a certificate.
MEMBER_SEATS = {"demo-siem-reap-2025": (2, "participant@demo.frontline.invalid")}


def _participants(workshop, codes):
    User = get_user_model()
    people = []
    seat, member_email = MEMBER_SEATS.get(workshop.slug, (None, None))
    for number in range(PARTICIPANTS):
        code = codes[number % len(codes)]
        email = f"{workshop.slug}-{number + 1:02d}@workshops.demo.frontline.invalid"
        user = User.objects.filter(email=email).first()
        if user is None and number == seat:  # a workshop loaded before the seat was given keeps its synthetic member
            user = User.objects.filter(email=member_email).first()
        if user is None:
            name = NAMES[code][number // len(codes) % len(NAMES[code])]
            user = create_member(email, role=PARTICIPANT, country_code=code, name=name, ui_language=LANGUAGE[code])
        user.groups.add(workshop.cohort)
        people.append(user)
    return people


def _answer_values(question, right, rng):
    """Return the Answer fields and chosen choices of a right or wrong synthetic answer."""
    if question.kind == QuestionKind.NUMERIC:
        return {"number": question.numeric_answer + (0 if right else rng.choice((-1, 1, 2)))}, []
    if question.kind == QuestionKind.TRUE_FALSE:
        return {"truth": question.true_is_correct if right else not question.true_is_correct}, []
    choices = list(question.choices.all())
    correct = [c for c in choices if c.is_correct]
    wrong = [c for c in choices if not c.is_correct]
    if right:
        return {}, correct
    return {}, [rng.choice(wrong)] if question.kind == QuestionKind.SINGLE else [correct[0], rng.choice(wrong)]


def _synthetic_answers(workshop, people, questions, seed):
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not security
    ability = {person.pk: rng.gauss(0, 0.12) for person in people}
    for phase in (Phase.PRE, Phase.POST):
        test, _created = KnowledgeTest.objects.get_or_create(workshop=workshop, phase=phase)
        if not test.questions.exists():
            TestItem.objects.bulk_create(
                [TestItem(test=test, question=q, position=i) for i, (q, _pre, _post) in enumerate(questions)]
            )
        if test.attempts.exists():
            continue
        when = timezone.make_aware(
            datetime.datetime.combine(
                workshop.start_date if phase == Phase.PRE else workshop.end_date, datetime.time(9)
            )
        )
        for person in people:
            attempt = Attempt.objects.create(test=test, user=person, started_at=when, finished_at=when)
            for question, pre, post in questions:
                chance = min(0.98, max(0.02, (pre if phase == Phase.PRE else post) + ability[person.pk]))
                right = rng.random() < chance
                fields, chosen = _answer_values(question, right, rng)
                answer = Answer.objects.create(
                    attempt=attempt,
                    question=question,
                    correct=question.is_correct(
                        choice_ids=[c.pk for c in chosen], number=fields.get("number"), truth=fields.get("truth")
                    ),
                    language=person.member.ui_language,
                    answered_at=when,
                    **fields,
                )
                if chosen:
                    answer.choices.set(chosen)
        test.state, test.opened_at, test.closed_at = TestState.CLOSED, when, when
        test.save(update_fields=["state", "opened_at", "closed_at"])
    if not Attendance.objects.filter(workshop=workshop).exists():
        Attendance.objects.bulk_create(
            [
                Attendance(workshop=workshop, user=person, day=day)
                for person in people
                for day in workshop.days
                if rng.random() < 0.95
            ]
        )


# The library's demo methods a new demo workshop links (the follow-up asks which of them were used).
MATERIAL_SLUGS = ("victim-identification-interview", "referral-to-shelters", "joint-border-information-exchange")


def demo_materials():
    """Return the demo methods the workshops taught with, else the first three library pages."""
    methods = {page.slug: page for page in MethodPage.objects.live().filter(slug__in=MATERIAL_SLUGS)}
    if methods:
        return [methods[slug] for slug in MATERIAL_SLUGS if slug in methods]
    return list(LibraryPage.objects.live().order_by("pk")[:3])


def load_workshops():
    """Create the demo curriculum and workshops if missing; return how many workshops were created."""
    index = WorkshopIndexPage.objects.first()
    if index is None:
        return 0
    with transaction.atomic():
        curriculum, questions = load_curriculum()
        materials = demo_materials()
        created = 0
        for spec in WORKSHOPS:
            existed = WorkshopPage.objects.filter(slug=spec["slug"]).exists()
            workshop = _workshop(index, spec, curriculum, spec["start"], materials)
            created += not existed
            people = _participants(workshop, spec["countries"])
            _synthetic_answers(workshop, people, questions, spec["seed"])
            load_feedback(workshop, people, spec["seed"], cross_border_rate=0.5 if len(spec["countries"]) > 1 else 0.2)
        if not WorkshopPage.objects.filter(slug=UPCOMING["slug"]).exists():
            _workshop(index, UPCOMING, curriculum, timezone.localdate() + datetime.timedelta(days=45), materials)
            created += 1
    return created
