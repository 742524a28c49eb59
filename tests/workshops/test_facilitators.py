"""The workshop editor's facilitators field: a search of approved members instead of a list of every user."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from accounts.roles import EDITOR, OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_workshop
from workshops.facilitators import FacilitatorsField
from workshops.models import WorkshopPage


class FacilitatorSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.somchai = create_user(OFFICER, name="Somchai Wongsakul", email="somchai@police.go.th")
        cls.pending = create_user(OFFICER, approved=False, name="Somchai Pending")
        cls.crowd = [create_user(PARTICIPANT, name=f"Crowd{i} Person") for i in range(30)]
        cls.workshop = create_workshop(facilitators=[cls.somchai])

    def search(self, query):
        return self.client.get("/admin/workshops/members/", {"q": query})

    def test_editors_find_approved_members_by_name_or_email(self):
        self.client.force_login(self.editor)
        labels = [row["label"] for row in self.search("somchai").json()["results"]]
        self.assertEqual(labels, ["Somchai Wongsakul <somchai@police.go.th> · Thailand"])
        self.assertEqual(len(self.search("police.go.th wongsa").json()["results"]), 1)
        self.assertEqual(self.search("s").json()["results"], [])  # two letters at least
        self.assertEqual(len(self.search("crowd").json()["results"]), 20)  # at most 20 a search

    def test_people_who_do_not_edit_workshops_cannot_search_members(self):
        self.client.force_login(self.crowd[0])
        self.assertIn(self.search("somchai").status_code, (302, 403))
        self.client.logout()
        self.assertEqual(self.search("somchai").status_code, 302)

    def test_the_editor_shows_the_chosen_facilitators_only_and_a_search_box(self):
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/pages/{self.workshop.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-member-chooser data-name="facilitators"')
        self.assertContains(response, f'name="facilitators" value="{self.somchai.pk}" checked')
        self.assertContains(response, "workshops/member-chooser.js")
        self.assertNotContains(response, "Crowd1")  # no list of every user

    def test_only_approved_members_can_be_chosen(self):
        field = FacilitatorsField()
        self.assertEqual(list(field.clean([str(self.somchai.pk)])), [self.somchai])
        with self.assertRaisesMessage(ValidationError, "is not an approved member"):
            field.clean([str(self.pending.pk)])
        with self.assertRaisesMessage(ValidationError, "is not an approved member"):
            field.clean([str(self.somchai.pk), "999999"])

    def test_the_page_form_uses_the_search_field(self):
        form_class = WorkshopPage.get_edit_handler().get_form_class()
        form = form_class(instance=self.workshop, for_user=self.editor)
        self.assertIsInstance(form.fields["facilitators"], FacilitatorsField)
        self.assertEqual(list(form.fields["facilitators"].widget.optgroups("facilitators", [])), [])
