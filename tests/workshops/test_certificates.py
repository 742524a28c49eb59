"""Certificates: eligibility, issuing and revoking, the PDF, the public verification page, access, the profile."""

import datetime
import io
import re
import shutil

import pypdfium2
import zxingcpp
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import formats, translation
from pypdf import PdfReader

from accounts.roles import OFFICER, PARTICIPANT
from library.storage import private_storage
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from workshops import certificate_codes, taking
from workshops.certificate_pdf import certificate_pdf
from workshops.certificates import standings
from workshops.demo.certificates import issue_demo_certificates
from workshops.demo.loader import load_workshops
from workshops.models import Attendance, Certificate, KnowledgeTest, TestItem, WorkshopPage


def squeeze(text):
    """Return text without whitespace: PDF text extraction puts spaces inside some Khmer words."""
    return re.sub(r"\s+", "", text)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def qr_payloads(content, scale=3):
    """Return the texts of the QR codes found on the PDF's first page, rasterised."""
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def khmer_date(value):
    with translation.override("km"):
        return formats.date_format(value, "DATE_FORMAT")


def visible_text(response):
    """Return the text of the page's main content, whitespace collapsed."""
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return " ".join(main.get_text(" ").split())


def post_test_with_scores(workshop, question_pairs, people_scores):
    """Open a post-test of the given questions and hand in each (user, number right) attempt."""
    test = KnowledgeTest.objects.create(workshop=workshop, phase="post", state="open")
    for position, question in enumerate(question_pairs):
        TestItem.objects.create(test=test, question=question, position=position)
    for user, right in people_scores:
        attempt = taking.start(test, user)
        for index, question in enumerate(question_pairs):
            choice = question.choices.get(is_correct=index < right)
            taking.save_answer(attempt, question, choice_ids=[choice.pk])
        taking.finish(attempt)
    return test


def attend(workshop, user, days):
    Attendance.objects.bulk_create([Attendance(workshop=workshop, user=user, day=day) for day in workshop.days[:days]])


class CertificateFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum()
        cls.questions = [
            create_question(curriculum, text=f"Q{number}", choices=[("Right", True), ("Wrong", False)])
            for number in range(4)
        ]
        cls.trainer = create_user(OFFICER, name="Malee Trainer")
        cls.workshop = create_workshop(
            title="Victim identification at the Laos–Thailand border",
            curriculum=curriculum,
            facilitators=[cls.trainer],
            start_date=datetime.date(2026, 3, 10),
            end_date=datetime.date(2026, 3, 12),
            province="Nong Khai",
            organisers="Regional border liaison programme",
        )
        cls.other_trainer = create_user(OFFICER, name="Other Trainer")
        cls.other_workshop = create_workshop(title="Workshop Bravo", slug="bravo", facilitators=[cls.other_trainer])

        def person(name, **fields):
            user = create_user(PARTICIPANT, name=name, **fields)
            user.groups.add(cls.workshop.cohort)
            return user

        cls.dara = person("សុខ ដារ៉ា", country_code="KH", ui_language="km", email="dara@example.org")
        cls.anan = person("Anan Chai", ui_language="th", email="anan@example.org")  # two days only
        cls.som = person("Som Low", ui_language="lo")  # scores 50 %
        cls.noy = person("Noy Absent", ui_language="lo")  # no post-test
        cls.nameless = person("", email="nameless@example.org")
        for user in (cls.dara, cls.som, cls.noy, cls.nameless):
            attend(cls.workshop, user, 3)
        attend(cls.workshop, cls.anan, 2)
        post_test_with_scores(
            cls.workshop, cls.questions, [(cls.dara, 4), (cls.anan, 4), (cls.som, 2), (cls.nameless, 4)]
        )

    def setUp(self):
        cache.clear()
        shutil.rmtree(settings.PRIVATE_MEDIA_ROOT / "certificates", ignore_errors=True)

    def issue_all(self, user=None, workshop=None):
        self.client.force_login(user or self.trainer)
        return self.client.post(f"/workshops/{(workshop or self.workshop).pk}/certificates/", {"action": "issue-all"})

    def certificate_of(self, user):
        return Certificate.objects.valid().get(workshop=self.workshop, user=user)


class CodeTests(TestCase):
    def test_codes_are_sixteen_unambiguous_characters_with_a_check_character(self):
        codes = {certificate_codes.new_code() for _ in range(200)}
        self.assertEqual(len(codes), 200)
        for code in codes:
            self.assertRegex(code, r"^[2-9A-HJKMNP-Z]{16}$")
            self.assertEqual(certificate_codes.normalize(code), code)

    def test_typed_codes_are_forgiven_case_spaces_and_dashes_but_not_typos(self):
        code = certificate_codes.new_code()
        shown = certificate_codes.format_code(code)
        self.assertRegex(shown, r"^\w{4}-\w{4}-\w{4}-\w{4}$")
        self.assertEqual(certificate_codes.normalize(" " + shown.lower().replace("-", " ") + " "), code)
        for position in range(16):
            for other in certificate_codes.ALPHABET:
                if other != code[position]:
                    self.assertIsNone(certificate_codes.normalize(code[:position] + other + code[position + 1 :]))
        for position in range(15):
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            if swapped != code:
                self.assertIsNone(certificate_codes.normalize(swapped))
        for junk in ("", "O" * 16, "I" * 16, "a" * 200, None, code[:-1], "\x00" * 16):
            self.assertIsNone(certificate_codes.normalize(junk))


class EligibilityTests(CertificateFixture):
    def eligible(self):
        self.workshop.refresh_from_db()
        return {row.user for row in standings(self.workshop) if row.eligible}

    def test_by_default_every_day_and_seventy_percent_and_a_name(self):
        self.assertEqual(self.workshop.certificate_min_score, 70)
        self.assertIsNone(self.workshop.certificate_min_days)
        self.assertEqual(self.eligible(), {self.dara})
        rows = {row.user: row for row in standings(self.workshop)}
        self.assertFalse(rows[self.anan].meets_attendance)
        self.assertEqual(rows[self.som].score, 50)
        self.assertFalse(rows[self.som].meets_score)
        self.assertIsNone(rows[self.noy].score)
        self.assertFalse(rows[self.nameless].has_name)

    def test_the_trainer_changes_the_rule_in_the_page_editor(self):
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(certificate_min_days=2)
        self.assertEqual(self.eligible(), {self.dara, self.anan})
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(certificate_min_score=None)
        self.assertEqual(self.eligible(), {self.dara, self.anan, self.som, self.noy})
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(certificate_min_days=0, certificate_min_score=50)
        self.assertEqual(self.eligible(), {self.dara, self.anan, self.som})

    def test_more_days_than_the_workshop_has_is_refused(self):
        self.workshop.certificate_min_days = 4
        with self.assertRaises(ValidationError) as caught:
            self.workshop.full_clean()
        self.assertIn("certificate_min_days", caught.exception.message_dict)
        self.workshop.certificate_min_days, self.workshop.certificate_min_score = 3, 101
        with self.assertRaises(ValidationError) as caught:
            self.workshop.full_clean()
        self.assertEqual(set(caught.exception.message_dict), {"certificate_min_score"})

    def test_the_page_editor_has_the_certificate_fields(self):
        admin = create_user("administrator", is_superuser=True)
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.workshop.pk}/edit/")
        self.assertContains(response, 'name="certificate_min_days"')
        self.assertContains(response, 'name="certificate_min_score"')


class IssueAndRevokeTests(CertificateFixture):
    def test_the_trainer_sees_who_is_eligible_and_issues_to_all_at_once(self):
        self.client.force_login(self.trainer)
        page = self.client.get(f"/workshops/{self.workshop.pk}/certificates/")
        self.assertContains(page, "Issue 1 certificate to the eligible participant")
        self.assertContains(page, "No name on their profile")
        self.assertEqual(page["Cache-Control"].count("private"), 1)
        response = self.issue_all()
        self.assertRedirects(response, f"/workshops/{self.workshop.pk}/certificates/", fetch_redirect_response=False)
        certificate = self.certificate_of(self.dara)
        self.assertEqual(Certificate.objects.count(), 1)
        self.assertEqual(certificate.name, "សុខ ដារ៉ា")
        self.assertEqual(certificate.workshop_title, self.workshop.title)
        self.assertEqual(certificate.issued_by, self.trainer)
        self.assertEqual(certificate_codes.normalize(certificate.code), certificate.code)
        # Issuing again gives nobody a second one.
        self.issue_all()
        self.assertEqual(Certificate.objects.count(), 1)
        self.assertContains(self.client.get(f"/workshops/{self.workshop.pk}/certificates/"), certificate.display_code)

    def test_the_worker_draws_the_pdf_into_private_storage(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        folder = settings.PRIVATE_MEDIA_ROOT / "certificates" / str(self.workshop.pk)
        stored = sorted(path.name for path in folder.iterdir())
        self.assertEqual(len(stored), 1)
        self.assertTrue(stored[0].startswith(f"{certificate.code}-km-"))
        self.assertFalse((settings.MEDIA_ROOT / "certificates").exists())

    def test_deleting_the_member_deletes_their_certificate_and_its_pdf(self):
        self.issue_all()
        folder = settings.PRIVATE_MEDIA_ROOT / "certificates" / str(self.workshop.pk)
        self.assertEqual(len(list(folder.iterdir())), 1)
        self.dara.delete()
        self.assertFalse(Certificate.objects.exists())
        self.assertEqual(list(folder.iterdir()), [])

    def test_revoking_needs_a_reason_and_the_code_then_reads_revoked(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        url = f"/workshops/{self.workshop.pk}/certificates/"
        response = self.client.post(url, {"action": "revoke", "certificate": certificate.pk, "reason": " "})
        self.assertContains(response, "Say why the certificate is revoked.", status_code=400)
        self.client.post(
            url, {"action": "revoke", "certificate": certificate.pk, "reason": "Signed in for a colleague"}
        )
        certificate.refresh_from_db()
        self.assertTrue(certificate.is_revoked)
        self.assertEqual(certificate.revoke_reason, "Signed in for a colleague")
        self.assertEqual(certificate.revoked_by, self.trainer)
        self.assertEqual(list(private_storage().listdir(f"certificates/{self.workshop.pk}")[1]), [])
        self.assertContains(self.client.get(url), "Signed in for a colleague")
        # "Issue to all" leaves a revoked participant out; issuing to them alone gives a new code.
        self.issue_all()
        self.assertFalse(Certificate.objects.valid().exists())
        self.client.post(url, {"action": "issue", "user": self.dara.pk})
        renewed = self.certificate_of(self.dara)
        self.assertNotEqual(renewed.code, certificate.code)
        self.client.logout()
        revoked_page = self.client.get(f"/certificates/verify/{certificate.display_code}/")
        self.assertContains(revoked_page, "This certificate has been revoked")
        self.assertNotContains(revoked_page, "colleague")
        self.assertNotContains(revoked_page, "ដារ៉ា")

    def test_only_eligible_participants_can_be_issued_one(self):
        self.client.force_login(self.trainer)
        url = f"/workshops/{self.workshop.pk}/certificates/"
        for user in (self.som, self.anan, self.nameless, self.other_trainer):
            response = self.client.post(url, {"action": "issue", "user": user.pk})
            self.assertEqual(response.status_code, 400)
        for junk in ({"action": "issue", "user": "x"}, {"action": "revoke", "certificate": "x"}, {"action": "nope"}):
            self.assertEqual(self.client.post(url, junk).status_code, 400)
        self.assertFalse(Certificate.objects.exists())

    def test_not_before_the_last_day(self):
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(
            end_date=datetime.date.today() + datetime.timedelta(days=1)
        )
        response = self.issue_all()
        self.assertContains(response, "Certificates can be issued from the last day", status_code=400)
        self.assertFalse(Certificate.objects.exists())

    def test_a_trainer_of_workshop_b_cannot_see_issue_or_revoke_at_a(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        self.client.force_login(self.other_trainer)
        url = f"/workshops/{self.workshop.pk}/certificates/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"action": "issue-all"}).status_code, 404)
        self.assertEqual(
            self.client.post(url, {"action": "revoke", "certificate": certificate.pk, "reason": "x"}).status_code, 404
        )
        self.assertEqual(self.client.get(f"/certificates/{certificate.pk}/pdf/").status_code, 404)
        # Nor through their own workshop's page: a certificate of A is not found there.
        own = f"/workshops/{self.other_workshop.pk}/certificates/"
        response = self.client.post(own, {"action": "revoke", "certificate": certificate.pk, "reason": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.certificate_of(self.dara).is_revoked)
        self.assertEqual(self.client.post(own, {"action": "issue", "user": self.dara.pk}).status_code, 400)
        self.assertEqual(Certificate.objects.count(), 1)

    def test_participants_and_visitors_get_no_trainer_page(self):
        self.client.force_login(self.dara)
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/certificates/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/certificates/").status_code, 302)


class PdfTests(CertificateFixture):
    def test_the_khmer_certificate_carries_name_workshop_dates_place_organisers_code_and_qr(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        self.client.force_login(self.dara)
        response = self.client.get(f"/certificates/{certificate.pk}/pdf/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])
        content = b"".join(response.streaming_content)
        text = squeeze(pdf_text(content))
        for expected in (
            "សុខដារ៉ា",  # the name
            "វិញ្ញាបនបត្រ",  # "certificate" in Khmer: the participant's language
            squeeze(self.workshop.title),
            "NongKhai",
            "Regionalborderliaisonprogramme",
            certificate.display_code,
            khmer_date(self.workshop.start_date),
        ):
            self.assertIn(squeeze(expected), text)
        url = f"http://testserver/certificates/verify/{certificate.display_code}/"
        self.assertIn(url, text)
        self.assertEqual(qr_payloads(content), [url])
        # The supervisor scans it: the page confirms the certificate.
        self.client.logout()
        self.assertContains(self.client.get(url), "This certificate is valid")

    def test_each_participant_gets_their_own_interface_language(self):
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(certificate_min_days=2)
        self.issue_all()
        certificate = self.certificate_of(self.anan)
        self.client.force_login(self.anan)
        content = b"".join(self.client.get(f"/certificates/{certificate.pk}/pdf/").streaming_content)
        text = squeeze(pdf_text(content))
        self.assertIn("AnanChai", text)
        self.assertIn("มีนาคม", text)  # March, in Thai
        # The trainer downloads it in the participant's language too.
        self.client.force_login(self.trainer)
        response = self.client.get(f"/certificates/{certificate.pk}/pdf/")
        self.assertTrue(response["Content-Disposition"].endswith('-th.pdf"'))

    def test_nobody_else_gets_the_pdf_by_url(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        url = f"/certificates/{certificate.pk}/pdf/"
        self.client.force_login(self.anan)  # a participant of the same workshop
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.client.force_login(self.trainer)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(f"/certificates/{certificate.pk + 1000}/pdf/").status_code, 404)
        self.assertEqual(self.client.post(url).status_code, 405)
        certificate.revoked_at = certificate.issued_at
        certificate.save()
        self.client.force_login(self.dara)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_drawn_pdf_is_kept_and_drawn_again_when_the_workshop_changes(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        first = certificate_pdf(certificate, "km")
        self.assertEqual(certificate_pdf(certificate, "km"), first)
        self.workshop.province = "Vientiane"
        self.workshop.save()
        certificate.workshop.refresh_from_db()
        second = certificate_pdf(certificate, "km")
        self.assertNotEqual(second, first)
        self.assertFalse(private_storage().exists(first))


class VerificationTests(CertificateFixture):
    def setUp(self):
        super().setUp()
        self.issue_all()
        self.certificate = self.certificate_of(self.dara)
        self.client.logout()

    def test_the_page_confirms_name_workshop_and_dates_and_nothing_else(self):
        response = self.client.get(f"/certificates/verify/{self.certificate.display_code}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("noindex", response["X-Robots-Tag"])
        soup = BeautifulSoup(response.content, "html.parser")
        facts = {
            dt.get_text(strip=True): dd.get_text(strip=True)
            for dt, dd in zip(soup.select("main dt"), soup.select("main dd"), strict=True)
        }
        self.assertEqual(
            facts,
            {
                "Name": "សុខ ដារ៉ា",
                "Workshop": "Victim identification at the Laos–Thailand border",
                "Dates": "10 March 2026 – 12 March 2026",
                "Verification code": self.certificate.display_code,
            },
        )
        text = visible_text(response)
        for secret in (
            "Nong Khai",
            "Thailand",
            "Cambodia",
            "Regional border",
            "dara@example.org",
            "100",
            "%",
            "Anan",
            "Malee",
            "Trainer",
        ):
            self.assertNotIn(secret, text.replace(self.workshop.title, ""))
        self.assertNotContains(response, self.workshop.url)

    def test_a_closed_workshop_shows_its_title_and_dates_only(self):
        self.workshop.unpublish()
        response = self.client.get(f"/certificates/verify/{self.certificate.display_code.lower()}/")
        self.assertContains(response, "This certificate is valid")
        self.assertContains(response, "Victim identification at the Laos–Thailand border")
        self.assertNotContains(response, "Nong Khai")
        self.assertNotContains(response, 'href="/workshops/')

    def test_the_form_takes_a_typed_code_without_javascript(self):
        page = self.client.get("/certificates/verify/")
        self.assertContains(page, 'name="code"')
        typed = " " + self.certificate.display_code.lower().replace("-", " ")
        response = self.client.get("/certificates/verify/", {"code": typed})
        self.assertRedirects(response, f"/certificates/verify/{self.certificate.display_code}/")
        response = self.client.get("/certificates/verify/", {"code": "ABCD"})
        self.assertContains(response, "This is not a valid certificate code", status_code=400)

    def test_unknown_and_nonsense_codes_get_a_clear_answer_and_never_an_error(self):
        payload = certificate_codes.new_code()
        while payload == self.certificate.code:
            payload = certificate_codes.new_code()
        response = self.client.get(f"/certificates/verify/{certificate_codes.format_code(payload)}/")
        self.assertContains(response, "No certificate has this code", status_code=404)
        for junk in (
            "x",
            "%00",
            "ញញញញ",
            "A" * 300,
            "..%2F..%2Fetc",
            "<script>alert(1)</script>",
            "O0O0-IIII-LLLL-1111",
        ):
            response = self.client.get(f"/certificates/verify/{junk}/")
            self.assertIn(response.status_code, (404,), junk)
            self.assertNotContains(response, "<script>alert", status_code=404)
        for junk in ("\x00", "ញ" * 500, "", "   "):
            self.assertIn(self.client.get("/certificates/verify/", {"code": junk}).status_code, (200, 400))

    @override_settings(CERTIFICATE_VERIFY_RATE_LIMITS={"lookup": "8/m/ip", "miss": "3/m/ip"})
    def test_guessing_codes_is_stopped_by_the_rate_limit(self):
        valid = f"/certificates/verify/{self.certificate.display_code}/"
        for _ in range(3):
            self.assertEqual(self.client.get(f"/certificates/verify/{certificate_codes.new_code()}/").status_code, 404)
        refused = self.client.get(valid)
        self.assertContains(refused, "Too many checks", status_code=429)
        self.assertNotContains(refused, "ដារ៉ា", status_code=429)
        # Another address is not held back.
        self.assertEqual(self.client.get(valid, REMOTE_ADDR="198.51.100.7").status_code, 200)

    @override_settings(CERTIFICATE_VERIFY_RATE_LIMITS={"lookup": "2/m/ip"})
    def test_every_lookup_counts_too(self):
        valid = f"/certificates/verify/{self.certificate.display_code}/"
        self.assertEqual(self.client.get(valid).status_code, 200)
        self.assertEqual(self.client.get(valid).status_code, 200)
        self.assertEqual(self.client.get(valid).status_code, 429)

    def test_the_page_speaks_all_five_languages(self):
        url = f"/certificates/verify/{self.certificate.display_code}/"
        headings = set()
        for language in ("en", "km", "lo", "th", "vi"):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            heading = BeautifulSoup(response.content, "html.parser").select_one("#result-heading").get_text(strip=True)
            headings.add(heading)
        self.assertEqual(len(headings), 5)


class ProfileTests(CertificateFixture):
    def test_the_profile_lists_the_members_own_certificates_with_download_links(self):
        type(self.workshop).objects.filter(pk=self.workshop.pk).update(certificate_min_days=2)
        self.issue_all()
        mine, theirs = self.certificate_of(self.dara), self.certificate_of(self.anan)
        self.client.force_login(self.dara)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get("/members/profile/")
        self.assertContains(response, "Your certificates")
        self.assertContains(response, f'href="/certificates/{mine.pk}/pdf/"')
        self.assertContains(response, mine.display_code)
        self.assertNotContains(response, theirs.display_code)
        self.assertNotContains(response, f"/certificates/{theirs.pk}/pdf/")

    def test_a_revoked_certificate_shows_as_revoked_without_link_or_reason(self):
        self.issue_all()
        certificate = self.certificate_of(self.dara)
        self.client.post(
            f"/workshops/{self.workshop.pk}/certificates/",
            {"action": "revoke", "certificate": certificate.pk, "reason": "Wrong person"},
        )
        self.client.force_login(self.dara)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get("/members/profile/")
        self.assertContains(response, "revoked")
        self.assertNotContains(response, f"/certificates/{certificate.pk}/pdf/")
        self.assertNotContains(response, "Wrong person")

    def test_no_section_without_certificates(self):
        self.client.force_login(self.som)
        self.assertNotContains(self.client.get("/members/profile/"), "Your certificates")


class DemoCertificatesTests(TestCase):
    def test_the_past_demo_workshops_eligible_participants_have_certificates_and_loading_again_adds_none(self):
        load_workshops()
        issued = issue_demo_certificates()
        self.assertGreater(issued, 45)
        for workshop in WorkshopPage.objects.all():
            rows = standings(workshop)
            if workshop.is_upcoming:
                self.assertFalse(Certificate.objects.filter(workshop=workshop).exists())
                continue
            eligible = [row for row in rows if row.eligible]
            self.assertGreater(len(eligible), 15, workshop.title)
            self.assertTrue(all(row.valid_certificate for row in eligible))
            self.assertFalse(any(row.certificate for row in rows if not row.eligible))
            for row in eligible:
                self.assertEqual(row.certificate.issued_at.date(), workshop.end_date)
        self.assertEqual(issue_demo_certificates(), 0)
        self.assertEqual(Certificate.objects.count(), issued)
