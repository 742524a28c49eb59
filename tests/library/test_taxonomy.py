from django.test import TestCase
from django.urls import reverse

from library.models import Country, CrimeType
from tests.factories.library import create_admin, create_case_study

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class TaxonomyAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(create_admin(), MODEL_BACKEND)

    def test_editors_see_the_countries_with_their_codes(self):
        response = self.client.get(reverse("wagtailsnippets_library_country:list"))
        self.assertContains(response, "Laos")
        self.assertContains(response, "LA")

    def test_a_crime_type_added_by_an_editor_becomes_a_library_filter(self):
        response = self.client.post(
            reverse("wagtailsnippets_library_crimetype:add"),
            {"name": "Trafficking for organ removal", "slug": "organ-removal", "description": ""},
        )
        self.assertEqual(response.status_code, 302)
        create_case_study(title="Organ removal case", crimes=["organ-removal"], countries=[("VN", "origin")])
        self.client.logout()
        response = self.client.get("/library/?crime=organ-removal")
        self.assertContains(response, "Organ removal case")
        self.assertContains(response, "Trafficking for organ removal")

    def test_a_country_code_is_stored_in_capitals(self):
        self.client.post(
            reverse("wagtailsnippets_library_country:add"),
            {"code": "ph", "name": "Philippines", "sort_order": 80},
        )
        self.assertTrue(Country.objects.filter(code="PH").exists())

    def test_recruitment_channels_are_managed_too(self):
        response = self.client.get(reverse("wagtailsnippets_library_recruitmentchannel:list"))
        self.assertContains(response, "Marriage broker")
        self.assertEqual(CrimeType.objects.filter(slug="forced-marriage").count(), 1)
