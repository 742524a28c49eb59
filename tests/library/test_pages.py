from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from library.models import CaseStudyPage, HomePage, LibraryIndexPage, MethodPage, ResourcePage
from tests.factories.library import create_case_study, create_method, create_resource, library_index


class HomePageTests(WagtailPageTestCase):
    def test_sits_at_the_root_and_holds_the_library(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {LibraryIndexPage})

    def test_lists_the_latest_case_studies(self):
        create_case_study(title="Fishing vessel forced labour case")
        response = self.client.get("/")
        self.assertContains(response, "Fishing vessel forced labour case")
        self.assertContains(response, 'action="/search/"')


class LibraryIndexPageTests(WagtailPageTestCase):
    def test_holds_the_three_library_page_types(self):
        self.assertAllowedSubpageTypes(LibraryIndexPage, {CaseStudyPage, MethodPage, ResourcePage})

    def test_is_served_at_library(self):
        self.assertPageIsRenderable(library_index())
        self.assertEqual(library_index().url, "/library/")


class CaseStudyPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = create_case_study(
            title="Online scam compound recruitment", crimes=["scam-compounds"], tags=["telegram"]
        )

    def test_can_be_created_only_in_the_library(self):
        self.assertCanCreateAt(LibraryIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)

    def test_renders_countries_with_their_roles(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get(self.page.url)
        self.assertContains(response, "Cambodia (Origin)")
        self.assertContains(response, "Thailand (Destination)")

    def test_takes_its_filter_countries_from_the_roles(self):
        self.assertEqual(sorted(self.page.countries.values_list("code", flat=True)), ["KH", "TH"])

    def test_is_editable(self):
        self.assertPageIsEditable(self.page)


class MethodPageTests(WagtailPageTestCase):
    def test_renders_purpose(self):
        page = create_method(purpose="Check a job advert against company registers.")
        self.assertCanCreateAt(LibraryIndexPage, MethodPage)
        response = self.client.get(page.url)
        self.assertContains(response, "Check a job advert against company registers.")


class ResourcePageTests(WagtailPageTestCase):
    def test_links_to_the_resource(self):
        page = create_resource(link="https://example.org/curriculum")
        self.assertCanCreateAt(LibraryIndexPage, ResourcePage)
        self.assertContains(self.client.get(page.url), "https://example.org/curriculum")
