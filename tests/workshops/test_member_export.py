"""A participant's own data export holds their workshops, attendance, certificates, test answers, feedback and
follow-up (the workshops app's section of the accounts member_data hook), and nothing of another participant's."""

import json

from django.test import TestCase
from django.utils import timezone

from accounts.roles import OFFICER, PARTICIPANT
from library.models import Country
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from workshops import taking
from workshops.certificate_codes import new_code
from workshops.choices import QuestionKind
from workshops.models import Attendance, Certificate, FeedbackResponse, FollowUp, KnowledgeTest, TestItem


class WorkshopExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum()
        cls.choice_question = create_question(
            curriculum,
            text="Which elements make up trafficking?",
            choices=[("Act, means, purpose", True), ("Border", False)],
        )
        cls.numeric = create_question(curriculum, kind=QuestionKind.NUMERIC, text="How many elements?", sort_order=2)
        trainer = create_user(OFFICER)
        cls.workshop = create_workshop(title="Victim identification at Nong Khai", curriculum=curriculum,
                                       facilitators=[trainer])  # fmt: skip
        cls.participant = create_user(PARTICIPANT, country_code="LA", name="Khamla V")
        cls.other = create_user(PARTICIPANT, country_code="TH", name="Somchai K")
        test = KnowledgeTest.objects.create(workshop=cls.workshop, phase="pre", state="open")
        TestItem.objects.create(test=test, question=cls.choice_question, position=0)
        TestItem.objects.create(test=test, question=cls.numeric, position=1)
        for person, number in ((cls.participant, 3), (cls.other, 7)):
            person.groups.add(cls.workshop.cohort)
            attempt = taking.start(test, person)
            taking.save_answer(
                attempt, cls.choice_question, choice_ids=[cls.choice_question.choices.get(is_correct=True).pk]
            )
            taking.save_answer(attempt, cls.numeric, number=number)
            taking.finish(attempt)
            Attendance.objects.create(workshop=cls.workshop, user=person, day=cls.workshop.start_date)
            FeedbackResponse.objects.create(workshop=cls.workshop, user=person, relevance=5, facilitation=4,
                                            materials=3, recommend=5, most_useful=f"Interviews ({person.pk})")  # fmt: skip
            FollowUp.objects.create(
                workshop=cls.workshop, user=person, mails_sent=1, answered_at=timezone.now(), used="yes",
                cooperated=True, partner_country=Country.objects.get(code="TH"), example=f"Referral ({person.pk})",
            )  # fmt: skip
        cls.certificate = Certificate.objects.create(
            workshop=cls.workshop, user=cls.participant, code=new_code(), name="Khamla V",
            workshop_title=cls.workshop.title, start_date=cls.workshop.start_date, end_date=cls.workshop.end_date,
        )  # fmt: skip

    def export(self, user):
        self.client.force_login(user)
        response = self.client.get("/members/profile/export/")
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)["workshops"]

    def test_the_export_holds_the_participants_workshop_data(self):
        data = self.export(self.participant)
        self.assertEqual([w["title"] for w in data["participant_in"]], ["Victim identification at Nong Khai"])
        self.assertEqual(data["attendance"], [{"workshop": {"id": self.workshop.pk, "title": self.workshop.title},
                                               "day": self.workshop.start_date.isoformat()}])  # fmt: skip
        [certificate] = data["certificates"]
        self.assertEqual((certificate["verification_code"], certificate["name"]), (self.certificate.code, "Khamla V"))
        [attempt] = data["test_attempts"]
        self.assertEqual((attempt["test"], attempt["right"], attempt["items"]), ("pre", 2, 2))
        self.assertIsNotNone(attempt["handed_in_at"])
        answers = {a["question"]: (a["answer"], a["correct"]) for a in attempt["answers"]}
        self.assertEqual(answers["Which elements make up trafficking?"], (["Act, means, purpose"], True))
        self.assertEqual(answers["How many elements?"], ("3", True))
        self.assertEqual(data["feedback"][0]["most_useful"], f"Interviews ({self.participant.pk})")
        [follow_up] = data["follow_ups"]
        self.assertEqual((follow_up["used"], follow_up["partner_country"]), ("yes", "TH"))
        self.assertTrue(follow_up["cooperated_across_the_border"])

    def test_nothing_of_another_participant_is_in_it(self):
        text = json.dumps(self.export(self.participant))
        self.assertNotIn(f"({self.other.pk})", text)
        self.assertNotIn("Somchai", text)
        self.assertNotIn('"7"', text)

    def test_a_member_without_workshops_gets_empty_lists(self):
        data = self.export(create_user(OFFICER, country_code="KH"))
        self.assertEqual(set(data), {"participant_in", "facilitator_of", "attendance", "certificates", "test_attempts",
                                     "feedback", "follow_ups"})  # fmt: skip
        self.assertFalse(any(data.values()))
