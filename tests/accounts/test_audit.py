"""The audit log: what gets recorded, the administrators' view, filters and CSV export."""

import csv
import io

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.models import Collection, CollectionViewRestriction

from accounts import audit
from accounts.access.media import media_audience
from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, OFFICER, PARTICIPANT
from library.models import LibraryDocument
from tests.factories.accounts import create_user, create_working_group, restrict_to_groups, restrict_to_members
from tests.factories.library import create_case_study, create_resource, pdf_with_text


class RecordingTests(TestCase):
    def test_record_can_be_called_by_other_apps(self):
        officer = create_user(OFFICER)
        page = create_case_study()
        event = audit.record("forum_thread_exported", user=officer, obj=page, reason="court request")
        self.assertEqual(
            (event.username, event.object_type, event.data),
            (officer.email, "library.casestudypage", {"reason": "court request"}),
        )

    def test_group_changes_are_recorded_from_both_sides(self):
        member = create_user(PARTICIPANT)
        group = create_working_group("Trafficking task force")
        AuditEvent.objects.all().delete()
        member.groups.add(group)
        group.user_set.remove(member)
        events = list(AuditEvent.objects.filter(event="groups_changed").order_by("pk"))
        self.assertEqual(
            [(e.data["change"], e.data["group"], e.data["member"]) for e in events],
            [("added", group.name, member.email), ("removed", group.name, member.email)],
        )

    def test_restriction_changes_are_recorded(self):
        page = create_case_study()
        group = Group.objects.create(name="Investigators")
        restriction = restrict_to_groups(page, [group])
        restriction.delete()
        events = AuditEvent.objects.filter(event__startswith="restriction_").order_by("pk")
        self.assertEqual(events.first().event, "restriction_changed")
        self.assertIn(["Investigators"], [e.data.get("groups") for e in events])
        self.assertEqual(events.last().event, "restriction_removed")

    def test_views_of_restricted_pages_are_recorded_and_public_ones_are_not(self):
        public = create_case_study(title="Open")
        private = create_case_study(title="Closed")
        restrict_to_members(private)
        reader = create_user(PARTICIPANT)
        self.client.force_login(reader)
        self.client.get(public.url)
        self.client.get(private.url)
        views = AuditEvent.objects.filter(event="restricted_view")
        self.assertEqual([(e.user, e.object_id) for e in views], [(reader, str(private.pk))])

    def test_sign_in_and_sign_out_are_recorded(self):
        from tests.factories.accounts import PASSWORD

        reader = create_user(PARTICIPANT)
        self.client.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
        self.client.post("/accounts/logout/")
        self.assertEqual(
            list(
                AuditEvent.objects.filter(user=reader, event__in=["sign_in", "sign_out"])
                .values_list("event", flat=True)
                .order_by("pk")
            ),
            ["sign_in", "sign_out"],
        )


class DocumentAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Collection.get_first_root_node()
        cls.private_collection = root.add_child(name="Members' files")
        CollectionViewRestriction.objects.create(collection=cls.private_collection, restriction_type="login")
        cls.private_doc = LibraryDocument.objects.create(
            title="Members checklist",
            collection=cls.private_collection,
            file=ContentFile(pdf_with_text("Members checklist"), name="members.pdf"),
        )
        cls.attached_doc = LibraryDocument.objects.create(
            title="Attached guide", file=ContentFile(pdf_with_text("Attached guide"), name="attached.pdf")
        )
        cls.resource = create_resource(title="Guide page", document=cls.attached_doc)
        cls.group = create_working_group("Liaison officers")
        restrict_to_groups(cls.resource, [cls.group])
        cls.public_doc = LibraryDocument.objects.create(
            title="Public leaflet", file=ContentFile(pdf_with_text("Public leaflet"), name="public.pdf")
        )
        create_resource(title="Leaflet page", document=cls.public_doc)

    def test_audiences_follow_collections_and_the_pages_that_use_a_document(self):
        self.assertEqual(media_audience(self.public_doc), (["public"], True))
        self.assertEqual(media_audience(self.private_doc), (["members"], False))
        self.assertEqual(media_audience(self.attached_doc), ([f"group:{self.group.pk}"], False))
        # A file no page uses, in an open collection: no reader's audience (its uploader and managers still may).
        unused = LibraryDocument.objects.create(
            title="Unused draft", file=ContentFile(pdf_with_text("Unused draft"), name="unused.pdf")
        )
        self.assertEqual(media_audience(unused), (["nobody"], False))

    def test_visitor_gets_not_found_with_a_sign_in_link(self):
        for document in (self.private_doc, self.attached_doc):
            response = self.client.get(document.url)
            self.assertContains(response, "/accounts/login/?next=", status_code=404)
        self.assertEqual(self.client.get(self.public_doc.url).status_code, 200)

    def test_pending_member_cannot_download_members_files(self):
        self.client.force_login(create_user(None, approved=False))
        self.assertEqual(self.client.get(self.private_doc.url).status_code, 404)

    def test_member_outside_the_group_cannot_download_the_attached_file(self):
        self.client.force_login(create_user(OFFICER))
        self.assertEqual(self.client.get(self.private_doc.url).status_code, 200)
        self.assertEqual(self.client.get(self.attached_doc.url).status_code, 404)

    def test_downloads_of_restricted_documents_are_recorded(self):
        member = create_user(PARTICIPANT)
        member.groups.add(self.group)
        self.client.force_login(member)
        self.assertEqual(self.client.get(self.attached_doc.url).status_code, 200)
        self.client.get(self.public_doc.url)
        downloads = AuditEvent.objects.filter(event="restricted_download")
        self.assertEqual([(e.user, e.object_id) for e in downloads], [(member, str(self.attached_doc.pk))])


class AuditLogViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = create_user(ADMINISTRATOR)
        cls.officer = create_user(OFFICER, email="officer-a@example.org")
        audit.record(audit.SIGN_IN_FAILED, username="=cmd|' /C calc'!A0")
        audit.record(audit.SIGN_IN, user=cls.officer)

    def test_only_administrators_open_it(self):
        for role in (EDITOR, FOCAL_POINT, OFFICER):
            with self.subTest(role=role):
                self.client.force_login(create_user(role))
                self.assertIn(self.client.get("/admin/audit-log/").status_code, (302, 403))
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/admin/audit-log/"), "Audit log")

    def test_filters_by_event_and_account(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/audit-log/", {"event": "sign_in", "user": "officer-a"})
        events = [event for event, _label in response.context["events"]]
        self.assertTrue(events)
        self.assertTrue(all(e.event == "sign_in" and "officer-a" in e.username for e in events))

    def test_bad_dates_are_explained(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/audit-log/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
        self.assertContains(response, "The start date is after the end date")
        response = self.client.get("/admin/audit-log/", {"date_from": "yesterday"})
        self.assertContains(response, "Enter a valid date")

    def test_csv_export_is_filtered_and_safe_for_spreadsheets(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/audit-log/", {"event": "sign_in_failed", "format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0][:3], ["time", "event", "account"])
        self.assertEqual({row[1] for row in rows[1:]}, {"sign_in_failed"})
        self.assertIn("'=cmd|' /C calc'!A0", [row[2] for row in rows[1:]])


class PrivacyDialogTests(TestCase):
    def test_editor_sees_the_audiences_explained_and_no_shared_password(self):
        editor = create_user(EDITOR)
        page = create_case_study()
        self.client.force_login(editor)
        response = self.client.get(f"/admin/pages/{page.pk}/privacy/")
        self.assertEqual(response.status_code, 200)
        html = response.json()["html"]
        self.assertIn("Officers only", html)
        self.assertIn("Members only", html)
        self.assertIn('value="login"', html)
        self.assertIn('value="groups"', html)
        self.assertNotIn('value="password"', html)

    def test_editor_sets_officers_only_through_the_dialog_and_it_is_logged(self):
        from accounts.access import page_audience
        from accounts.roles import officer_groups

        editor = create_user(EDITOR)
        page = create_case_study()
        self.client.force_login(editor)
        groups = list(officer_groups())
        response = self.client.post(
            f"/admin/pages/{page.pk}/privacy/",
            {"restriction_type": "groups", "groups": [group.pk for group in groups]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(page_audience(page), sorted(f"group:{group.pk}" for group in groups))
        events = AuditEvent.objects.filter(event="restriction_changed", user=editor)
        self.assertTrue(events.exists())

    def test_collection_restrictions_are_logged(self):
        root = Collection.get_first_root_node()
        collection = root.add_child(name="Evidence handling")
        restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
        restriction.delete()
        self.assertEqual(
            list(AuditEvent.objects.filter(object_type="wagtailcore.collection").values_list("event", flat=True)),
            ["restriction_removed", "restriction_changed"],
        )


class PurgeTests(TestCase):
    def test_purge_keeps_recent_events(self):
        from datetime import timedelta

        from django.core.management import CommandError, call_command
        from django.utils import timezone

        old = audit.record(audit.SIGN_IN_FAILED, username="old@example.org")
        AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
        recent = audit.record(audit.SIGN_IN_FAILED, username="recent@example.org")
        call_command("purge_audit_log", days=365, dry_run=True)
        self.assertTrue(AuditEvent.objects.filter(pk=old.pk).exists())
        call_command("purge_audit_log", days=365)
        self.assertEqual(list(AuditEvent.objects.values_list("pk", flat=True)), [recent.pk])
        with self.assertRaisesMessage(CommandError, "at least 30 days"):
            call_command("purge_audit_log", days=7)


class MemberListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = create_user(ADMINISTRATOR)
        cls.kh_officer = create_user(OFFICER, country_code="KH", email="kh-officer@example.org")
        cls.vn_pending = create_user(None, approved=False, country_code="VN", email="vn-pending@example.org")

    def test_administrator_filters_members(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/members/")
        self.assertContains(response, "kh-officer@example.org")
        self.assertContains(response, "vn-pending@example.org")
        response = self.client.get("/admin/members/", {"status": "pending"})
        self.assertNotContains(response, "kh-officer@example.org")
        self.assertContains(response, "vn-pending@example.org")
        response = self.client.get("/admin/members/", {"role": "officer", "q": "kh-"})
        self.assertContains(response, "kh-officer@example.org")
        self.assertNotContains(response, "vn-pending@example.org")
        response = self.client.get("/admin/members/", {"status": "bogus"})
        self.assertContains(response, "Select a valid choice")

    def test_menu_shows_administrator_screens_to_administrators_only(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/")
        for url in ("/admin/members/", "/admin/audit-log/", "/members/pending/", "/admin/invitations/"):
            self.assertContains(response, url)
        editor = create_user(EDITOR)
        self.client.force_login(editor)
        response = self.client.get("/admin/")
        self.assertNotContains(response, "/admin/members/")
        self.assertNotContains(response, "/admin/audit-log/")
        self.assertContains(response, "/admin/invitations/")
        self.assertIn(self.client.get("/admin/members/").status_code, (302, 403))
