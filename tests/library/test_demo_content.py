import io
import os
import re
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import TestCase
from pypdf import PdfReader
from wagtail.models import Page, PageViewRestriction, Revision

from accounts.roles import ROLES, requires_two_factor, roles_of
from accounts.twofactor import has_two_factor, totp_code
from insights.aggregates import Filters, Insights
from library.demo.loader import CONTENT_FILES, ILLUSTRATIVE_NOTICE, content_lines
from library.models import (
    CaseStudyPage,
    HomePage,
    LibraryDocument,
    LibraryPage,
    LibraryPageTag,
    MethodPage,
    ResourcePage,
    TagNames,
)

DEMO_PASSWORD = "demo-pass-for-tests-7Q!x"
User = get_user_model()


def load(**env):
    """Run the loader with the given environment and return what it printed."""
    out = io.StringIO()
    with mock.patch.dict(os.environ, env):
        call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    """Return counts and revision ids that any change to the demo content would alter."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "documents": LibraryDocument.objects.count(),
        "users": User.objects.count(),
        "latest_revisions": dict(Page.objects.values_list("pk", "latest_revision_id")),
        "passwords": dict(User.objects.values_list("email", "password")),
        "authenticators": list(Authenticator.objects.order_by("pk").values_list("pk", "user_id", "type")),
    }


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load(DEMO_PASSWORD=DEMO_PASSWORD)

    def test_creates_at_least_forty_pages_in_three_kinds(self):
        pages = LibraryPage.objects.filter(import_key__startswith="demo:")
        self.assertGreaterEqual(pages.count(), 40)
        self.assertEqual(pages.count(), sum(len(content_lines(name)) for name in CONTENT_FILES))
        self.assertGreaterEqual(CaseStudyPage.objects.count(), 20)
        self.assertGreaterEqual(MethodPage.objects.count(), 7)
        self.assertGreaterEqual(ResourcePage.objects.count(), 6)

    def test_most_pages_are_english_and_each_regional_language_has_six(self):
        counts = {code: LibraryPage.objects.filter(language=code).count() for code in ("en", "km", "lo", "th", "vi")}
        for code in ("km", "lo", "th", "vi"):
            self.assertGreaterEqual(counts[code], 6, code)
        self.assertGreater(counts["en"], sum(counts.values()) - counts["en"])

    def test_every_demo_tag_is_named_in_every_language_and_lao_readers_filter_by_lao_tags(self):
        used = LibraryPageTag.objects.values("tag_id").distinct()
        names = TagNames.objects.filter(tag_id__in=used)
        self.assertEqual(names.count(), used.count())
        self.assertEqual([entry.tag.name for entry in names if entry.missing_languages()], [])
        self.client.cookies["django_language"] = "lo"
        content = self.client.get("/library/").content.decode()
        self.assertIn("ການຈັດຫາທາງອອນລາຍ", content)
        self.assertNotIn("online recruitment", content)

    def test_regional_pages_are_written_in_their_own_script(self):
        scripts = {"km": "[\u1780-\u17ff]", "lo": "[\u0e80-\u0eff]", "th": "[\u0e00-\u0e7f]"}
        for page in LibraryPage.objects.filter(language__in=scripts).specific():
            text = " ".join(page.get_text_for_anonymity().values())
            self.assertGreater(len(re.findall(scripts[page.language], text)), 150, page.slug)
            self.assertRegex(page.title, scripts[page.language])

    def test_thai_text_uses_the_word_for_trafficking_inside_unspaced_phrases(self):
        text = " ".join(p.summary for p in LibraryPage.objects.filter(language="th"))
        self.assertRegex(text, r"[\u0e00-\u0e7f]+ค้ามนุษย์[\u0e00-\u0e7f]+")

    def test_vietnamese_text_has_full_diacritics(self):
        text = " ".join(p.summary for p in LibraryPage.objects.filter(language="vi"))
        self.assertIn("buôn bán người", text)
        self.assertIn("Trường hợp minh họa", text)

    def test_every_case_study_fills_every_field(self):
        for page in CaseStudyPage.objects.all():
            with self.subTest(page=page.slug):
                for name in (
                    "border_area",
                    "modus_operandi",
                    "detection",
                    "investigation_steps",
                    "cooperation",
                    "victim_support",
                    "lessons_learned",
                    "summary",
                ):
                    self.assertTrue(getattr(page, name).strip(), name)
                self.assertTrue(page.year)
                self.assertTrue(page.country_roles.exists())
                self.assertTrue(page.countries.exists())
                self.assertTrue(page.crime_types.exists())
                self.assertTrue(page.recruitment_channels.exists())
                self.assertTrue(page.related_methods.exists())
                self.assertTrue(page.tags.exists())
                self.assertTrue(len(page.sources))
                self.assertEqual(page.body[0].block_type, "paragraph")

    def test_case_studies_say_they_are_illustrative(self):
        labels = ("Illustrative case", "ករណីឧទាហរណ៍", "ກໍລະນີຕົວຢ່າງ", "กรณีตัวอย่าง", "Trường hợp minh họa")
        for page in CaseStudyPage.objects.all():
            text = page.summary + str(page.body.render_as_block())
            self.assertTrue(any(label in text for label in labels), page.slug)
        self.assertEqual(HomePage.objects.get().illustrative_notice, ILLUSTRATIVE_NOTICE)

    def test_translations_link_to_their_originals_in_another_language(self):
        translations = LibraryPage.objects.exclude(translation_of=None)
        self.assertGreaterEqual(translations.count(), 4)
        for page in translations:
            self.assertNotEqual(page.language, page.translation_of.language)
            self.assertIn(page.pk, [p.pk for p in page.translation_of.all_translations()])

    def test_online_recruitment_overtook_brokers_since_2021_on_the_thai_myanmar_border(self):
        insights = Insights(AnonymousUser(), Filters(border=["MM-TH"]))
        trend = {series["value"]: series for series in insights.trend("channel", {})["series"]}
        years = insights.years()
        online, brokers = ([cell.count for cell in trend[value]["cells"]] for value in ("social-media", "broker"))
        before = [year for year in years if int(year) < 2021]
        since = [index for index, year in enumerate(years) if int(year) >= 2021]
        self.assertTrue(before and sum(brokers[: len(before)]) > sum(online[: len(before)]))
        self.assertGreater(online[since[0]], brokers[since[0]])
        self.assertTrue(all(online[index] >= brokers[index] for index in since))
        # Two cases of 2021 were recruited through social media and a job advert: the year's number counts them once.
        totals = insights.trend("channel", {})["totals"]
        first = since[0]
        self.assertLess(totals[first], sum(series["cells"][first].count for series in trend.values()))
        # The 2021 bar in Thai opens exactly its case studies, each once.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
        cell = trend["social-media"]["cells"][since[0]]
        page = BeautifulSoup(self.client.get(cell.url).content, "html.parser")
        self.assertIn("border=MM-TH", cell.url)
        self.assertEqual(len(page.select(".card__title")), cell.count)

    def test_pages_are_published_through_revisions(self):
        for page in LibraryPage.objects.all():
            self.assertTrue(page.live)
            self.assertIsNotNone(page.latest_revision_id)
            self.assertEqual(page.live_revision_id, page.latest_revision_id)

    def test_contains_no_phone_numbers_or_email_addresses(self):
        phone = re.compile(r"\+?\d[\d .-]{7,}\d")
        email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
        for page in LibraryPage.objects.specific():
            for field, text in page.get_text_for_anonymity().items():
                self.assertIsNone(phone.search(text or ""), (page.slug, field))
                self.assertIsNone(email.search(text or ""), (page.slug, field))

    def test_anonymization_detector_finds_nothing_identifying(self):
        detector = pytest.importorskip("safety.detector")
        for page in LibraryPage.objects.specific():
            findings = {f: v for f, v in detector.scan_fields(page.get_text_for_anonymity()).items() if v}
            self.assertEqual(findings, {}, page.slug)

    def test_generated_documents_hold_their_text(self):
        resources = ResourcePage.objects.exclude(document=None)
        self.assertGreaterEqual(resources.count(), 5)
        self.assertTrue(ResourcePage.objects.exclude(link="").exists())
        for resource in resources:
            document = resource.document
            self.assertIn(document.file_extension, {"pdf", "docx"})
            self.assertTrue(document.extracted_text.strip())
            if document.file_extension == "pdf":
                with document.open_file() as handle:
                    text = PdfReader(handle).pages[0].extract_text()
                self.assertIn("checkpoint", text)

    def test_public_pages_render_for_anonymous_readers(self):
        for page in LibraryPage.objects.specific():
            response = self.client.get(page.url)
            if PageViewRestriction.objects.filter(page=page).exists():
                self.assertEqual(response.status_code, 404, page.slug)
            else:
                self.assertContains(response, page.title, msg_prefix=page.slug)

    def test_restricted_pages_are_hidden_from_readers_without_the_audience(self):
        restricted = set(PageViewRestriction.objects.values_list("page_id", flat=True))
        self.assertGreaterEqual(len(restricted), 6)
        kinds = set(PageViewRestriction.objects.values_list("restriction_type", flat=True))
        self.assertEqual(kinds, {PageViewRestriction.LOGIN, PageViewRestriction.GROUPS})

        def visible(email):
            user = User.objects.get(email=email) if email else AnonymousUser()
            return set(LibraryPage.objects.visible_to(user).values_list("pk", flat=True))

        everyone = set(LibraryPage.objects.live().values_list("pk", flat=True))
        anonymous = visible(None)
        participant = visible("participant@demo.frontline.invalid")
        officer = visible("officer@demo.frontline.invalid")
        applicant = visible("applicant@demo.frontline.invalid")
        self.assertEqual(anonymous & restricted, set())
        self.assertEqual(applicant, anonymous)
        self.assertTrue(anonymous < participant < officer)
        self.assertEqual(officer, everyone)

    def test_listing_counts_only_what_the_reader_may_open(self):
        response = self.client.get("/library/?country=LA&crime=forced-marriage")
        self.assertEqual(response.status_code, 200)
        listing = response.context["listing"]
        self.assertGreaterEqual(listing.total, 2)
        # A page and its translations are one entry: the listing counts translation groups (case studies, methods,
        # resources alike).
        visible = LibraryPage.objects.visible_to(AnonymousUser())
        entries = {page.translation_of_id or page.pk for page in visible}
        kinds = {type(page) for page in visible.specific() if page.translation_of_id}
        self.assertTrue({CaseStudyPage, MethodPage} <= kinds, kinds)
        self.assertLess(len(entries), visible.count())
        self.assertEqual(len(entries), self.client.get("/library/").context["listing"].total)

    def test_one_demo_member_per_role_plus_a_pending_applicant(self):
        members = User.objects.filter(email__endswith="@demo.frontline.invalid")
        held = [role for user in members for role in roles_of(user)]
        for role in ROLES:
            self.assertIn(role, held)
        applicant = members.get(email="applicant@demo.frontline.invalid")
        self.assertEqual(applicant.member.status, "pending")
        for user in members:
            self.assertTrue(user.check_password(DEMO_PASSWORD), user.email)

    def test_officers_and_above_have_an_authenticator_whose_secret_is_printed(self):
        for user in User.objects.filter(email__endswith="@demo.frontline.invalid"):
            with self.subTest(user=user.email):
                self.assertEqual(has_two_factor(user), requires_two_factor(user))
                line = next(line for line in self.output.splitlines() if user.email in line)
                if requires_two_factor(user):
                    secret = line.split()[-1]
                    self.assertRegex(secret, r"^[A-Z2-7]{16,}$")
                    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
                    self.assertTrue(TOTP(authenticator).validate_code(totp_code(secret)))
                else:
                    self.assertTrue(line.endswith(" -"), line)

    def test_prints_how_to_sign_in_as_each_member(self):
        for email in User.objects.filter(email__endswith="@demo.frontline.invalid").values_list("email", flat=True):
            self.assertRegex(self.output, rf"{re.escape(email)}\s+[\w ]+\s+{re.escape(DEMO_PASSWORD)}")

    def printed_accounts(self):
        """Return (email, role, password, country, language, key) for each row of the printed sign-in table."""
        rows = re.findall(
            r"^  (\S+@demo\.frontline\.invalid)\s+([a-z][a-z ]*?)\s{2,}(\S+)\s+([A-Z]{2}) ([a-z]{2})\s+(\S+)$",
            self.output,
            re.MULTILINE,
        )
        return [
            (email, role, password, country, language, None if key == "-" else key)
            for email, role, password, country, language, key in rows
        ]

    def test_one_officer_and_one_focal_point_per_country_each_in_their_language(self):
        accounts = self.printed_accounts()
        self.assertEqual(len(accounts), User.objects.filter(email__endswith="@demo.frontline.invalid").count())
        for role in ("officer", "focal point"):
            countries = {country: language for _e, r, _p, country, language, _k in accounts if r == role}
            self.assertEqual(countries, {"KH": "km", "LA": "lo", "TH": "th", "VN": "vi"}, role)
        for email, _role, _password, country, language, _key in accounts:
            member = User.objects.get(email=email).member
            self.assertEqual((member.country.code, member.ui_language), (country, language), email)
            self.assertTrue(member.agency, email)
        self.assertEqual(self.output.count("otpauth://totp/"), sum(1 for account in accounts if account[5]))

    def test_every_printed_account_signs_in_and_reaches_its_pages_in_its_language(self):
        from django.core.cache import cache

        landing = {
            "participant": ["/forum/"],
            "officer": ["/share/", "/forum/"],
            "moderator": ["/forum/moderation/"],
            "editor": ["/admin/"],
            "focal point": ["/members/pending/"],
            "administrator": ["/admin/", "/members/pending/"],
            "pending applicant": ["/members/profile/"],
        }
        accounts = self.printed_accounts()
        self.assertEqual({role for _e, role, *_rest in accounts}, set(landing))
        for email, role, password, _country, language, key in accounts:
            with self.subTest(email=email):
                cache.clear()  # allauth remembers used codes and sign-in attempts
                self.client.logout()
                response = self.client.post("/accounts/login/", {"login": email, "password": password})
                self.assertEqual(response.status_code, 302)
                if key:
                    self.assertEqual(response["Location"], "/accounts/2fa/authenticate/")
                    response = self.client.post(response["Location"], {"code": totp_code(key)})
                    self.assertEqual(response.status_code, 302)
                self.assertEqual(self.client.session["_auth_user_id"], str(User.objects.get(email=email).pk))
                self.assertEqual(response.cookies["django_language"].value, language)
                for path in landing[role]:
                    page = self.client.get(path)
                    self.assertEqual(page.status_code, 200, path)
                    self.assertContains(page, f'lang="{language}"', msg_prefix=path)
                if role == "pending applicant":
                    self.assertContains(page, 'class="notice')
        applicant = User.objects.get(email="applicant@demo.frontline.invalid")
        self.client.force_login(User.objects.get(email="focal-point-vn@demo.frontline.invalid"))
        self.assertContains(self.client.get("/members/pending/"), applicant.email)

    def test_every_demo_member_can_save_their_profile_as_it_is(self):
        for user in User.objects.filter(email__endswith="@demo.frontline.invalid"):
            with self.subTest(email=user.email):
                self.client.force_login(user)
                page = BeautifulSoup(self.client.get("/members/profile/").content, "html.parser")
                form = next(f for f in page.find_all("form") if f.find("input", {"name": "first_name"}))
                data = {}
                for field in form.find_all(["input", "select", "textarea"]):
                    name, kind = field.get("name"), field.get("type", "")
                    if not name or (kind in ("checkbox", "radio") and not field.has_attr("checked")):
                        continue
                    if field.name == "select":
                        chosen = field.find("option", selected=True)
                        data.setdefault(name, []).append(chosen["value"] if chosen else "")
                    elif field.name == "textarea":
                        data.setdefault(name, []).append(field.get_text())
                    else:
                        data.setdefault(name, []).append(field.get("value", ""))
                response = self.client.post(form.get("action") or "/members/profile/", data)
                self.assertEqual(response.status_code, 302, response.content.decode()[:2000])

    def test_second_run_changes_nothing(self):
        before = snapshot()
        output = load(DEMO_PASSWORD=DEMO_PASSWORD)
        self.assertEqual(snapshot(), before)
        self.assertIn("0 page(s) created", output)

    def test_generated_passwords_are_printed_once_and_can_be_reset(self):
        User.objects.filter(email="officer@demo.frontline.invalid").delete()
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("DEMO_PASSWORD", None)
            out = io.StringIO()
            call_command("load_demo_content", stdout=out)
            printed = re.search(r"officer@demo\.frontline\.invalid\s+officer\s+(\S+)", out.getvalue()).group(1)
            self.assertTrue(User.objects.get(email="officer@demo.frontline.invalid").check_password(printed))
            self.assertIn("(unchanged", out.getvalue())

            out = io.StringIO()
            call_command("load_demo_content", "--reset-passwords", stdout=out)
            new = re.search(r"participant@demo\.frontline\.invalid\s+participant\s+(\S+)", out.getvalue()).group(1)
            self.assertTrue(User.objects.get(email="participant@demo.frontline.invalid").check_password(new))

    def test_refuses_a_weak_demo_password_before_changing_anything(self):
        before = snapshot()
        with self.assertRaisesMessage(CommandError, "DEMO_PASSWORD"):
            load(DEMO_PASSWORD="short")
        self.assertEqual(snapshot(), before)
