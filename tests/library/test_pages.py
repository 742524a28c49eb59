import re

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from library.models import (
    CaseStudyPage,
    Country,
    CrimeType,
    HomePage,
    LibraryIndexPage,
    MethodPage,
    RecruitmentChannel,
    ResourcePage,
)
from safety.permits import data_load
from tests.factories.library import create_admin, create_case_study, create_method, create_resource, library_index
from workshops.models import WorkshopIndexPage

MULTIPLE_CHOICE_FIELDS = ("countries", "crime_types", "recruitment_channels", "related_methods")


def form_data(data):
    """Return flat admin form data; multiple-choice fields stay lists (nested_form_data would number them)."""
    lists = {name: data.pop(name) for name in MULTIPLE_CHOICE_FIELDS if name in data}
    return {**nested_form_data(data), **lists}


def case_study_form_data(**overrides):
    """Return admin form data for a complete case study."""
    data = {
        "title": "Brides recruited through a marriage broker",
        "slug": "brides-marriage-broker",
        "language": "en",
        "summary": "Young women were promised marriage abroad and sold to buyers.",
        "country_roles": inline_formset(
            [
                {"country": Country.objects.get(code="LA").pk, "role": "origin"},
                {"country": Country.objects.get(code="CN").pk, "role": "destination"},
            ]
        ),
        "border_area": "Luang Namtha province",
        "year": "2021",
        "year_end": "2022",
        "crime_types": [CrimeType.objects.get(slug="forced-marriage").pk],
        "recruitment_channels": [RecruitmentChannel.objects.get(slug="marriage-broker").pk],
        "modus_operandi": rich_text("<p>A broker visited villages offering well-off husbands.</p>"),
        "victim_count": "6-20",
        "victim_age_band": "18-24",
        "victim_gender": "female",
        "detection": rich_text("<p>A hotline call from a relative.</p>"),
        "investigation_steps": rich_text("<p>Interviews, phone records, liaison office request.</p>"),
        "cooperation": rich_text("<p>Border liaison offices on both sides.</p>"),
        "outcome_status": "conviction",
        "sentence": "15 years' imprisonment",
        "victim_support": rich_text("<p>Repatriation and shelter.</p>"),
        "lessons_learned": rich_text("<p>Check marriage broker licences early.</p>"),
        "related_methods": [],
        "sources": streamfield(
            [("source", {"title": "Trafficking in Persons Report", "publisher": "UNODC", "year": "2022", "url": ""})]
        ),
        "body": streamfield([("heading", "Why it matters")]),
        "tags": "marriage, broker",
        "translation_of": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return form_data(data)


def method_form_data(**overrides):
    """Return admin form data for a complete investigation method."""
    data = {
        "title": "Screening returnees at the border",
        "slug": "screening-returnees",
        "language": "th",
        "summary": "A short screening for signs of trafficking among returning workers.",
        "purpose": "Identify victims among people returned across the border.",
        "when_to_use": rich_text("<p>When groups are returned together.</p>"),
        "steps": streamfield([("step", {"title": "Separate the group", "detail": rich_text("<p>Privately.</p>")})]),
        "countries": [Country.objects.get(code="TH").pk],
        "legal_bases": inline_formset([{"country": Country.objects.get(code="TH").pk, "basis": "Anti-TIP Act s.6"}]),
        "indicators": rich_text("<p>Debt, confiscated documents.</p>"),
        "what_to_avoid": rich_text("<p>Interviewing in front of the recruiter.</p>"),
        "crime_types": [CrimeType.objects.get(slug="forced-labour").pk],
        "year": "2024",
        "tags": "screening",
        "translation_of": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return form_data(data)


def resource_form_data(**overrides):
    """Return admin form data for a resource given by link."""
    data = {
        "title": "Regional victim identification guide",
        "slug": "victim-identification-guide",
        "language": "vi",
        "resource_kind": "guide",
        "summary": "Indicators and referral steps.",
        "document": "",
        "link": "https://example.org/guide",
        "publisher": "Regional working group",
        "countries": [Country.objects.get(code="VN").pk],
        "crime_types": [],
        "year": "2023",
        "tags": "",
        "translation_of": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return form_data(data)


class HomePageTests(WagtailPageTestCase):
    def test_sits_at_the_root_and_holds_the_library(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {LibraryIndexPage, WorkshopIndexPage})

    def test_lists_the_latest_case_studies(self):
        create_case_study(title="Fishing vessel forced labour case")
        response = self.client.get("/")
        self.assertContains(response, "Fishing vessel forced labour case")
        self.assertContains(response, 'action="/search/"')

    def test_lists_only_case_studies_the_reader_may_open_newest_first(self):
        create_case_study(title="Older border crossing case")
        hidden = create_case_study(title="Members-only compound case")
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
        create_method(title="A method is not a case study")
        create_case_study(title="Newest fishing vessel case")
        content = self.client.get("/").content.decode()
        self.assertNotIn("Members-only compound case", content)
        self.assertNotIn("A method is not a case study", content)
        self.assertLess(content.index("Newest fishing vessel case"), content.index("Older border crossing case"))


class LibraryIndexPageTests(WagtailPageTestCase):
    def test_holds_the_three_library_page_types(self):
        self.assertAllowedSubpageTypes(LibraryIndexPage, {CaseStudyPage, MethodPage, ResourcePage})
        self.assertAllowedParentPageTypes(LibraryIndexPage, {HomePage})

    def test_is_served_at_library(self):
        self.assertPageIsRenderable(library_index())
        self.assertEqual(library_index().url, "/library/")

    def test_is_editable(self):
        self.assertPageIsEditable(library_index(), user=create_admin())


class CaseStudyPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.method = create_method(title="Checking marriage broker licences")
        cls.page = create_case_study(
            title="Online scam compound recruitment", crimes=["scam-compounds"], tags=["telegram"]
        )

    def setUp(self):
        self.admin = create_admin()
        self.client.force_login(self.admin, "django.contrib.auth.backends.ModelBackend")

    def test_can_be_created_only_in_the_library(self):
        self.assertCanCreateAt(LibraryIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)
        self.assertAllowedSubpageTypes(CaseStudyPage, set())
        self.assertAllowedParentPageTypes(CaseStudyPage, {LibraryIndexPage})

    def test_editor_can_create_a_complete_case_study(self):
        data = case_study_form_data(related_methods=[self.method.pk])
        self.assertCanCreate(library_index(), CaseStudyPage, data, publish=False)
        page = CaseStudyPage.objects.get(slug="brides-marriage-broker")
        self.assertFalse(page.live)  # it goes live through the review workflow
        with data_load("test data"):
            page.get_latest_revision().publish()
        page = CaseStudyPage.objects.get(pk=page.pk)
        self.assertEqual(sorted(page.countries.values_list("code", flat=True)), ["CN", "LA"])
        self.assertEqual(page.years_label, "2021–2022")
        self.assertEqual(len(page.sources), 1)
        self.assertEqual(set(page.tags.names()), {"marriage", "broker"})
        response = self.client.get(page.url)
        self.assertContains(response, "Laos (Origin)")
        self.assertContains(response, "Luang Namtha province")
        self.assertContains(response, "Checking marriage broker licences")
        self.assertContains(response, "15 years&#x27; imprisonment")

    def test_renders_countries_with_their_roles(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get(self.page.url)
        self.assertContains(response, "Cambodia (Origin)")
        self.assertContains(response, "Thailand (Destination)")
        self.assertContains(response, "Illustrative, anonymized.")

    def test_takes_its_filter_countries_from_the_roles(self):
        self.assertEqual(sorted(self.page.countries.values_list("code", flat=True)), ["KH", "TH"])

    def test_is_editable(self):
        data = case_study_form_data(slug=self.page.slug, title="Online scam compound recruitment, revised")
        self.assertPageIsEditable(self.page, post_data={**data, "action-publish": "publish"}, user=create_admin())

    def test_edit_form_saves_the_changes_as_a_draft_for_review(self):
        page = create_case_study(title="A case to edit", slug="a-case-to-edit")
        old_roles = [
            {"id": role.pk, "country": role.country_id, "role": role.role, "DELETE": "1"}
            for role in page.country_roles.all()
        ]
        new_roles = [
            {"country": Country.objects.get(code="LA").pk, "role": "origin"},
            {"country": Country.objects.get(code="CN").pk, "role": "destination"},
        ]
        data = case_study_form_data(
            slug="a-case-to-edit",
            title="A case, edited",
            year="2019",
            year_end="",
            country_roles=inline_formset(old_roles + new_roles, initial=len(old_roles)),
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        draft = CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual((draft.title, draft.year), ("A case, edited", 2019))
        self.assertEqual(sorted(role.country.code for role in draft.country_roles.all()), ["CN", "LA"])

    def test_cannot_be_published_without_a_country(self):
        data = case_study_form_data(country_roles=inline_formset([]))
        data["action-publish"] = "publish"
        url = reverse("wagtailadmin_pages:add", args=["library", "casestudypage", library_index().pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CaseStudyPage.objects.filter(slug="brides-marriage-broker", live=True).exists())


class MethodPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = create_method(purpose="Check a job advert against company registers.")

    def test_can_be_created_only_in_the_library(self):
        self.assertCanCreateAt(LibraryIndexPage, MethodPage)
        self.assertCanNotCreateAt(HomePage, MethodPage)
        self.assertAllowedSubpageTypes(MethodPage, set())

    def test_renders_purpose(self):
        self.assertPageIsRenderable(self.page)
        self.assertContains(self.client.get(self.page.url), "Check a job advert against company registers.")

    def test_editor_can_create_a_method_with_legal_basis(self):
        self.client.force_login(create_admin(), "django.contrib.auth.backends.ModelBackend")
        self.assertCanCreate(library_index(), MethodPage, method_form_data(), publish=False)
        page = MethodPage.objects.get(slug="screening-returnees")
        with data_load("test data"):
            page.get_latest_revision().publish()
        response = self.client.get(page.url)
        self.assertContains(response, "Anti-TIP Act s.6")
        self.assertContains(response, "Separate the group")
        self.assertContains(response, '<h1 lang="th">Screening returnees at the border</h1>')

    def test_is_editable(self):
        data = method_form_data(slug=self.page.slug)
        self.assertPageIsEditable(self.page, post_data={**data, "action-publish": "publish"}, user=create_admin())

    def test_lists_related_case_studies_the_reader_may_open(self):
        create_case_study(title="Public case using the method", related_methods=[self.page])
        hidden = create_case_study(title="Members-only case using the method", related_methods=[self.page])
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
        response = self.client.get(self.page.url)
        self.assertContains(response, "Related case studies")
        self.assertContains(response, "Public case using the method")
        self.assertNotContains(response, "Members-only case using the method")


class ResourcePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = create_resource(link="https://example.org/curriculum")

    def test_can_be_created_only_in_the_library(self):
        self.assertCanCreateAt(LibraryIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_links_to_the_resource(self):
        self.assertPageIsRenderable(self.page)
        self.assertContains(self.client.get(self.page.url), "https://example.org/curriculum")

    def test_is_editable(self):
        data = resource_form_data(slug=self.page.slug)
        self.assertPageIsEditable(self.page, post_data={**data, "action-publish": "publish"}, user=create_admin())

    def test_needs_a_document_or_a_link(self):
        self.client.force_login(create_admin(), "django.contrib.auth.backends.ModelBackend")
        data = resource_form_data(link="", slug="no-document-no-link")
        data["action-publish"] = "publish"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["library", "resourcepage", library_index().pk]), data
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Upload a document or give a link.")
        self.assertFalse(ResourcePage.objects.filter(slug="no-document-no-link").exists())


class TranslationTests(WagtailPageTestCase):
    def test_translations_link_to_each_other_in_their_language(self):
        original = create_case_study(title="Recruited through a fake job advert", language="en")
        thai = create_case_study(title="ถูกหลอกด้วยประกาศรับสมัครงานปลอม", language="th", translation_of=original)
        lao = create_case_study(title="ຖືກຫຼອກລວງດ້ວຍປະກາດວຽກປອມ", language="lo", translation_of=original)
        response = self.client.get(original.url)
        self.assertContains(response, f'<a href="{thai.url}" hreflang="th" lang="th">ถูกหลอกด้วยประกาศรับสมัครงานปลอม</a>')
        self.assertContains(response, 'hreflang="lo" lang="lo"')
        response = self.client.get(thai.url)
        self.assertContains(response, '<h1 lang="th">ถูกหลอกด้วยประกาศรับสมัครงานปลอม</h1>')
        self.assertContains(response, f'<a href="{original.url}" hreflang="en" lang="en">')
        self.assertContains(response, f'<a href="{lao.url}" hreflang="lo" lang="lo">')

    def test_restricted_translation_is_not_offered(self):
        group = Group.objects.create(name="Investigators")
        original = create_case_study(title="Original case", language="en")
        secret = create_case_study(title="Khmer translation", language="km", translation_of=original)
        restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(group)
        self.assertNotContains(self.client.get(original.url), "Khmer translation")


class CaseStudyWeightTests(WagtailPageTestCase):
    def test_a_case_study_without_images_transfers_under_60_kb_with_its_css(self):
        paragraph = "<p>" + "The broker offered well-paid factory work across the border. " * 12 + "</p>"
        page = create_case_study(
            title="ການຄ້າມະນຸດຜ່ານນາຍໜ້າແຕ່ງງານ",
            language="lo",
            crimes=["forced-marriage"],
            tags=["marriage", "broker"],
            border_area="Bokeo province",
            modus_operandi=paragraph,
            detection=paragraph,
            investigation_steps=paragraph,
            cooperation=paragraph,
            victim_support=paragraph,
            lessons_learned=paragraph,
        )
        response = self.client.get(page.url)
        html = response.content
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode())
        css = sum(len(b"".join(self.client.get(href).streaming_content)) for href in stylesheets)
        self.assertNotIn(b"<script", html)
        self.assertNotIn(b"<img", html)
        self.assertNotRegex(html.decode(), r'(src|href)="https?://(?!example\.org)')  # no external resource
        self.assertLess(len(html) + css, 60 * 1024)
        self.assertContains(response, '<p class="lead" lang="lo">')
        self.assertContains(response, "Illustrative, anonymized.")


class PreviewTests(WagtailPageTestCase):
    def setUp(self):
        self.admin = create_admin()
        self.client.force_login(self.admin, "django.contrib.auth.backends.ModelBackend")

    def test_a_saved_case_study_can_be_previewed(self):
        page = create_case_study(title="Case to preview")
        data = case_study_form_data(slug=page.slug, title="Case to preview, changed")
        self.assertPageIsPreviewable(page, post_data=data, user=self.admin)

    def test_a_new_method_preview_lists_no_unrelated_case_studies(self):
        create_case_study(title="A case with no related method")
        url = reverse("wagtailadmin_pages:preview_on_add", args=["library", "methodpage", library_index().pk])
        response = self.client.post(url, method_form_data())
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(url)
        self.assertContains(response, "Screening returnees at the border")
        self.assertNotContains(response, "A case with no related method")
        self.assertNotContains(response, "Also in:")
