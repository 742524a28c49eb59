from django.contrib.auth.models import AnonymousUser, Group
from django.test import TestCase
from wagtail.models import PageViewRestriction

from accounts.access import can_view_page, group_token, page_audience, reader_audience
from accounts.roles import GROUP_NAMES, OFFICER, PARTICIPANT, ROLES, ensure_roles, role_group, roles_of
from library.models import LibraryPage
from tests.factories.accounts import (
    create_user,
    create_working_group,
    restrict_to_groups,
    restrict_to_members,
    restrict_to_officers,
)
from tests.factories.library import create_case_study, create_method, library_index


class RolesTests(TestCase):
    def test_migration_created_every_role_group(self):
        self.assertEqual(set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values()), True)

    def test_ensure_roles_is_idempotent(self):
        before = Group.objects.count()
        ensure_roles()
        ensure_roles()
        self.assertEqual(Group.objects.count(), before)

    def test_editors_may_publish_in_the_library(self):
        editor = create_user("editor")
        index = library_index()
        self.assertTrue(editor.has_perm("wagtailadmin.access_admin"))
        self.assertTrue(index.permissions_for_user(editor).can_publish())
        self.assertTrue(index.permissions_for_user(editor).can_add_subpage())

    def test_officers_cannot_reach_the_wagtail_admin(self):
        self.assertFalse(create_user("officer").has_perm("wagtailadmin.access_admin"))

    def test_role_group_rejects_unknown_roles(self):
        with self.assertRaises(ValueError):
            role_group("captain")


class AudienceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.public = create_case_study(title="Open case")
        cls.members_only = create_case_study(title="Members case")
        restrict_to_members(cls.members_only)
        cls.officers_only = create_method(title="Officers method")
        restrict_to_officers(cls.officers_only)
        cls.group_user = create_user(PARTICIPANT)
        cls.working_group = create_working_group("Mekong liaison", cls.group_user)
        cls.group_only = create_case_study(title="Liaison case")
        restrict_to_groups(cls.group_only, [cls.working_group])

    def test_public_page_is_open_to_everyone(self):
        self.assertEqual(page_audience(self.public), ["public"])
        self.assertTrue(can_view_page(AnonymousUser(), self.public))

    def test_members_only_page_needs_the_members_token(self):
        self.assertEqual(page_audience(self.members_only), ["members"])

    def test_pending_member_holds_only_public(self):
        pending = create_user(OFFICER, approved=False)
        self.assertEqual(reader_audience(pending), {"public"})
        self.assertFalse(can_view_page(pending, self.members_only))
        self.assertNotIn(self.members_only.pk, LibraryPage.objects.visible_to(pending).values_list("pk", flat=True))

    def test_superuser_holds_every_group_token(self):
        admin = create_user("administrator")
        self.assertTrue({group_token(g) for g in Group.objects.all()} <= reader_audience(admin))
        self.assertTrue(can_view_page(admin, self.group_only))

    def test_joining_or_leaving_a_group_counts_at_once_for_the_same_user_object(self):
        # roles.group_memberships remembers a user's groups on the object for the request; a change forgets it.
        member = create_user(PARTICIPANT)
        group = Group.objects.create(name="Delta liaison")
        self.assertNotIn(group_token(group), reader_audience(member))
        member.groups.add(group)
        self.assertIn(group_token(group), reader_audience(member))
        member.groups.add(role_group(OFFICER))
        self.assertEqual(roles_of(member), [OFFICER, PARTICIPANT])
        member.groups.remove(group)
        self.assertNotIn(group_token(group), reader_audience(member))
        member.groups.clear()
        self.assertEqual(roles_of(member), [])

    def test_named_group_member_sees_group_page_but_not_officer_page(self):
        self.assertTrue(can_view_page(self.group_user, self.group_only))
        self.assertFalse(can_view_page(self.group_user, self.officers_only))
        self.assertTrue(can_view_page(self.group_user, self.members_only))

    def test_restrictions_on_ancestors_combine_conservatively(self):
        other = create_working_group("Other group", self.group_user)
        shared = create_working_group("Shared group")
        restrict_to_groups(library_index(), [self.working_group, shared])
        child = create_case_study(title="Nested")
        restrict_to_groups(child, [other, shared])
        self.assertEqual(page_audience(child), [group_token(shared)])
        # In one group of each restriction but not in the shared one: refused, here and in listings.
        self.assertFalse(can_view_page(self.group_user, child))
        visible = LibraryPage.objects.visible_to(self.group_user)
        self.assertNotIn(child.pk, visible.values_list("pk", flat=True))

    def test_password_restriction_is_a_token_nobody_holds(self):
        page = create_case_study(title="Password case")
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-words")
        admin = create_user("administrator")
        self.assertEqual(page_audience(page), ["nobody"])
        self.assertFalse(can_view_page(admin, page))

    def test_every_role_can_be_created(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.assertTrue(create_user(role).groups.filter(name=GROUP_NAMES[role]).exists())


class ServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.members_only = create_case_study(title="Members case")
        restrict_to_members(cls.members_only)

    def test_signed_out_reader_is_offered_sign_in_on_a_not_found_page(self):
        response = self.client.get(self.members_only.url)
        self.assertContains(response, "/accounts/login/?next=", status_code=404)
        self.assertNotContains(response, "Members case", status_code=404)

    def test_pending_member_cannot_open_members_page_by_url(self):
        self.client.force_login(create_user(PARTICIPANT, approved=False))
        response = self.client.get(self.members_only.url)
        self.assertContains(response, "awaiting approval", status_code=404)
        self.assertNotContains(response, "Members case", status_code=404)

    def test_approved_member_opens_members_page(self):
        self.client.force_login(create_user(PARTICIPANT))
        self.assertContains(self.client.get(self.members_only.url), "Members case")


class CommandTests(TestCase):
    def test_create_member_command_creates_an_approved_role_holder(self):
        from django.core.management import call_command

        from accounts.models import MemberStatus

        call_command("create_member", "chief@example.org", role="administrator", country="kh", no_password=True)
        user = Group.objects.get(name=GROUP_NAMES["administrator"]).user_set.get(email="chief@example.org")
        self.assertEqual(
            (user.is_superuser, user.member.status, user.member.country.code), (True, MemberStatus.APPROVED, "KH")
        )
        self.assertFalse(user.has_usable_password())

    def test_create_member_command_explains_bad_input(self):
        from django.core.management import CommandError, call_command

        with self.assertRaisesMessage(CommandError, "Unknown country 'XX'"):
            call_command("create_member", "x@example.org", role="officer", country="XX", no_password=True)
        create_user(OFFICER, email="taken@example.org")
        with self.assertRaisesMessage(CommandError, "already exists"):
            call_command("create_member", "TAKEN@example.org", role="officer", country="TH", no_password=True)
