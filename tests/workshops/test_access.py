"""A participant of workshop A reaches none of workshop B's materials, tests or results: by URL, search, API or feed."""

from django.test import TestCase

from accounts.roles import PARTICIPANT
from tests.factories.accounts import create_user, restrict_to_groups
from tests.factories.library import create_case_study
from tests.factories.workshops import create_curriculum, create_question, create_workshop


class WorkshopIsolationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum()
        create_question(curriculum, choices=[("Yes", True), ("No", False)])
        cls.material_a = create_case_study(title="Alpha checkpoint handbook case")
        cls.material_b = create_case_study(title="Bravo zebrafish smuggling case")
        cls.a = create_workshop(title="Workshop Alpha", slug="alpha", curriculum=curriculum, materials=[cls.material_a])
        cls.b = create_workshop(title="Workshop Bravo", slug="bravo", curriculum=curriculum, materials=[cls.material_b])
        # B's own material is restricted to B's cohort, with Wagtail's privacy setting (a group restriction).
        restrict_to_groups(cls.material_b, [cls.b.cohort])
        cls.alice = create_user(PARTICIPANT)
        cls.alice.groups.add(cls.a.cohort)
        cls.bob = create_user(PARTICIPANT)
        cls.bob.groups.add(cls.b.cohort)

    def test_the_workshop_page_lists_materials_to_its_own_participants_only(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.a.url), "Alpha checkpoint handbook case")
        response = self.client.get(self.b.url)
        self.assertContains(response, "Workshop Bravo")  # the public description stays public
        self.assertNotContains(response, "Bravo zebrafish smuggling case")
        self.client.logout()
        self.assertNotContains(self.client.get(self.a.url), "Alpha checkpoint handbook case")
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.b.url), "Bravo zebrafish smuggling case")

    def test_the_restricted_material_itself_is_closed_to_other_cohorts(self):
        self.client.force_login(self.alice)
        self.assertIn(self.client.get(self.material_b.url).status_code, (302, 403, 404))
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.material_b.url).status_code, 200)

    def test_search_page_and_api_do_not_find_another_cohorts_material(self):
        self.client.force_login(self.alice)
        api = self.client.get("/api/search/", {"q": "zebrafish"}).json()
        self.assertEqual(api["count"], 0)
        self.assertNotContains(self.client.get("/search/", {"q": "zebrafish"}), "Bravo zebrafish smuggling case")
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get("/api/search/", {"q": "zebrafish"}).json()["count"], 1)

    def test_the_workshop_document_holds_no_materials(self):
        response = self.client.get("/api/search/", {"q": "Bravo", "type": "workshop"}).json()
        self.assertEqual([hit["title"] for hit in response["results"]], ["Workshop Bravo"])
        self.assertEqual(self.client.get("/api/search/", {"q": "zebrafish", "type": "workshop"}).json()["count"], 0)

    def test_the_feed_does_not_carry_the_restricted_material(self):
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get("/library/feed/"), "zebrafish")

    def test_tests_and_results_of_another_workshop_are_not_found_by_url(self):
        self.client.force_login(self.alice)
        base = f"/workshops/{self.b.pk}"
        for url in (
            f"{base}/tests/",
            f"{base}/tests/pre/1/",
            f"{base}/tests/pre/finish/",
            f"{base}/tests/post/answers/",
            f"{base}/results/",
            f"{base}/results.csv",
            f"{base}/results.xlsx",
            f"{base}/participants/",
            f"{base}/attendance/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(f"{base}/tests/pre/start/").status_code, 404)
        self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/tests/").status_code, 200)
        self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/tests/nonsense/1/").status_code, 404)
