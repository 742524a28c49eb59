import datetime

from django.test import TestCase
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.roles import EDITOR, FOCAL_POINT, OFFICER
from library.models import Country, HomePage
from safety.models import AnonymityCheck
from safety.review.findings import AnonymityBlocked
from search import service
from search.facets import kinds
from tests.factories.accounts import create_user, restrict_to_members
from tests.factories.library import create_admin, create_case_study
from tests.factories.workshops import create_workshop, workshops_index
from workshops.models import WorkshopIndexPage, WorkshopPage


class WorkshopIndexPageTests(WagtailPageTestCase):
    def test_lives_under_the_home_page_and_holds_workshops(self):
        self.assertAllowedParentPageTypes(WorkshopIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(WorkshopIndexPage, {WorkshopPage})
        self.assertEqual(workshops_index().url, "/workshops/")


class WorkshopPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = create_admin()
        cls.case = create_case_study(title="Forged passports at the checkpoint")

    def setUp(self):
        self.client.force_login(self.admin)

    def form_data(self, **overrides):
        data = {
            "title": "Referral of victims, Savannakhet",
            "slug": "referral-savannakhet",
            "summary": "Two days on referring identified victims across the border.",
            "start_date": "2026-05-04",
            "end_date": "2026-05-05",
            "province": "Savannakhet",
            "country": Country.objects.get(code="LA").pk,
            "organisers": "Border liaison programme",
            "partner_agencies": "Lao police\nThai immigration",
            "audience": "Immigration officers at land borders",
            "tags": "referral",
            "agenda": streamfield(
                [("session", {"day": 1, "time": "09:00", "title": "Who is a victim?", "description": ""})]
            ),
            "materials_audience": "participants",
            "materials": inline_formset([{"material": self.case.pk, "note": "Day 1"}]),
            "curriculum": "",
        }
        data.update(overrides)
        data = nested_form_data(data)
        data["languages"] = ["lo", "th"]
        data["participant_countries"] = [Country.objects.get(code=code).pk for code in ("LA", "TH")]
        return data

    def test_an_administrator_creates_a_workshop_with_the_admin_form(self):
        self.assertCanCreate(workshops_index(), WorkshopPage, self.form_data())
        page = WorkshopPage.objects.get(slug="referral-savannakhet")
        self.assertEqual(page.languages, ["lo", "th"])
        self.assertEqual([m.material_id for m in page.materials.all()], [self.case.pk])
        self.assertIsNotNone(page.cohort)
        self.assertEqual(page.partner_list(), ["Lao police", "Thai immigration"])

    def test_the_last_day_cannot_come_before_the_first(self):
        response = self.client.post(
            f"/admin/pages/add/workshops/workshoppage/{workshops_index().pk}/",
            self.form_data(end_date="2026-05-01"),
        )
        self.assertContains(response, "The last day cannot come before the first day.")
        self.assertFalse(WorkshopPage.objects.exists())

    def test_is_renderable_and_editable(self):
        page = create_workshop()
        self.assertPageIsRenderable(page)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(response, "Nong Khai")

    def test_an_editor_may_create_workshops(self):
        editor = create_user(EDITOR)
        focal = create_user(FOCAL_POINT)
        self.assertTrue(workshops_index().permissions_for_user(editor).can_add_subpage())
        self.assertTrue(workshops_index().permissions_for_user(focal).can_add_subpage())
        self.assertFalse(workshops_index().permissions_for_user(create_user(OFFICER)).can_add_subpage())


class WorkshopIndexListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.upcoming = create_workshop(
            title="Upcoming in Viet Nam",
            slug="upcoming",
            country="VN",
            participant_countries=("VN",),
            start_date=today + datetime.timedelta(days=20),
            tags=["document-fraud"],
        )
        cls.past = create_workshop(
            title="Past at the border", slug="past", start_date=datetime.date(2025, 3, 1), tags=["referral"]
        )
        cls.hidden = create_workshop(title="Members only workshop", slug="hidden", start_date=datetime.date(2025, 6, 1))
        restrict_to_members(cls.hidden)

    def test_lists_upcoming_and_past_workshops_separately(self):
        response = self.client.get("/workshops/")
        listing = response.context["listing"]
        self.assertEqual(listing.upcoming, [self.upcoming])
        self.assertEqual(listing.past, [self.past])
        self.assertNotContains(response, "Members only workshop")

    def test_filters_by_country_year_and_topic_without_javascript(self):
        self.assertEqual(self.client.get("/workshops/?country=LA").context["listing"].workshops, [self.past])
        self.assertEqual(self.client.get("/workshops/?year=2025").context["listing"].workshops, [self.past])
        self.assertEqual(
            self.client.get("/workshops/?topic=document-fraud").context["listing"].workshops, [self.upcoming]
        )

    def test_an_unknown_filter_value_is_explained_not_an_error(self):
        response = self.client.get("/workshops/?country=ZZ&year=abc")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "One of the filters has a value that no workshop has")

    def test_members_see_the_restricted_workshop(self):
        self.client.force_login(create_user(OFFICER))
        self.assertContains(self.client.get("/workshops/"), "Members only workshop")


class WorkshopSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.workshop = create_workshop(title="Document fraud indicators workshop", slug="fraud")

    def test_workshop_is_a_search_kind(self):
        self.assertIn("workshop", [kind.slug for kind in kinds()])

    def test_a_published_workshop_is_found_with_type_workshop(self):
        results = service.search("fraud indicators", filters={"type": ["workshop"]}, user=None)
        self.assertEqual([hit.id for hit in results.hits], [f"workshop:{self.workshop.pk}"])

    def test_the_place_shows_province_and_country_only(self):
        response = self.client.get(self.workshop.url)
        self.assertContains(response, "Nong Khai, Thailand")


class WorkshopAnonymityGuardTests(TestCase):
    def test_a_workshop_naming_a_person_in_its_agenda_cannot_go_live(self):
        with self.assertRaises(AnonymityBlocked):
            create_workshop(
                slug="named",
                agenda=[
                    (
                        "session",
                        {"day": 1, "time": "", "title": "Case of Sok Dara, call 012 345 678", "description": ""},
                    )
                ],
            )
        self.assertFalse(WorkshopPage.objects.filter(slug="named", live=True).exists())
        check = AnonymityCheck.objects.get(page_id=WorkshopPage.objects.get(slug="named").pk)
        self.assertEqual({finding["field"] for finding in check.findings}, {"agenda"})
