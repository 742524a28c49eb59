"""Khmer and Lao readers get the interface in their language: from the switcher, from the browser, in messages."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import dateformat, timezone, translation
from django.utils.formats import date_format

pytestmark = pytest.mark.django_db


def test_language_switcher_names_khmer_and_lao_in_their_own_script(client):
    html = client.get("/library/").content.decode()
    assert '<option value="km" lang="km">ភាសាខ្មែរ</option>' in html
    assert '<option value="lo" lang="lo">ພາສາລາວ</option>' in html
    assert ">Khmer<" not in html


@pytest.mark.parametrize(
    ("accept_language", "language", "translated"),
    [
        ("km-KH,km;q=0.9,en;q=0.5", "km", "ត្រងបណ្ណាល័យ"),
        # Django ships no Lao catalog: the site's own one is what makes the browser's preference count.
        ("lo-LA,lo;q=0.9,en;q=0.5", "lo", "ກັ່ນຕອງຫ້ອງສະໝຸດ"),
    ],
)
def test_a_browser_set_to_khmer_or_lao_gets_that_interface_without_the_switcher(
    client, accept_language, language, translated
):
    html = client.get("/library/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert f'<html lang="{language}"' in html
    assert translated in html
    assert "Filter the library" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("km", "'199x' មិនមែនជាឆ្នាំទេ (ប្រើលេខ 4 ខ្ទង់ ឧទាហរណ៍ 2023)"),
        ("lo", "'199x' ບໍ່ແມ່ນປີ (ໃຊ້ຕົວເລກ 4 ຫຼັກ, ຕົວຢ່າງ 2023)"),
    ],
    ids=["km", "lo"],
)
def test_a_bad_search_filter_is_explained_in_the_readers_language(client, language, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/search/", {"q": "fishing", "year": "199x"})
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "field"),
    [
        ("km", "ចុះឈ្មោះ", "ស្ថាប័ន"),
        ("lo", "ລົງທະບຽນ", "ໜ່ວຍງານ"),
    ],
)
def test_registration_form_labels_are_translated(client, language, heading, field):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/signup/").content.decode()
    assert f"<h1>{heading}</h1>" in html or f">{heading}</h1>" in html
    assert field in html
    assert ">Agency" not in html


@pytest.mark.parametrize(
    ("language", "required", "password_rule"),
    [
        ("km", "សូមបំពេញវាលនេះ។", "ពាក្យសម្ងាត់របស់អ្នកត្រូវមានយ៉ាងហោចណាស់ 12 តួអក្សរ។"),
        ("lo", "ກະລຸນາປ້ອນຂໍ້ມູນໃນຊ່ອງນີ້.", "ລະຫັດຜ່ານຂອງທ່ານຕ້ອງມີຢ່າງໜ້ອຍ 12 ຕົວອັກສອນ."),
    ],
)
def test_registration_errors_and_password_rules_come_in_the_readers_language(client, language, required, password_rule):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert password_rule in client.get("/accounts/signup/").content.decode()

    html = client.post("/accounts/signup/", {}).content.decode()
    assert required in html
    assert "This field is required." not in html


def test_lao_dates_and_forum_times_use_lao_month_names_and_words():
    """Django has no Lao catalog: month names and "3 hours ago" come from the site's."""
    moment = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    with translation.override("lo"):
        assert dateformat.format(moment, "j M Y") == "22 ພ.ຈ. 2026"
        assert naturaltime(timezone.now() - timedelta(hours=3)) == "3 ຊົ່ວໂມງທີ່ຜ່ານມາ"
    with translation.override("km"):
        assert (
            naturaltime(timezone.now() - timedelta(days=2)) == "2\xa0ថ្ងៃ មុន"
        )  # Django keeps a number and its unit together


def test_copied_django_strings_are_still_djangos():
    """site/frontline/django_messages.py copies Django's msgids; a Django upgrade that rewords one shows here."""
    django_root = Path(django.__file__).parent
    known = set()
    for catalog in ("conf/locale", "contrib/auth/locale", "contrib/humanize/locale"):
        known |= {
            (e.msgctxt or None, e.msgid) for e in polib.pofile(django_root / catalog / "en/LC_MESSAGES/django.po")
        }
    for language in ("km", "lo"):
        po = polib.pofile(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po")
        copied = [
            (e.msgctxt or None, e.msgid)
            for e in po
            if any(path.endswith("django_messages.py") for path, _ in e.occurrences)
        ]
        assert len(copied) > 60
        assert [message for message in copied if message not in known] == []


def test_lao_dates_read_day_month_year_with_a_24_hour_clock():
    moment = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
    with translation.override("lo"):
        assert date_format(moment, "DATETIME_FORMAT") == "22 ພະຈິກ 2026, 08:30"
        assert date_format(moment, "SHORT_DATE_FORMAT") == "22/11/2026"
    with translation.override("km"):  # Django's own Khmer formats still apply
        assert date_format(moment, "DATE_FORMAT") == "22 ខែ វិច្ឆិកា ឆ្នាំ 2026"
