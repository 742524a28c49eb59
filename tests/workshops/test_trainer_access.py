"""A workshop's trainers open its cohort-restricted materials on every surface, without becoming participants.

The facilitators of workshop A hold the audience token of A's cohort (workshops.access.facilitated_cohort_tokens,
registered with accounts.access): the material page, search (API and page, with its snippet), the library listing,
a document in a collection restricted to the cohort, and A's materials list. Not B's; not after they are removed
from A (at once, whatever was cached); and they are never counted, listed or certified as participants.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction

from accounts.access import group_token, hidden_for, reader_audience
from accounts.roles import OFFICER, PARTICIPANT
from library.models import LibraryDocument
from tests.factories.accounts import create_user, restrict_to_groups
from tests.factories.library import create_case_study, pdf_with_text
from tests.factories.workshops import create_workshop
from workshops.access import WorkshopAccess
from workshops.models import WorkshopPage


def restricted_document(title, group):
    collection = Collection.get_first_root_node().add_child(name=f"{title} files")
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
    restriction.groups.set([group])
    return LibraryDocument.objects.create(
        title=title, collection=collection, file=ContentFile(pdf_with_text(title), name="handout.pdf")
    )


class TrainerAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = create_user(OFFICER, name="Tran Facilitator")
        cls.material_a = create_case_study(
            title="Alpha quokka van case", summary="Quokka-marked vans crossed the checkpoint at dawn."
        )
        cls.material_b = create_case_study(
            title="Bravo zebrafish smuggling case", summary="Zebrafish tanks hid people."
        )
        cls.a = create_workshop(
            title="Workshop Alpha", slug="alpha", materials=[cls.material_a], facilitators=[cls.trainer]
        )
        cls.b = create_workshop(title="Workshop Bravo", slug="bravo", materials=[cls.material_b])
        restrict_to_groups(cls.material_a, [cls.a.cohort])
        restrict_to_groups(cls.material_b, [cls.b.cohort])
        cls.handout_a = restricted_document("Alpha handout", cls.a.cohort)
        cls.handout_b = restricted_document("Bravo handout", cls.b.cohort)
        cls.alice = create_user(PARTICIPANT, name="Alice Participant")
        cls.alice.groups.add(cls.a.cohort)
        cls.bob = create_user(PARTICIPANT, name="Bob Participant")
        cls.bob.groups.add(cls.b.cohort)

    def remove_trainer(self, workshop):
        """Take the trainer off the workshop as an editor does: edit the page and publish it."""
        page = WorkshopPage.objects.get(pk=workshop.pk)
        page.facilitators = [user for user in page.facilitators.all() if user.pk != self.trainer.pk]
        page.save_revision().publish()

    def test_the_trainer_opens_their_workshops_material_on_every_surface(self):
        self.client.force_login(self.trainer)
        self.assertEqual(self.client.get(self.material_a.url).status_code, 200)
        api = self.client.get("/api/search/", {"q": "quokka"}).json()
        self.assertEqual([hit["title"] for hit in api["results"]], ["Alpha quokka van case"])
        page = self.client.get("/search/", {"q": "quokka"})
        self.assertContains(page, "Alpha quokka van case")
        self.assertContains(page, "vans crossed the checkpoint")  # the snippet
        self.assertContains(self.client.get("/library/"), "Alpha quokka van case")
        self.assertEqual(self.client.get(self.handout_a.url).status_code, 200)
        workshop_page = self.client.get(self.a.url)
        self.assertContains(workshop_page, f'href="{self.material_a.url}"')

    def test_the_trainer_of_one_workshop_does_not_open_anothers(self):
        self.client.force_login(self.trainer)
        self.assertEqual(self.client.get(self.material_b.url).status_code, 404)
        self.assertEqual(self.client.get("/api/search/", {"q": "zebrafish"}).json()["count"], 0)
        self.assertNotContains(self.client.get("/search/", {"q": "zebrafish"}), "Bravo zebrafish")
        self.assertNotContains(self.client.get("/library/"), "Bravo zebrafish")
        self.assertEqual(self.client.get(self.handout_b.url).status_code, 404)
        self.assertNotContains(self.client.get(self.b.url), "Bravo zebrafish")
        # The feed stays public-only, for trainers as for participants.
        self.assertNotContains(self.client.get("/library/feed/"), "quokka")

    def test_participants_of_another_workshop_still_do_not_open_it(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.material_a.url).status_code, 404)
        self.assertEqual(self.client.get(self.handout_a.url).status_code, 404)
        self.assertEqual(self.client.get("/api/search/", {"q": "quokka"}).json()["count"], 0)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.material_a.url).status_code, 200)

    def test_removing_the_trainer_takes_the_access_away_at_once(self):
        self.client.force_login(self.trainer)
        for url in (self.material_a.url, self.handout_a.url):
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertContains(self.client.get("/library/"), "Alpha quokka van case")  # cached per reader's tokens
        self.assertEqual(self.client.get("/api/search/", {"q": "quokka"}).json()["count"], 1)
        self.remove_trainer(self.a)
        for url in (self.material_a.url, self.handout_a.url):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertNotContains(self.client.get("/library/"), "Alpha quokka van case")
        self.assertEqual(self.client.get("/api/search/", {"q": "quokka"}).json()["count"], 0)
        self.assertNotContains(self.client.get(self.a.url), f'href="{self.material_a.url}"')
        self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/results/").status_code, 404)
        fresh = get_user_model().objects.get(pk=self.trainer.pk)
        self.assertNotIn(group_token(self.a.cohort_id), reader_audience(fresh))

    def test_the_trainer_is_not_a_participant_anywhere(self):
        self.assertNotIn(self.trainer.pk, self.a.participant_ids)
        self.assertFalse(self.a.cohort.user_set.filter(pk=self.trainer.pk).exists())
        user = get_user_model().objects.get(pk=self.trainer.pk)
        rights = WorkshopAccess.of(self.a, user)
        self.assertIn(group_token(self.a.cohort_id), rights.tokens)
        self.assertTrue(rights.is_trainer)
        self.assertFalse(rights.is_participant)
        self.client.force_login(self.trainer)
        base = f"/workshops/{self.a.pk}"
        for url in (f"{base}/participants/", f"{base}/attendance/", f"{base}/certificates/"):
            response = self.client.get(url)
            self.assertContains(response, "Alice Participant", msg_prefix=url)
            self.assertNotContains(response, "Tran Facilitator", msg_prefix=url)
        self.assertContains(self.client.get(f"{base}/feedback/manage/"), "Workshop Alpha")
        # The participants' feedback form sends a trainer to the trainers' page; the follow-up is not theirs.
        self.assertRedirects(self.client.get(f"{base}/feedback/"), f"{base}/feedback/manage/")
        self.assertEqual(self.client.get(f"{base}/follow-up/").status_code, 404)

    def test_only_approved_members_meeting_the_two_factor_rule_hold_the_cohort_token(self):
        pending = create_user(OFFICER, approved=False)
        without_two_factor = create_user(OFFICER, two_factor=False)
        WorkshopPage.objects.get(pk=self.a.pk).facilitators.through.objects.bulk_create(
            [
                WorkshopPage.facilitators.through(workshoppage_id=self.a.pk, user_id=pending.pk),
                WorkshopPage.facilitators.through(workshoppage_id=self.a.pk, user_id=without_two_factor.pk),
            ]
        )
        token = group_token(self.a.cohort_id)
        for user in (pending, without_two_factor):
            self.assertNotIn(token, reader_audience(get_user_model().objects.get(pk=user.pk)))
            self.client.force_login(user)
            self.assertNotEqual(self.client.get(self.material_a.url).status_code, 200)

    def test_a_request_asks_for_the_facilitated_cohorts_once(self):
        user = get_user_model().objects.get(pk=self.trainer.pk)
        with CaptureQueriesContext(connection) as queries:
            first = reader_audience(user)
            hidden_for(user)
            second = reader_audience(user)
        self.assertEqual(first, second)
        asked = [q["sql"] for q in queries.captured_queries if "workshoppage_facilitators" in q["sql"]]
        self.assertEqual(len(asked), 1)
