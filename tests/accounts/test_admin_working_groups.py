"""A working group's pages, images and documents are for its members in the Wagtail admin too (administrators aside).

An editor outside the group gets, on every admin URL that names the group's material, exactly what the same URL
gives for an id that does not exist; the group's editors work as usual.
"""

from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.models import TaskState, WorkflowState

from accounts.roles import ADMINISTRATOR, EDITOR
from library.models import LibraryDocument
from tests.factories.accounts import create_user, create_working_group, restrict_to_groups
from tests.factories.library import create_case_study, create_resource, library_index, pdf_with_text
from tests.library.test_media_access import create_image, image_body
from tests.library.test_pages import case_study_form_data

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
MISSING = 987654


def page_urls(page_id, revision_id):
    return [
        f"/admin/pages/{page_id}/edit/",
        f"/admin/pages/{page_id}/view_draft/",
        f"/admin/pages/{page_id}/edit/preview/",
        f"/admin/pages/{page_id}/revisions/",
        f"/admin/pages/{page_id}/revisions/{revision_id}/view/",
        f"/admin/pages/{page_id}/revisions/compare/earliest...latest/",
        f"/admin/pages/{page_id}/history/",
        f"/admin/pages/{page_id}/workflow_history/",
        f"/admin/pages/{page_id}/usage/",
        f"/admin/pages/{page_id}/delete/",
        f"/admin/pages/{page_id}/copy/",
        f"/admin/pages/{page_id}/move/",
        f"/admin/pages/{page_id}/unpublish/",
        f"/admin/pages/{page_id}/privacy/",
        f"/admin/pages/{page_id}/",
        f"/admin/choose-page/{page_id}/",
        f"/admin/api/main/pages/{page_id}/",
    ]


def image_urls(image_id):
    return [
        f"/admin/images/{image_id}/",
        f"/admin/images/{image_id}/delete/",
        f"/admin/images/usage/{image_id}/",
        f"/admin/images/{image_id}/preview/width-100/",
        f"/admin/images/{image_id}/generate_url/",
        f"/admin/images/chooser/{image_id}/",
    ]


def document_urls(document_id):
    return [
        f"/admin/documents/edit/{document_id}/",
        f"/admin/documents/delete/{document_id}/",
        f"/admin/documents/usage/{document_id}/",
        f"/admin/documents/chooser/{document_id}/",
    ]


class AdminWorkingGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cache.clear()
        cls.group = create_working_group("Plover liaison group")
        cls.image = create_image("Plover checkpoint map")
        cls.page = create_case_study(title="Plover compound raid", slug="plover-raid", body=image_body(cls.image))
        restrict_to_groups(cls.page, [cls.group])
        cls.page.title = "Plover compound raid, revised"
        cls.revision = cls.page.save_revision()
        cls.document = LibraryDocument.objects.create(
            title="Plover raid notes", file=ContentFile(pdf_with_text("Raid notes"), name="plover.pdf")
        )
        restrict_to_groups(create_resource(title="Plover notes page", document=cls.document), [cls.group])
        cls.public_image = create_image("Kestrel public map")
        create_case_study(title="Kestrel public case", body=image_body(cls.public_image))
        cls.outsider = create_user(EDITOR)
        cls.insider = create_user(EDITOR)
        cls.insider.groups.add(cls.group)
        cls.administrator = create_user(ADMINISTRATOR)

    def setUp(self):
        cache.clear()

    def sign_in(self, user):
        self.client.force_login(user, MODEL_BACKEND)

    def assert_like_missing(self, url, missing_url):
        withheld, missing = self.client.get(url), self.client.get(missing_url)
        self.assertEqual(withheld.status_code, missing.status_code, url)
        if withheld.status_code == 302:  # revisions/ sends any id on to history/, which answers 404
            self.assertEqual(self.client.get(withheld["Location"]).status_code, 404, url)
        else:
            self.assertEqual(withheld.status_code, 404, url)
        self.assert_nothing_of_the_group(withheld)

    def assert_nothing_of_the_group(self, response):
        for title in (self.page.title, "Plover compound raid", self.image.title, self.document.title):
            self.assertNotIn(title, response.content.decode())

    def test_editor_outside_the_group_gets_404_on_every_page_url_as_for_a_missing_page(self):
        self.sign_in(self.outsider)
        for url, missing in zip(page_urls(self.page.pk, self.revision.pk), page_urls(MISSING, MISSING), strict=True):
            with self.subTest(url=url):
                self.assert_like_missing(url, missing)

    def test_editor_outside_the_group_gets_404_for_its_images_and_documents(self):
        self.sign_in(self.outsider)
        pairs = [
            *zip(image_urls(self.image.pk), image_urls(MISSING), strict=True),
            *zip(document_urls(self.document.pk), document_urls(MISSING), strict=True),
        ]
        for url, missing in pairs:
            with self.subTest(url=url):
                self.assert_like_missing(url, missing)
        self.assertEqual(self.client.get(self.image.file.url).status_code, 404)
        self.assertEqual(self.client.get(self.document.url).status_code, 404)

    def test_editor_outside_the_group_finds_nothing_of_it_in_listings_search_and_choosers(self):
        self.sign_in(self.outsider)
        for url in (
            "/admin/pages/search/?q=Plover",
            f"/admin/pages/{library_index().pk}/",
            f"/admin/pages/{library_index().pk}/?q=Plover",
            "/admin/choose-page/search/?q=Plover",
            f"/admin/choose-page/{library_index().pk}/",
            "/admin/images/",
            "/admin/images/?q=Plover",
            "/admin/images/chooser/",
            "/admin/documents/",
            "/admin/documents/chooser/",
            "/admin/api/main/pages/?child_of=root",
            f"/admin/api/main/pages/?child_of={library_index().pk}",
            "/admin/reports/site-history/",
            "/admin/reports/aging-pages/",
            "/admin/reports/workflow/",
            "/admin/reports/page-types-usage/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_nothing_of_the_group(response)
        self.assertContains(self.client.get("/admin/images/"), "Kestrel public map")

    def test_editor_in_the_group_works_on_its_material(self):
        self.sign_in(self.insider)
        for url in [
            *[url for url in page_urls(self.page.pk, self.revision.pk)[:9] if not url.endswith("/revisions/")],
            *image_urls(self.image.pk)[:3],
            *document_urls(self.document.pk)[:1],
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertContains(self.client.get("/admin/pages/search/?q=Plover"), "Plover compound raid")
        self.assertContains(self.client.get("/admin/images/"), "Plover checkpoint map")
        self.assertContains(self.client.get("/admin/reports/site-history/"), "Plover compound raid")
        self.assertEqual(self.client.get(self.image.file.url).status_code, 200)

    def test_administrators_are_the_only_exception(self):
        self.sign_in(self.administrator)
        for url in (f"/admin/pages/{self.page.pk}/edit/", f"/admin/images/{self.image.pk}/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_editor_outside_the_group_cannot_save_or_publish_through_a_guessed_post(self):
        self.sign_in(self.outsider)
        response = self.client.post(f"/admin/pages/{self.page.pk}/edit/", {"title": "Taken over", "action-publish": 1})
        self.assertEqual(response.status_code, 404)
        self.page.refresh_from_db()
        self.assertEqual(self.page.title, "Plover compound raid")


class WorkingGroupReviewTests(TestCase):
    """A working group's case in review reaches the group's reviewers only, on the dashboard and in actions."""

    @classmethod
    def setUpTestData(cls):
        cls.group = create_working_group("Heron review group")
        cls.author = create_user(EDITOR)
        cls.insider = create_user(EDITOR)
        cls.outsider = create_user(EDITOR)
        for member in (cls.author, cls.insider):
            member.groups.add(cls.group)
        cls.page = create_case_study(title="Heron harbour case", slug="heron-harbour", publish=False)
        cls.page.owner = cls.author
        cls.page.save()
        restrict_to_groups(cls.page, [cls.group])

    def test_only_the_groups_reviewers_see_and_act_on_the_submission(self):
        self.client.force_login(self.author, MODEL_BACKEND)
        data = case_study_form_data(slug="heron-harbour", title="Heron harbour case")
        response = self.client.post(f"/admin/pages/{self.page.pk}/edit/", {**data, "action-submit": "submit"})
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.for_instance(self.page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        task_state = state.current_task_state
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn(self.insider.email, recipients)
        self.assertNotIn(self.outsider.email, recipients)
        task = task_state.task.specific
        approve = f"/admin/pages/workflow/action/{self.page.pk}/approve/{task_state.pk}/"

        self.client = self.client_class()  # another browser: no message left from the author's session
        self.client.force_login(self.outsider, MODEL_BACKEND)
        self.assertNotContains(self.client.get("/admin/"), "Heron harbour case")
        self.assertFalse(task.get_task_states_user_can_moderate(self.outsider).filter(pk=task_state.pk).exists())
        self.assertEqual(task.get_actions(self.page, self.outsider), [])
        self.assertEqual(self.client.post(approve, {"comment": ""}).status_code, 404)
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)

        self.client = self.client_class()
        self.client.force_login(self.insider, MODEL_BACKEND)
        self.assertContains(self.client.get("/admin/"), "Heron harbour case")
        self.assertTrue(task.get_actions(self.page, self.insider))


class AdminBulkAndCollectionTests(TestCase):
    """Bulk actions skip a working group's pages like missing ids; a group's document collection is its own."""

    @classmethod
    def setUpTestData(cls):
        from wagtail.models import Collection, CollectionViewRestriction

        cls.group = create_working_group("Osprey liaison group")
        cls.page = create_case_study(title="Osprey river crossing", slug="osprey-crossing")
        restrict_to_groups(cls.page, [cls.group])
        collection = Collection.get_first_root_node().add_child(name="Osprey files")
        restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
        restriction.groups.set([cls.group])
        cls.document = LibraryDocument.objects.create(
            title="Osprey crossing log", collection=collection, file=ContentFile(pdf_with_text("x"), name="osprey.pdf")
        )
        cls.outsider = create_user(EDITOR)
        cls.insider = create_user(EDITOR)
        cls.insider.groups.add(cls.group)

    def test_a_bulk_action_treats_a_group_page_as_a_missing_id(self):
        self.client.force_login(self.outsider, MODEL_BACKEND)
        url = "/admin/bulk/wagtailcore/page/unpublish/?id={}"
        withheld, missing = self.client.get(url.format(self.page.pk)), self.client.get(url.format(MISSING))
        self.assertEqual(withheld.status_code, missing.status_code)
        self.assertNotContains(withheld, "Osprey river crossing", status_code=withheld.status_code)
        self.client.post(url.format(self.page.pk), {"include_descendants": False})
        self.page.refresh_from_db()
        self.assertTrue(self.page.live)

    def test_a_document_in_a_groups_collection_is_for_its_editors(self):
        self.client.force_login(self.outsider, MODEL_BACKEND)
        self.assertEqual(self.client.get(f"/admin/documents/edit/{self.document.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/admin/documents/"), "Osprey crossing log")
        self.client.force_login(self.insider, MODEL_BACKEND)
        self.assertEqual(self.client.get(f"/admin/documents/edit/{self.document.pk}/").status_code, 200)
